"""Recording and verifying the audit chain.

``record`` runs inside the caller's write transaction, so a state change and its audit
entry commit (or roll back) together. The head row is locked first, which serialises
appends across processes on PostgreSQL (row lock) and SQLite (single writer).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from personvern.audit.entities import GENESIS, AuditEntry, VerifyResult
from personvern.audit.repository import AuditRepository
from personvern.clock import Clock
from personvern.db.database import Database


class AuditService:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock

    def record(
        self, session: Session, *, actor: str, action: str, target: str = "",
        details: dict[str, Any] | None = None,
    ) -> AuditEntry:
        repo = AuditRepository(session)
        head = repo.lock_head()
        unsigned = AuditEntry(
            id=head.last_id + 1, at=self.clock.now(), actor=actor, action=action, target=target,
            details=details or {}, prev_hash=head.last_hash,
        )
        entry = AuditEntry(**{**unsigned.__dict__, "hash": unsigned.compute_hash()})
        repo.append(head, entry)
        return entry

    def list(self, **filters: Any) -> list[AuditEntry]:
        with self.database.read() as session:
            return AuditRepository(session).list(**filters)

    def verify(self) -> VerifyResult:
        """Walks the chain; names the first entry that was altered, removed or inserted."""
        with self.database.read() as session:
            repo = AuditRepository(session)
            expected_id, prev = 1, GENESIS
            checked = 0
            for entry in repo.iterate():
                if entry.id != expected_id:
                    return VerifyResult(False, checked, expected_id, f"entry {expected_id} is missing")
                if entry.prev_hash != prev:
                    return VerifyResult(False, checked, entry.id, "its link to the previous entry is broken")
                if entry.compute_hash() != entry.hash:
                    return VerifyResult(False, checked, entry.id, "its content does not match its hash")
                prev, expected_id, checked = entry.hash, expected_id + 1, checked + 1
            last_id, last_hash = repo.head()
            if (last_id, last_hash) != (checked, prev):
                return VerifyResult(
                    False, checked, checked + 1 if last_id > checked else last_id,
                    "the chain's recorded tip does not match its last entry (entries removed at the end?)",
                )
            return VerifyResult(True, checked)
