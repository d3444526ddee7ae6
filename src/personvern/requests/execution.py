"""The resumable step runner.

A request's work is a list of named steps ("collect", "erase:nordlys:orders", ...). Each
step's state lives in ``request_steps``: before a step runs, its attempt is recorded; after
it has done its work, it is marked done in one transaction with its result, its checkpoint
and its audit entry. A worker killed at any moment leaves at most one step unfinished; the
next run skips every done step and repeats the unfinished one, whose work must therefore be
idempotent (the datamap's erasure and update operations are).

Only one process runs a request at a time: ``RequestLock`` holds a PostgreSQL advisory lock
or, on the embedded SQLite store, an exclusive file lock. Both vanish with the process that
held them, so a killed worker never blocks the resume.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.db.database import Database
from personvern.db.locks import DatabaseLocks
from personvern.errors import DomainError
from personvern.requests.entities import DataRequest, Step
from personvern.requests.repository import RequestRepository
from personvern.requests.sealing import Sealer

log = logging.getLogger("personvern.requests")



class ExecutionFailed(DomainError):
    """A step could not finish (a database unreachable, a row refused); the request can resume."""

    status_code = 503


@dataclass
class StepOutcome:
    result: dict[str, Any] = field(default_factory=dict)  # no personal data: it is audited
    checkpoint: Any = None  # sealed before it is stored


@dataclass(frozen=True)
class StepDef:
    key: str
    run: Callable[[StepContext], StepOutcome]


class StepContext:
    """What a step sees: its request, and the checkpoints of the steps before it."""

    def __init__(self, runner: StepRunner, request: DataRequest, key: str, attempt: int) -> None:
        self._runner = runner
        self.request = request
        self.key = key
        self.attempt = attempt

    def checkpoint(self, key: str) -> Any:
        return self._runner.checkpoint(self.request.id, key)


class StepRunner:
    def __init__(self, database: Database, audit: AuditService, clock: Clock, sealer: Sealer) -> None:
        self.database = database
        self.audit = audit
        self.clock = clock
        self.sealer = sealer
        self._checkpoints: dict[tuple[int, str], Any] = {}

    def run(self, request: DataRequest, steps: list[StepDef], *, actor: str) -> list[Step]:
        with self.database.write() as session:
            RequestRepository(session, self.sealer).ensure_steps(request.id, [s.key for s in steps])
        with self.database.read() as session:
            done = {s.key for s in RequestRepository(session, self.sealer).steps(request.id) if s.done}
        for step in steps:
            if step.key not in done:
                self._run_one(request, step, actor)
        with self.database.read() as session:
            return RequestRepository(session, self.sealer).steps(request.id)

    def checkpoint(self, request_id: int, key: str) -> Any:
        cache_key = (request_id, key)
        if cache_key not in self._checkpoints:
            with self.database.read() as session:
                self._checkpoints[cache_key] = RequestRepository(session, self.sealer).checkpoint(request_id, key)
        return self._checkpoints[cache_key]

    def _run_one(self, request: DataRequest, step: StepDef, actor: str) -> None:
        with self.database.write() as session:
            attempt = RequestRepository(session, self.sealer).start_step(request.id, step.key, self.clock.now())
            self.audit.record(
                session, actor=actor, action="request.step.started", target=request.target,
                details={"step": step.key, "attempt": attempt},
            )
        try:
            outcome = step.run(StepContext(self, request, step.key, attempt))
        except Exception as exc:
            reason = exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
            log.warning("request %s step %s failed (attempt %s): %s", request.id, step.key, attempt,
                        type(exc).__name__)
            with self.database.write() as session:
                RequestRepository(session, self.sealer).fail_step(request.id, step.key, reason)
                self.audit.record(
                    session, actor=actor, action="request.step.failed", target=request.target,
                    details={"step": step.key, "attempt": attempt, "error": type(exc).__name__},
                )
            if isinstance(exc, DomainError):
                raise
            raise ExecutionFailed(
                f"request {request.id}: step {step.key} failed ({reason}); run it again to resume"
            ) from exc
        with self.database.write() as session:
            RequestRepository(session, self.sealer).finish_step(
                request.id, step.key, self.clock.now(), result=outcome.result, checkpoint=outcome.checkpoint,
            )
            self.audit.record(
                session, actor=actor, action="request.step.done", target=request.target,
                details={"step": step.key, "attempt": attempt, **outcome.result},
            )


class RequestLock:
    """Only one runner per request, across processes and machines; freed when its holder dies
    (``personvern.db.locks``)."""

    def __init__(self, database: Database, lock_dir: Path) -> None:
        self.locks = DatabaseLocks(database, lock_dir)

    @contextmanager
    def hold(self, request_id: int) -> Iterator[None]:
        with self.locks.hold("request", request_id,
                             busy=f"request {request_id} is being executed by another worker right now"):
            yield
