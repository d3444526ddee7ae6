"""Tamper evidence for the consent log, without touching the audit chain per consent.

Appending to the audit chain serialises on one row, so consents do not go there one by
one. Instead:

1. Each record carries a *seal*, HMAC-SHA256 over its canonical content (``proof.py``):
   an edited record no longer matches its seal.
2. A *checkpoint* (hourly job ``consent.checkpoint``, or ``personvern consent checkpoint``)
   takes the records since the previous checkpoint, computes
   ``SHA-256(previous digest, id:seal, id:seal, ...)`` and appends one audit entry
   ``consent.checkpoint`` with the id range, the count and the digest. A record deleted or
   inserted later changes the digest of its range; a checkpoint row edited later no longer
   matches its audit entry; the audit chain itself is verified by ``personvern audit verify``.
3. ``integrity()`` (``personvern consent integrity``) checks all three.

A checkpoint only covers records older than ``GRACE`` (60 s): on PostgreSQL ids are
handed out before commit, so a young id range may still have a gap that is about to be
filled. Records newer than the last checkpoint are protected by their seals only, until
the next checkpoint. A range whose records were all erased by retention is reported as
retired, not as broken.
"""

from __future__ import annotations

from datetime import timedelta

from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.consent.entities import Checkpoint, IntegrityReport
from personvern.consent.proof import GENESIS_DIGEST, Signer, chain_digest, record_content
from personvern.consent.repository import ConsentRepository
from personvern.db.database import Database

GRACE = timedelta(seconds=60)
MAX_PROBLEMS = 100


class ConsentLedger:
    def __init__(self, database: Database, clock: Clock, audit: AuditService, record_signer: Signer) -> None:
        self.database = database
        self.clock = clock
        self.audit = audit
        self.record_signer = record_signer

    def checkpoint(self, *, actor: str, grace: timedelta = GRACE) -> Checkpoint | None:
        """Seals the records since the last checkpoint into the audit chain; None if none."""
        now = self.clock.now()
        with self.database.write() as session:
            repo = ConsentRepository(session)
            last = repo.last_checkpoint()
            first = last.last_record_id + 1 if last else 1
            upto = repo.max_id_recorded_before(now - grace)
            if upto is None or upto < first:
                return None
            previous = last.digest if last else GENESIS_DIGEST
            digest, count = chain_digest(previous, repo.seals(first, upto))
            if count == 0:
                return None
            entry = self.audit.record(
                session, actor=actor, action="consent.checkpoint", target=f"consent-records:{first}-{upto}",
                details={"first_record_id": first, "last_record_id": upto, "count": count,
                         "digest": digest, "previous_digest": previous},
            )
            values = {"at": now, "first_record_id": first, "last_record_id": upto, "count": count,
                      "digest": digest, "audit_entry_id": entry.id}
            checkpoint_id = repo.add_checkpoint(**values)
        return Checkpoint(id=checkpoint_id, **values)

    def integrity(self) -> IntegrityReport:
        """Checks every seal, every checkpoint digest and each checkpoint's audit entry."""
        problems: list[str] = []
        records = 0
        with self.database.read() as session:
            repo = ConsentRepository(session)
            for record in repo.iterate():
                records += 1
                if not self.record_signer.verify(record_content(record.as_row()), record.seal):
                    problems.append(f"record {record.id}: its content does not match its seal (altered)")
            checkpoints = repo.checkpoints()
            previous, covered = GENESIS_DIGEST, 0
            for checkpoint in checkpoints:
                problems.extend(self._check(repo, checkpoint, previous))
                previous, covered = checkpoint.digest, checkpoint.last_record_id
            unchecked = repo.count_after(covered)
        audited = {e.id: e for e in self.audit.list(action="consent.checkpoint", limit=10**9)}
        for checkpoint in checkpoints:
            entry = audited.get(checkpoint.audit_entry_id)
            if entry is None or entry.details.get("digest") != checkpoint.digest \
                    or entry.details.get("count") != checkpoint.count:
                problems.append(
                    f"checkpoint {checkpoint.id}: does not match audit entry {checkpoint.audit_entry_id}"
                )
        return IntegrityReport(
            ok=not problems, records=records, checkpoints=len(checkpoints),
            unchecked_records=unchecked, problems=problems[:MAX_PROBLEMS],
        )

    def _check(self, repo: ConsentRepository, checkpoint: Checkpoint, previous: str) -> list[str]:
        digest, count = chain_digest(previous, repo.seals(checkpoint.first_record_id, checkpoint.last_record_id))
        where = f"checkpoint {checkpoint.id} (records {checkpoint.first_record_id}-{checkpoint.last_record_id})"
        if count == 0:
            return []  # retired: every record of the range was erased by retention
        if count != checkpoint.count:
            return [f"{where}: {checkpoint.count} records were sealed, {count} are there now"]
        if digest != checkpoint.digest:
            return [f"{where}: the records differ from the ones sealed (digest mismatch)"]
        return []
