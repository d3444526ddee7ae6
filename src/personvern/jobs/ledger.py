"""The job ledger: what was queued, what runs, what failed, kept in personvern's own store.

Huey's signals feed it (enqueued in the process that queues, the rest in the consumer), so a
job that fails after its retries stays visible as failed — in `personvern jobs status`, in
`personvern requests show` and in the admin API — instead of vanishing from the queue."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from huey import Huey, signals
from huey.api import PeriodicTask, Task
from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from personvern.clock import Clock
from personvern.db.database import Database
from personvern.jobs.models import JobRow

log = logging.getLogger("personvern.jobs")

# What a queue that is briefly away raises: Redis' connection errors are OSErrors' cousins,
# SQLite's "unable to open" and "locked" are OperationalErrors.
QUEUE_DOWN: tuple[type[BaseException], ...] = (OSError, sqlite3.OperationalError, RedisError)

OPEN = ("unsent", "queued", "running", "retrying")
RETENTION = timedelta(days=30)  # finished jobs are forgotten after this; failed ones stay


@dataclass(frozen=True)
class Job:
    task_id: str
    name: str
    ref: int | None
    state: str
    attempts: int
    error: str
    queued_at: datetime
    updated_at: datetime

    def age(self, now: datetime) -> timedelta:
        return now - self.queued_at


def _job(row: JobRow) -> Job:
    return Job(row.task_id, row.name, row.ref, row.state, row.attempts, row.error, row.queued_at,
               row.updated_at)


def _ref(task: Task) -> int | None:
    first = task.args[0] if task.args else None
    return first if isinstance(first, int) and not isinstance(first, bool) and abs(first) < 2**31 else None


class JobLedger:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.db = database
        self.clock = clock

    def attach(self, huey: Huey) -> None:
        """Follow every task of ``huey`` through its signals."""
        huey.signal(signals.SIGNAL_ENQUEUED)(self._on("queued"))
        huey.signal(signals.SIGNAL_EXECUTING)(self._on("running", attempt=True))
        huey.signal(signals.SIGNAL_COMPLETE)(self._on("done"))
        huey.signal(signals.SIGNAL_RETRYING)(self._on("retrying"))
        huey.signal(signals.SIGNAL_ERROR)(self._on_error)
        for lost in (signals.SIGNAL_EXPIRED, signals.SIGNAL_REVOKED, signals.SIGNAL_CANCELED,
                     signals.SIGNAL_INTERRUPTED, signals.SIGNAL_TIMEOUT):
            huey.signal(lost)(self._on("failed", error=lost))

    def _on(self, state: str, *, attempt: bool = False, error: str = ""):  # type: ignore[no-untyped-def]
        def handler(signal: str, task: Task, *_args: object) -> None:
            self._record(task, state, attempt=attempt, error=error)

        return handler

    def _on_error(self, signal: str, task: Task, exc: BaseException | None = None) -> None:
        final = not task.retries
        self._record(task, "failed" if final else "retrying", error=type(exc).__name__ if exc else "error")
        if final:
            log.error("job %s (%s) failed after its retries: %s", task.name, task.id,
                      type(exc).__name__ if exc else "error")

    def _record(self, task: Task, state: str, *, attempt: bool = False, error: str = "") -> None:
        if isinstance(task, PeriodicTask) and state not in ("failed", "retrying"):
            return  # periodic sweeps run every few minutes: only their failures are worth a row
        now = self.clock.now()
        try:
            with self.db.write() as session:
                row = session.get(JobRow, task.id)
                if row is None:
                    row = JobRow(task_id=task.id, name=task.name[:100], ref=_ref(task), state=state,
                                 attempts=0, error="", queued_at=now, updated_at=now)
                    session.add(row)
                if state == "queued" and row.state not in ("queued", "unsent"):
                    return  # a retry is re-enqueued: it keeps its history
                row.state = state
                row.updated_at = now
                if attempt:
                    row.attempts += 1
                if error:
                    row.error = error[:200]
        except Exception:  # noqa: BLE001 - the ledger must never break the job itself
            log.exception("the job ledger could not record %s for job %s", state, task.id)

    def park(self, task: Task, payload: bytes, error: str) -> None:
        """The queue could not take the job: keep it here until `redispatch` can hand it over."""
        now = self.clock.now()
        with self.db.write() as session:
            row = session.get(JobRow, task.id)
            if row is None:
                row = JobRow(task_id=task.id, name=task.name[:100], ref=_ref(task), attempts=0,
                             queued_at=now)
                session.add(row)
            row.state, row.payload, row.error, row.updated_at = "unsent", payload, error[:200], now

    def redispatch(self, huey: Huey) -> int:
        """Hand parked jobs to the queue, oldest first; those it still refuses stay parked."""
        sent = 0
        try:
            with self.db.read() as session:
                parked = list(session.execute(select(JobRow.task_id, JobRow.payload)
                                              .where(JobRow.state == "unsent").order_by(JobRow.queued_at)))
        except SQLAlchemyError:  # a store not migrated yet has no ledger: nothing was parked
            return 0
        for task_id, payload in parked:
            try:
                huey.storage.enqueue(payload, None)
            except QUEUE_DOWN:
                break
            with self.db.write() as session:
                row = session.get(JobRow, task_id)
                if row is not None:
                    row.state, row.payload, row.updated_at = "queued", None, self.clock.now()
            sent += 1
        if sent:
            log.info("handed %d parked jobs to the queue", sent)
        return sent

    def jobs(self, states: tuple[str, ...] = OPEN + ("failed",), *, limit: int = 200) -> list[Job]:
        with self.db.read() as session:
            rows = session.scalars(select(JobRow).where(JobRow.state.in_(states))
                                   .order_by(JobRow.queued_at).limit(limit))
            return [_job(row) for row in rows]

    def for_ref(self, ref: int, names: tuple[str, ...]) -> list[Job]:
        with self.db.read() as session:
            rows = session.scalars(select(JobRow).where(JobRow.ref == ref, JobRow.name.in_(names))
                                   .order_by(JobRow.queued_at))
            return [_job(row) for row in rows]

    def counts(self) -> dict[str, int]:
        with self.db.read() as session:
            return dict(session.execute(select(JobRow.state, func.count()).group_by(JobRow.state)).all())

    def forget_finished(self) -> int:
        cutoff = self.clock.now() - RETENTION
        with self.db.write() as session:
            rows = session.scalars(select(JobRow).where(JobRow.state == "done", JobRow.updated_at < cutoff))
            found = list(rows)
            for row in found:
                session.delete(row)
            return len(found)
