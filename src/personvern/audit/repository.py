from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from personvern.audit.entities import GENESIS, AuditEntry
from personvern.audit.models import AuditEntryRow, AuditHeadRow


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def lock_head(self) -> AuditHeadRow:
        head = self.session.execute(
            select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
        ).scalar_one()
        return head

    def head(self) -> tuple[int, str]:
        head = self.session.get(AuditHeadRow, 1)
        return (0, GENESIS) if head is None else (head.last_id, head.last_hash)

    def append(self, head: AuditHeadRow, entry: AuditEntry) -> None:
        self.session.add(
            AuditEntryRow(
                id=entry.id, at=entry.at, actor=entry.actor, action=entry.action,
                target=entry.target, details=json.dumps(entry.details, sort_keys=True, default=str),
                prev_hash=entry.prev_hash, hash=entry.hash,
            )
        )
        head.last_id = entry.id
        head.last_hash = entry.hash
        self.session.flush()

    def hash_of(self, entry_id: int) -> str | None:
        return self.session.scalar(select(AuditEntryRow.hash).where(AuditEntryRow.id == entry_id))

    def iterate(self, batch: int = 1000) -> Iterator[AuditEntry]:
        last = 0
        while True:
            rows = self.session.execute(
                select(AuditEntryRow).where(AuditEntryRow.id > last).order_by(AuditEntryRow.id).limit(batch)
            ).scalars().all()
            if not rows:
                return
            for row in rows:
                yield _entity(row)
            last = rows[-1].id

    def list(
        self, *, action: str | None = None, target: str | None = None,
        since: datetime | None = None, limit: int = 100, before_id: int | None = None,
    ) -> list[AuditEntry]:
        query = select(AuditEntryRow).order_by(AuditEntryRow.id.desc()).limit(limit)
        if action:
            query = query.where(AuditEntryRow.action.like(action.replace("*", "%")))
        if target:
            query = query.where(AuditEntryRow.target == target)
        if since:
            query = query.where(AuditEntryRow.at >= since)
        if before_id:
            query = query.where(AuditEntryRow.id < before_id)
        return [_entity(row) for row in self.session.execute(query).scalars()]


def _entity(row: AuditEntryRow) -> AuditEntry:
    return AuditEntry(
        id=row.id, at=row.at, actor=row.actor, action=row.action, target=row.target,
        details=json.loads(row.details), prev_hash=row.prev_hash, hash=row.hash,
    )
