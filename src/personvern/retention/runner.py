"""Running sweeps in batches, resumable, and counting exactly once.

Per batch, in personvern's store and the company database:

1. the batch's keys to act on and its last key are written to the sweep's progress row
   (``pending``), in personvern's store;
2. the company database deletes / anonymises them in one short transaction;
3. the progress row records the counts and the last key, and clears ``pending``.

A run killed between 1 and 3 leaves ``pending``: the resumed run asks the company database
which of those keys still await their action, acts on those, and counts the others as done by
the killed attempt. Every row is acted on once, every row is counted once, and the keyset
(``last_key``) means nothing is scanned twice. A dry run (the plan) walks the same batches
and changes nothing.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.db.database import Database
from personvern.errors import DomainError
from personvern.retention.entities import (
    EXAMPLES,
    Key,
    Progress,
    Run,
    Sweep,
    SweepPlan,
    SweepProgress,
)
from personvern.retention.repository import RetentionRepository

log = logging.getLogger("personvern.retention")

ProgressFn = Callable[[Progress], None]
_QUOTED = re.compile(r"'[^']*'")
DONE_STATES = frozenset({"done", "skipped", "failed"})


def _ms(start: float) -> int:
    return int((time.monotonic() - start) * 1000)


def plan_sweep(sweep: Sweep, batch_size: int) -> SweepPlan:
    """What a run would do to this sweep right now (reads only)."""
    plan = SweepPlan(key=sweep.key, action=sweep.action, detail=sweep.detail(), blocked=sweep.blocked,
                     error=sweep.error)
    if sweep.blocked or sweep.error:
        return plan
    examples: list[Key] = []
    try:
        after: Key | None = None
        while True:
            batch = sweep.next_batch(after, batch_size, keys=len(examples) < EXAMPLES)
            if not batch.count:
                break
            plan.rows += batch.acting
            plan.skipped.update(batch.skipped)
            examples.extend((batch.act or [])[:EXAMPLES - len(examples)])
            after = batch.last
        plan.examples = sweep.examples(examples)  # type: ignore[attr-defined]
        if hasattr(sweep, "kept_by"):
            plan.kept_by = sweep.kept_by()
            plan.review_due = sweep.review_due()
    except (DomainError, SQLAlchemyError, OSError) as exc:
        plan.error = _reason(exc)
    return plan


class Runner:
    def __init__(self, database: Database, audit: AuditService, clock: Clock, *, actor: str,
                 progress: ProgressFn | None = None) -> None:
        self.database = database
        self.audit = audit
        self.clock = clock
        self.actor = actor
        self.progress = progress or (lambda _p: None)

    def execute(self, run: Run, sweeps: list[Sweep]) -> dict[str, Any]:
        with self.database.write() as session:
            RetentionRepository(session).ensure_sweeps(run.id, [(s.key, s.action, s.detail()) for s in sweeps])
        for sweep in sweeps:
            with self.database.read() as session:
                state = RetentionRepository(session).sweep(run.id, sweep.key)
            if state.state not in DONE_STATES:
                self._sweep(run, sweep, state)
        with self.database.read() as session:
            progress = RetentionRepository(session).sweeps(run.id)
        return totals(progress)

    def _sweep(self, run: Run, sweep: Sweep, state: SweepProgress) -> None:
        if sweep.blocked or sweep.error:
            outcome = "skipped" if sweep.blocked else "failed"
            reason = sweep.blocked or sweep.error or ""
            self._finish(run, sweep.key, outcome, error=reason, detail=sweep.detail())
            self.progress(Progress(sweep.key, sweep.action, 0, 0, 0, True, outcome, reason))
            return
        with self.database.write() as session:
            RetentionRepository(session).start_sweep(run.id, sweep.key, self.clock.now(), sweep.detail())
        affected, skipped, batches = state.affected, sum(state.skipped.values()), state.batches
        try:
            after = state.last_key
            if state.pending:
                after, done = self._recover(run, sweep, state.pending)
                affected += done
                batches += 1
            while True:
                started = time.monotonic()
                batch = sweep.next_batch(after, run.batch_size)
                if not batch.count:
                    break
                if batch.acting:
                    with self.database.write() as session:
                        RetentionRepository(session).set_pending(run.id, sweep.key, _pending(after, batch))
                locked = time.monotonic()
                if batch.act is None:
                    assert batch.last is not None
                    result = sweep.act_range(after, batch.last)  # type: ignore[attr-defined]
                else:
                    result = sweep.act(batch.act)
                lock_ms = _ms(locked)
                with self.database.write() as session:
                    RetentionRepository(session).record_batch(
                        run.id, sweep.key, last=batch.last, affected=result.affected, skipped=batch.skipped,
                        failed=result.failed, errors=result.errors, batch_ms=lock_ms,
                        elapsed_ms=_ms(started))
                affected += result.affected
                skipped += sum(batch.skipped.values())
                batches += 1
                after = batch.last
                self.progress(Progress(sweep.key, sweep.action, batches, affected, skipped))
        except (DomainError, SQLAlchemyError, OSError) as exc:
            reason = _reason(exc)
            log.warning("retention sweep %s failed: %s", sweep.key, type(exc).__name__)
            self._finish(run, sweep.key, "failed", error=reason)
            self.progress(Progress(sweep.key, sweep.action, batches, affected, skipped, True, "failed", reason))
            return
        done = self._finish(run, sweep.key, "done")
        self.progress(Progress(sweep.key, sweep.action, batches, done.affected,
                               sum(done.skipped.values()), True, "done"))

    def _recover(self, run: Run, sweep: Sweep, pending: dict[str, Any]) -> tuple[Key, int]:
        """Finish the batch a killed run left open; returns (its last key, rows it counts).

        The rows of the open batch that no longer await their action were done by the killed
        attempt (its transaction committed); the others are done now."""
        started = time.monotonic()
        last = tuple(pending.get("last") or ())
        if "keys" in pending:
            keys = [tuple(k) for k in pending["keys"]]
            left = sweep.remaining(keys) if keys else []
            done_before = len(keys) - len(left)
            result = sweep.act(left)
        else:  # a key range: acting on it again reaches exactly the rows still there
            after = tuple(pending["after"]) if pending.get("after") else None
            result = sweep.act_range(after, last)  # type: ignore[attr-defined]
            done_before = max(int(pending["count"]) - result.affected - result.failed, 0)
        with self.database.write() as session:
            RetentionRepository(session).record_batch(
                run.id, sweep.key, last=last or None, affected=done_before + result.affected,
                skipped=Counter(pending.get("skipped") or {}), failed=result.failed, errors=result.errors,
                batch_ms=_ms(started), elapsed_ms=_ms(started))
        log.info("retention sweep %s: finished an open batch (%s rows done before, %s now)",
                 sweep.key, done_before, result.affected)
        return last, done_before + result.affected

    def _finish(self, run: Run, key: str, state: str, *, error: str | None = None,
                detail: dict[str, Any] | None = None) -> SweepProgress:
        with self.database.write() as session:
            done = RetentionRepository(session).finish_sweep(run.id, key, state, self.clock.now(),
                                                            error=error, detail=detail)
            self.audit.record(
                session, actor=self.actor, action=f"retention.sweep.{state}", target=f"retention-run:{run.id}",
                details={"sweep": key, "action": done.action, "affected": done.affected,
                         "skipped": done.skipped, "failed": done.failed, "batches": done.batches,
                         **({"reason": error[:300]} if error else {})},
            )
        return done


def _pending(after: Key | None, batch: Any) -> dict[str, Any]:
    """What is about to be done, written down before it is done."""
    common = {"last": list(batch.last or ()), "skipped": dict(batch.skipped)}
    if batch.act is None:
        return {**common, "after": list(after) if after else None, "count": batch.count}
    return {**common, "keys": [list(k) for k in batch.act]}


def totals(progress: list[SweepProgress]) -> dict[str, Any]:
    skipped: Counter[str] = Counter()
    for p in progress:
        skipped.update(p.skipped)
    return {
        "affected": sum(p.affected for p in progress),
        "deleted": sum(p.affected for p in progress if p.action == "delete"),
        "anonymised": sum(p.affected for p in progress if p.action == "anonymise"),
        "skipped": dict(skipped), "failed_rows": sum(p.failed for p in progress),
        "sweeps": dict(Counter(p.state for p in progress)),
        "max_batch_ms": max((p.max_batch_ms for p in progress), default=0),
    }


def _reason(exc: BaseException) -> str:
    """A reason fit for the report: no row values (a database error may quote the value)."""
    if isinstance(exc, DomainError):
        return exc.message
    origin = getattr(exc, "orig", None) or exc
    line = next((part for part in str(origin).splitlines() if part.strip()), "")
    redacted = _QUOTED.sub("'…'", line)[:300]
    return f"{type(exc).__name__}: {redacted}"
