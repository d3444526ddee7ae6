"""Tables of the breach register. Only ``repository.py`` (and ``db/``) import this module.

``breaches`` holds the head of each breach (its newest facts, assessment and decision);
``breach_revisions`` holds every revision, append-only, each a frozen snapshot with who, when
and why (a report phase is a revision too). ``breach_recipients`` holds the people a notice goes
to: the address encrypted (AES-GCM) beside a keyed hash, and the state of that one mail.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from personvern.db.base import Base
from personvern.db.types import UTCDateTime


class BreachRow(Base):
    __tablename__ = "breaches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, index=True, doc="open | closed")
    aware_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    created_by: Mapped[str] = mapped_column(String(200), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    declaration_version_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    facts: Mapped[str] = mapped_column(Text, nullable=False, doc="JSON (BreachFacts)")
    assessment: Mapped[str | None] = mapped_column(Text, nullable=True, doc="JSON (Assessment)")
    decision: Mapped[str | None] = mapped_column(Text, nullable=True, doc="JSON (Decision)")
    authority_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    notices_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    notices_approved_by: Mapped[str | None] = mapped_column(String(200), nullable=True)


class BreachRevisionRow(Base):
    __tablename__ = "breach_revisions"
    __table_args__ = (UniqueConstraint("breach_id", "number", name="uq_breach_revisions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    actor: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False,
                                      doc="created | updated | assessed | decided | reported | notices")
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    phase: Mapped[str | None] = mapped_column(String(20), nullable=True, doc="initial | follow_up | final")
    snapshot: Mapped[str] = mapped_column(Text, nullable=False, doc="JSON: facts, assessment, decision")
    snapshot_hash: Mapped[str] = mapped_column(String(64), nullable=False)


class BreachRecipientRow(Base):
    __tablename__ = "breach_recipients"
    __table_args__ = (UniqueConstraint("breach_id", "address_hash", name="uq_breach_recipients_address"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id"), nullable=False, index=True)
    address_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    address_enc: Mapped[str] = mapped_column(Text, nullable=False, doc="AES-GCM, base64")
    language: Mapped[str] = mapped_column(String(5), nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, index=True,
                                       doc="pending | sending | sent | uncertain")
    message_id: Mapped[str] = mapped_column(String(200), nullable=False)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    delivered_to: Mapped[str | None] = mapped_column(String(300), nullable=True)


class BreachReminderRow(Base):
    __tablename__ = "breach_reminders"
    __table_args__ = (UniqueConstraint("breach_id", "key", name="uq_breach_reminders_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id"), nullable=False, index=True)
    key: Mapped[str] = mapped_column(String(100), nullable=False, doc="clock:hours-before")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
