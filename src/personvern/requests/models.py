"""Tables of the request store. Only ``repository.py`` (and ``db/``) import this module.

No column holds personal data in plain text: identities are stored AES-GCM encrypted
(``identity_enc``) beside a keyed hash (``identity_hash``) for look-ups; step checkpoints
that carry a person's rows are encrypted the same way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from personvern.db.base import Base
from personvern.db.types import UTCDateTime


class RequestRow(Base):
    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    identity_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    identity_enc: Mapped[str] = mapped_column(Text, nullable=False, doc="AES-GCM, base64")
    params_enc: Mapped[str] = mapped_column(Text, nullable=False, doc="AES-GCM, base64 (JSON)")
    language: Mapped[str] = mapped_column(String(5), nullable=False)
    declaration_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("declaration_versions.id"), nullable=True
    )
    source: Mapped[str] = mapped_column(String(20), nullable=False, doc="declaration | datasets")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    created_by: Mapped[str] = mapped_column(String(200), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    result: Mapped[str] = mapped_column(Text, nullable=False, default="{}", doc="JSON")


class RequestStepRow(Base):
    __tablename__ = "request_steps"
    __table_args__ = (UniqueConstraint("request_id", "key", name="uq_request_steps_request_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, index=True
    )
    key: Mapped[str] = mapped_column(String(300), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, doc="pending | running | done")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    checkpoint: Mapped[str] = mapped_column(Text, nullable=False, default="", doc="encrypted JSON")
    result: Mapped[str] = mapped_column(Text, nullable=False, default="{}", doc="JSON, no personal data")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SubjectFlagRow(Base):
    """A restriction (Art. 18) or an objection to one purpose (Art. 21) of one person."""

    __tablename__ = "subject_flags"
    __table_args__ = (Index("ix_subject_flags_subject_kind", "subject_hash", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, doc="restriction | objection")
    purpose: Mapped[str] = mapped_column(String(200), nullable=False, default="", doc="'' for restriction")
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lifted_by_request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), nullable=True)


class ExportPackageRow(Base):
    __tablename__ = "export_packages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    path: Mapped[str] = mapped_column(String(1000), nullable=False)
    nonce: Mapped[str] = mapped_column(String(24), nullable=False, doc="hex, 12 bytes")
    size: Mapped[int] = mapped_column(Integer, nullable=False, doc="plain zip size in bytes")
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, doc="of the plain zip")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    downloads: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
