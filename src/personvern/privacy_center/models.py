"""Tables of the privacy center. Only ``repository.py`` (and ``db/``) import this module.

No column holds personal data in plain text: what the person wrote is AES-GCM sealed,
identities are kept as keyed hashes (for duplicates and rate limits), verification codes
as keyed hashes that are deleted once used, client IP addresses only as keyed hashes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from personvern.db.base import Base
from personvern.db.types import UTCDateTime


class CaseRow(Base):
    """The workflow of one request made through the privacy center (beside ``requests``)."""

    __tablename__ = "pc_cases"
    __table_args__ = (Index("ix_pc_cases_identity_asked", "identity_hash", "asked"),)

    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    asked: Mapped[str] = mapped_column(String(20), nullable=False, doc="what the person chose")
    scope: Mapped[str] = mapped_column(String(64), nullable=False, default="", doc="'' or a processor activity")
    identity_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    language: Mapped[str] = mapped_column(String(5), nullable=False)
    details_enc: Mapped[str] = mapped_column(
        Text, nullable=False, default="",
        doc="AES-GCM, base64 (JSON): what the person wrote, the officer's reasons",
    )
    needs_review: Mapped[str] = mapped_column(String(200), nullable=False, default="", doc="why it waits")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    clock_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    due_on: Mapped[str | None] = mapped_column(String(10), nullable=True, doc="last day, ISO date")
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    extension_months: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    refusal: Mapped[str] = mapped_column(
        String(40), nullable=False, default="", doc="why refused: by_officer | identity_not_verified"
    )
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), nullable=True)
    reminders_sent: Mapped[str] = mapped_column(String(100), nullable=False, default="", doc="'7,2,overdue'")
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    notified_state: Mapped[str] = mapped_column(String(20), nullable=False, default="", doc="last state told")


class SubmissionRow(Base):
    """The one-time code of a submission; the hash is deleted once it has been used."""

    __tablename__ = "pc_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(43), nullable=False, unique=True, doc="random, in the URL")
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), nullable=False)
    code_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    state: Mapped[str] = mapped_column(String(20), nullable=False, doc="pending|verified|failed|expired")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class RateEventRow(Base):
    """One counted event (a submission, a code attempt) of one keyed-hashed IP or identity."""

    __tablename__ = "pc_rate_events"
    __table_args__ = (Index("ix_pc_rate_events_bucket_key_at", "bucket", "key_hash", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(40), nullable=False)
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
