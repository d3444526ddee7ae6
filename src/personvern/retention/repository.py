"""The only code that touches the retention tables.

It also reads two tables of the requests package, read-only: the active restriction and
objection flags (``subject_flags``), which the retention engine must honour.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session

from personvern.retention.entities import MAX_ERRORS, Hold, Key, Run, SweepProgress
from personvern.retention.guard import Objection
from personvern.retention.models import RetentionHoldRow, RetentionRunRow, RetentionSweepRow


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


class RetentionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- runs -------------------------------------------------------------------------
    def add_run(self, *, trigger: str, actor: str, now: datetime, batch_size: int,
                declaration_hash: str) -> Run:
        row = RetentionRunRow(state="running", trigger=trigger, actor=actor, started_at=now,
                              batch_size=batch_size, declaration_hash=declaration_hash, totals="{}")
        self.session.add(row)
        self.session.flush()
        return _run(row)

    def run(self, run_id: int) -> Run | None:
        row = self.session.get(RetentionRunRow, run_id)
        return None if row is None else _run(row)

    def unfinished_run(self) -> Run | None:
        row = self.session.execute(
            select(RetentionRunRow).where(RetentionRunRow.state == "running")
            .order_by(RetentionRunRow.id.desc()).limit(1)
        ).scalar_one_or_none()
        return None if row is None else _run(row)

    def runs(self, limit: int = 50) -> list[Run]:
        rows = self.session.execute(
            select(RetentionRunRow).order_by(RetentionRunRow.id.desc()).limit(limit)
        ).scalars()
        return [_run(r) for r in rows]

    def finish_run(self, run_id: int, state: str, now: datetime, totals: dict[str, Any],
                   error: str | None = None) -> None:
        self.session.execute(update(RetentionRunRow).where(RetentionRunRow.id == run_id).values(
            state=state, finished_at=now, totals=_json(totals), error=error))

    # --- sweeps -----------------------------------------------------------------------
    def ensure_sweeps(self, run_id: int, sweeps: list[tuple[str, str, dict[str, Any]]]) -> None:
        existing = set(self.session.execute(
            select(RetentionSweepRow.key).where(RetentionSweepRow.run_id == run_id)).scalars())
        for position, (key, action, detail) in enumerate(sweeps):
            if key in existing:
                continue
            self.session.add(RetentionSweepRow(
                run_id=run_id, key=key, position=position, action=action, state="pending",
                affected=0, skipped="{}", failed=0, batches=0, max_batch_ms=0, duration_ms=0,
                errors="[]", detail=_json(detail),
            ))
        self.session.flush()

    def sweeps(self, run_id: int) -> list[SweepProgress]:
        rows = self.session.execute(
            select(RetentionSweepRow).where(RetentionSweepRow.run_id == run_id)
            .order_by(RetentionSweepRow.position, RetentionSweepRow.id)
        ).scalars()
        return [_sweep(r) for r in rows]

    def sweep(self, run_id: int, key: str) -> SweepProgress:
        return _sweep(self._sweep_row(run_id, key))

    def start_sweep(self, run_id: int, key: str, now: datetime, detail: dict[str, Any]) -> None:
        row = self._sweep_row(run_id, key)
        row.state = "running"
        row.started_at = row.started_at or now
        row.detail = _json(detail)
        self.session.flush()

    def set_pending(self, run_id: int, key: str, pending: dict[str, Any]) -> None:
        self.session.execute(update(RetentionSweepRow).where(
            RetentionSweepRow.run_id == run_id, RetentionSweepRow.key == key).values(pending=_json(pending)))

    def record_batch(self, run_id: int, key: str, *, last: Key | None, affected: int,
                     skipped: Counter[str] | dict[str, int], failed: int, errors: list[str],
                     batch_ms: int, elapsed_ms: int) -> None:
        row = self._sweep_row(run_id, key)
        if last is not None:
            row.last_key = _json(list(last))
        row.pending = None
        row.affected += affected
        counts = Counter(json.loads(row.skipped or "{}"))
        counts.update({k: v for k, v in dict(skipped).items() if v})
        row.skipped = _json(dict(counts))
        row.failed += failed
        row.errors = _json((json.loads(row.errors or "[]") + errors)[:MAX_ERRORS])
        row.batches += 1
        row.max_batch_ms = max(row.max_batch_ms, batch_ms)
        row.duration_ms += elapsed_ms
        self.session.flush()

    def finish_sweep(self, run_id: int, key: str, state: str, now: datetime, *,
                     error: str | None = None, detail: dict[str, Any] | None = None) -> SweepProgress:
        row = self._sweep_row(run_id, key)
        row.state = state
        row.finished_at = now
        if error:
            row.errors = _json((json.loads(row.errors or "[]") + [error])[:MAX_ERRORS])
        if detail is not None:
            row.detail = _json(detail)
        self.session.flush()
        return _sweep(row)

    def _sweep_row(self, run_id: int, key: str) -> RetentionSweepRow:
        return self.session.execute(
            select(RetentionSweepRow).where(RetentionSweepRow.run_id == run_id, RetentionSweepRow.key == key)
        ).scalar_one()

    # --- holds ------------------------------------------------------------------------
    def add_hold(self, *, scope: str, target: str, identity_type: str | None, decision: str,
                 reason: str, actor: str, now: datetime) -> Hold:
        row = RetentionHoldRow(scope=scope, target=target, identity_type=identity_type,
                               decision=decision, reason=reason, set_by=actor, set_at=now)
        self.session.add(row)
        self.session.flush()
        return _hold(row)

    def active_hold(self, scope: str, target: str, decision: str) -> Hold | None:
        row = self.session.execute(
            select(RetentionHoldRow).where(
                RetentionHoldRow.scope == scope, RetentionHoldRow.target == target,
                RetentionHoldRow.decision == decision, RetentionHoldRow.lifted_at.is_(None),
            ).limit(1)
        ).scalar_one_or_none()
        return None if row is None else _hold(row)

    def hold(self, hold_id: int) -> Hold | None:
        row = self.session.get(RetentionHoldRow, hold_id)
        return None if row is None else _hold(row)

    def holds(self, *, active_only: bool = True) -> list[Hold]:
        query = select(RetentionHoldRow).order_by(RetentionHoldRow.id)
        if active_only:
            query = query.where(RetentionHoldRow.lifted_at.is_(None))
        return [_hold(r) for r in self.session.execute(query).scalars()]

    def lift_hold(self, hold_id: int, *, actor: str, reason: str, now: datetime) -> Hold:
        row = self.session.get(RetentionHoldRow, hold_id)
        assert row is not None
        row.lifted_at, row.lifted_by, row.lift_reason = now, actor, reason
        self.session.flush()
        return _hold(row)

    # --- the requests package's subject flags (read-only) --------------------------------
    def subject_flags(self) -> tuple[set[str], list[Objection]]:
        """Active restrictions (subject hashes) and objections, when the requests package is there."""
        from personvern.db.registry import metadata

        table = metadata.tables.get("subject_flags")
        if table is None or not inspect(self.session.connection()).has_table("subject_flags"):
            return set(), []
        restricted: set[str] = set()
        objections: list[Objection] = []
        rows = self.session.execute(
            select(table.c.subject_hash, table.c.kind, table.c.purpose, table.c.created_at)
            .where(table.c.lifted_at.is_(None))
        )
        for subject, kind, purpose, created_at in rows:
            if kind == "restriction":
                restricted.add(subject)
            elif kind == "objection":
                objections.append(Objection(subject, purpose, created_at))
        return restricted, objections


def _run(row: RetentionRunRow) -> Run:
    return Run(
        id=row.id, state=row.state, trigger=row.trigger, actor=row.actor, started_at=row.started_at,
        finished_at=row.finished_at, batch_size=row.batch_size, declaration_hash=row.declaration_hash,
        totals=json.loads(row.totals or "{}"), error=row.error,
    )


def _sweep(row: RetentionSweepRow) -> SweepProgress:
    return SweepProgress(
        run_id=row.run_id, key=row.key, position=row.position, action=row.action, state=row.state,
        last_key=tuple(json.loads(row.last_key)) if row.last_key else None,
        pending=json.loads(row.pending) if row.pending else None, affected=row.affected,
        skipped=json.loads(row.skipped or "{}"), failed=row.failed, batches=row.batches,
        max_batch_ms=row.max_batch_ms, duration_ms=row.duration_ms,
        errors=json.loads(row.errors or "[]"), detail=json.loads(row.detail or "{}"),
        started_at=row.started_at, finished_at=row.finished_at,
    )


def _hold(row: RetentionHoldRow) -> Hold:
    return Hold(
        id=row.id, scope=row.scope, target=row.target, identity_type=row.identity_type,
        decision=row.decision, reason=row.reason, set_by=row.set_by, set_at=row.set_at,
        lifted_at=row.lifted_at, lifted_by=row.lifted_by, lift_reason=row.lift_reason,
    )
