"""personvern's own store: SQLAlchemy engine, sessions, migrations."""

from personvern.db.base import Base
from personvern.db.database import Database

__all__ = ["Base", "Database"]
