"""Tables of the consent log. Records are append-only: nothing updates or deletes them
(except the retention sweep the declaration asks for)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from personvern.db.base import Base
from personvern.db.types import UTCDateTime

RecordId = BigInteger().with_variant(Integer(), "sqlite")


class ConsentRecordRow(Base):
    __tablename__ = "consent_records"
    __table_args__ = (Index("ix_consent_records_property_recorded_at", "property", "recorded_at"),)

    id: Mapped[int] = mapped_column(RecordId, primary_key=True, autoincrement=True)
    consent_id: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    property: Mapped[str] = mapped_column(String(255), nullable=False)
    page_url: Mapped[str] = mapped_column(String(2048), nullable=False)
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    declaration_version: Mapped[int] = mapped_column(Integer, nullable=False)
    banner_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    choices: Mapped[str] = mapped_column(Text, nullable=False, doc="Canonical JSON")
    method: Mapped[str] = mapped_column(String(16), nullable=False)
    gpc: Mapped[bool] = mapped_column(Boolean, nullable=False)
    ip: Mapped[str | None] = mapped_column(String(64), doc="Truncated: IPv4 /24, IPv6 /48")
    user_agent: Mapped[str] = mapped_column(String(512), nullable=False)
    seal: Mapped[str] = mapped_column(String(64), nullable=False, doc="HMAC over the content")


class ConsentCounterRow(Base):
    """Daily counters (impressions, decisions, withdrawals, granted:<category>) per property.

    Each writer adds to its own ``shard`` of a counter, so that concurrent writers (threads,
    processes) do not queue for one row lock; a count is the sum over its shards.
    """

    __tablename__ = "consent_counters"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    property: Mapped[str] = mapped_column(String(255), primary_key=True)
    metric: Mapped[str] = mapped_column(String(80), primary_key=True)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, nullable=False)


class ConsentBannerRow(Base):
    """The exact banner text a record's ``banner_hash`` names."""

    __tablename__ = "consent_banners"

    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    declaration_version: Mapped[int] = mapped_column(Integer, nullable=False)
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ConsentCheckpointRow(Base):
    __tablename__ = "consent_checkpoints"
    __table_args__ = (UniqueConstraint("first_record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    first_record_id: Mapped[int] = mapped_column(RecordId, nullable=False)
    last_record_id: Mapped[int] = mapped_column(RecordId, nullable=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    audit_entry_id: Mapped[int] = mapped_column(Integer, nullable=False)
