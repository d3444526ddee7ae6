"""Tables of the retention engine: runs, their per-sweep progress, and legal holds.

Only ``repository.py`` (and ``db/``) import this module. Nothing here holds personal data in
plain text: a hold on a person stores the keyed hash of an identity.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from personvern.db.base import Base
from personvern.db.types import UTCDateTime


class RetentionRunRow(Base):
    __tablename__ = "retention_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False, index=True,
                                       doc="running | finished | abandoned")
    trigger: Mapped[str] = mapped_column(String(20), nullable=False, doc="cli | api | schedule")
    actor: Mapped[str] = mapped_column(String(200), nullable=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False,
                                                 doc="The run's 'now': cutoffs are computed from it.")
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    batch_size: Mapped[int] = mapped_column(Integer, nullable=False)
    declaration_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    totals: Mapped[str] = mapped_column(Text, nullable=False, default="{}", doc="JSON")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class RetentionSweepRow(Base):
    """Progress of one sweep in one run: the last key done, and the batch in flight."""

    __tablename__ = "retention_sweeps"
    __table_args__ = (UniqueConstraint("run_id", "key", name="uq_retention_sweeps_run_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("retention_runs.id", ondelete="CASCADE"),
                                        nullable=False, index=True)
    key: Mapped[str] = mapped_column(String(300), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False,
                                       doc="pending | running | done | skipped | failed")
    last_key: Mapped[str | None] = mapped_column(Text, nullable=True, doc="JSON list")
    pending: Mapped[str | None] = mapped_column(Text, nullable=True,
                                                doc="JSON: the batch being acted on (keys, last key)")
    affected: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    skipped: Mapped[str] = mapped_column(Text, nullable=False, default="{}", doc="JSON reason -> rows")
    failed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    batches: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    max_batch_ms: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    duration_ms: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    errors: Mapped[str] = mapped_column(Text, nullable=False, default="[]", doc="JSON list")
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="{}", doc="JSON: rules, cutoffs")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class RetentionHoldRow(Base):
    __tablename__ = "retention_holds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(20), nullable=False, doc="person | dataset | activity")
    target: Mapped[str] = mapped_column(String(200), nullable=False, index=True,
                                        doc="Keyed hash of an identity, a dataset key or an activity key")
    identity_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    decision: Mapped[str] = mapped_column(String(20), nullable=False, doc="keep | release")
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    set_by: Mapped[str] = mapped_column(String(200), nullable=False)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lifted_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lift_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
