from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from personvern.db.base import Base
from personvern.db.types import UTCDateTime


class JobRow(Base):
    """One queued job and what became of it. ``ref`` is the job's first argument when it is a
    number (a request's or a run's id), never anything personal."""

    __tablename__ = "jobs_ledger"

    task_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    ref: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    payload: Mapped[bytes | None] = mapped_column(
        LargeBinary, nullable=True, doc="the serialized job, while the queue could not take it (unsent)"
    )
