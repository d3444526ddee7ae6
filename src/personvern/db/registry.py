"""Imports every package's ORM models, so Alembic sees the whole metadata."""

from personvern.db.base import Base

# One line per package with a models.py (import for the side effect of registering tables).
import personvern.accounts.models  # noqa: E402,F401
import personvern.audit.models  # noqa: E402,F401
import personvern.consent.models  # noqa: E402,F401
import personvern.declaration.models  # noqa: E402,F401
import personvern.requests.models  # noqa: E402,F401
import personvern.retention.models  # noqa: E402,F401
import personvern.privacy_center.models  # noqa: E402,F401
import personvern.db.storemeta  # noqa: E402,F401
import personvern.jobs.models  # noqa: E402,F401
import personvern.breaches.models  # noqa: E402,F401

metadata = Base.metadata
