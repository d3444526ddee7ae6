"""Recording and verifying the audit chain.

``record`` runs inside the caller's write transaction, so a state change and its audit
entry commit (or roll back) together. The head row is locked first, which serialises
appends across processes on PostgreSQL (row lock) and SQLite (single writer).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from personvern.audit.anchor import AuditAnchor
from personvern.audit.entities import GENESIS, AuditEntry, VerifyResult
from personvern.audit.repository import AuditRepository
from personvern.clock import Clock
from personvern.db.database import Database


class AuditService:
    def __init__(self, database: Database, clock: Clock, anchor: AuditAnchor | None = None) -> None:
        self.database = database
        self.clock = clock
        self.anchor = anchor

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
        if self.anchor is not None:
            self._anchor_after_commit(session, entry)
        return entry

    def _anchor_after_commit(self, session: Session, entry: AuditEntry) -> None:
        """Once the transaction commits, its newest entry becomes the anchored tip."""
        pending = session.info.setdefault("audit_tip", [])
        pending[:] = [entry]
        if not session.info.get("audit_anchor_listening"):
            session.info["audit_anchor_listening"] = True
            anchor = self.anchor
            assert anchor is not None

            def committed(done: Session) -> None:
                tip = done.info.pop("audit_tip", [])
                done.info.pop("audit_anchor_listening", None)
                if tip:
                    anchor.write(tip[0].id, tip[0].hash, self.clock.now())

            def rolled_back(done: Session, _transaction: object = None) -> None:
                done.info.pop("audit_tip", None)
                done.info.pop("audit_anchor_listening", None)

            event.listen(session, "after_commit", committed, once=True)
            event.listen(session, "after_soft_rollback", rolled_back, once=True)

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
        return self._against_anchor(checked)

    def _against_anchor(self, checked: int) -> VerifyResult:
        if self.anchor is None:
            return VerifyResult(True, checked, anchor="no anchor configured")
        point = self.anchor.read()
        if point is None:
            if checked:
                return VerifyResult(True, checked, anchor=f"no anchor file at {self.anchor.path} yet")
            return VerifyResult(True, 0, anchor="empty chain, nothing anchored yet")
        if point.id < 0 or not self.anchor.genuine(point):
            return VerifyResult(False, checked, None,
                                f"the anchor {self.anchor.path} is not genuine (altered, or made with another secret)")
        if point.id > checked:
            return VerifyResult(False, checked, checked + 1,
                                f"the anchor of {point.at} names entry {point.id}, but the chain ends at "
                                f"{checked}: entries were cut off its end")
        with self.database.read() as session:
            found = AuditRepository(session).hash_of(point.id)
        if found != point.hash:
            return VerifyResult(False, checked, point.id,
                                f"entry {point.id} differs from the anchor of {point.at}: the chain was rewritten")
        return VerifyResult(True, checked, anchor=f"its tip up to entry {point.id} matches the keyed anchor "
                                                   f"of {point.at} ({self.anchor.path})")
