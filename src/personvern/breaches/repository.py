"""The only code of the breach register that touches the ORM."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from personvern.breaches.decision import Decision
from personvern.breaches.entities import Breach, Recipient, Revision
from personvern.breaches.facts import BreachFacts
from personvern.breaches.models import BreachRecipientRow, BreachReminderRow, BreachRevisionRow, BreachRow
from personvern.breaches.severity import Assessment
from personvern.errors import NotFound


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _breach(row: BreachRow) -> Breach:
    return Breach(
        id=row.id, title=row.title, state=row.state, revision=row.revision, created_at=row.created_at,
        created_by=row.created_by, updated_at=row.updated_at, declaration_version_id=row.declaration_version_id,
        facts=BreachFacts.model_validate_json(row.facts),
        assessment=Assessment.model_validate_json(row.assessment) if row.assessment else None,
        decision=Decision.model_validate_json(row.decision) if row.decision else None,
        authority_notified_at=row.authority_notified_at, notices_approved_at=row.notices_approved_at,
        notices_approved_by=row.notices_approved_by,
    )


def _revision(row: BreachRevisionRow) -> Revision:
    return Revision(row.breach_id, row.number, row.at, row.actor, row.kind, row.reason, row.phase,
                    json.loads(row.snapshot), row.snapshot_hash)


class BreachRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- breaches -------------------------------------------------------------------------
    def add(self, facts: BreachFacts, *, actor: str, now: datetime, version_id: int | None) -> Breach:
        row = BreachRow(
            title=facts.title, state="open", aware_at=facts.aware_at, created_at=now, created_by=actor,
            updated_at=now, revision=0, declaration_version_id=version_id, facts=facts.model_dump_json(),
        )
        self.session.add(row)
        self.session.flush()
        return _breach(row)

    def _row(self, breach_id: int, *, lock: bool = False) -> BreachRow:
        query = select(BreachRow).where(BreachRow.id == breach_id)
        if lock:
            query = query.with_for_update()
        row = self.session.scalars(query).one_or_none()
        if row is None:
            raise NotFound(f"no breach {breach_id}")
        return row

    def get(self, breach_id: int, *, lock: bool = False) -> Breach:
        return _breach(self._row(breach_id, lock=lock))

    def list(self, *, state: str | None = None, limit: int = 500) -> list[Breach]:
        query = select(BreachRow).order_by(BreachRow.aware_at.desc(), BreachRow.id.desc()).limit(limit)
        if state:
            query = query.where(BreachRow.state == state)
        return [_breach(r) for r in self.session.scalars(query)]

    def save(self, breach: Breach, *, now: datetime) -> None:
        """Writes the head of a breach (its newest state); history lives in the revisions."""
        row = self._row(breach.id)
        row.title, row.state, row.aware_at = breach.facts.title, breach.state, breach.facts.aware_at
        row.updated_at, row.revision = now, breach.revision
        row.facts = breach.facts.model_dump_json()
        row.assessment = breach.assessment.model_dump_json() if breach.assessment else None
        row.decision = breach.decision.model_dump_json() if breach.decision else None
        row.authority_notified_at = breach.authority_notified_at
        row.notices_approved_at, row.notices_approved_by = breach.notices_approved_at, breach.notices_approved_by

    # --- revisions (append-only: there is no update and no delete) ---------------------------
    def append_revision(self, breach: Breach, *, actor: str, now: datetime, kind: str, reason: str,
                        phase: str | None = None) -> Revision:
        number = (self.session.scalar(
            select(func.max(BreachRevisionRow.number)).where(BreachRevisionRow.breach_id == breach.id)) or 0) + 1
        snapshot = _dumps(breach.snapshot())
        row = BreachRevisionRow(
            breach_id=breach.id, number=number, at=now, actor=actor, kind=kind, reason=reason, phase=phase,
            snapshot=snapshot, snapshot_hash=hashlib.sha256(snapshot.encode()).hexdigest(),
        )
        self.session.add(row)
        self.session.flush()
        return _revision(row)

    def revisions(self, breach_id: int) -> list[Revision]:
        query = select(BreachRevisionRow).where(BreachRevisionRow.breach_id == breach_id).order_by(
            BreachRevisionRow.number)
        return [_revision(r) for r in self.session.scalars(query)]

    # --- recipients ---------------------------------------------------------------------------
    def add_recipient(self, breach_id: int, address_hash: str, address_enc: str, language: str,
                      message_id: str, now: datetime) -> bool:
        exists = self.session.scalar(select(BreachRecipientRow.id).where(
            BreachRecipientRow.breach_id == breach_id, BreachRecipientRow.address_hash == address_hash))
        if exists is not None:
            return False
        self.session.add(BreachRecipientRow(
            breach_id=breach_id, address_hash=address_hash, address_enc=address_enc, language=language,
            state="pending", message_id=message_id, found_at=now))
        self.session.flush()
        return True

    def recipients(self, breach_id: int, opener: object, *, state: str | None = None) -> list[Recipient]:
        query = select(BreachRecipientRow).where(BreachRecipientRow.breach_id == breach_id).order_by(
            BreachRecipientRow.id)
        if state:
            query = query.where(BreachRecipientRow.state == state)
        open_ = getattr(opener, "open")
        return [Recipient(r.id, r.breach_id, r.address_hash, open_(r.address_enc), r.language, r.state,
                          r.message_id, r.sent_at) for r in self.session.scalars(query)]

    def recipient_counts(self, breach_id: int) -> dict[str, int]:
        query = select(BreachRecipientRow.state, func.count()).where(
            BreachRecipientRow.breach_id == breach_id).group_by(BreachRecipientRow.state)
        return {state: int(n) for state, n in self.session.execute(query)}

    def set_recipient_state(self, recipient_id: int, state: str, *, expect: str, now: datetime | None = None,
                            delivered_to: str | None = None) -> bool:
        """Moves one recipient from ``expect`` to ``state``; False when it was not in ``expect``."""
        row = self.session.scalars(select(BreachRecipientRow).where(
            BreachRecipientRow.id == recipient_id).with_for_update()).one()
        if row.state != expect:
            return False
        row.state = state
        if state == "sent":
            row.sent_at, row.delivered_to = now, delivered_to
        return True

    # --- reminders ----------------------------------------------------------------------------
    def reminder_sent(self, breach_id: int, key: str) -> bool:
        return self.session.scalar(select(BreachReminderRow.id).where(
            BreachReminderRow.breach_id == breach_id, BreachReminderRow.key == key)) is not None

    def add_reminder(self, breach_id: int, key: str, now: datetime) -> None:
        self.session.add(BreachReminderRow(breach_id=breach_id, key=key, sent_at=now))
        self.session.flush()
