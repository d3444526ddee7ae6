"""What the retention engine works with and reports, as plain dataclasses."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

Key = tuple[Any, ...]
Scope = Literal["person", "dataset", "activity"]
SCOPES: tuple[str, ...] = ("person", "dataset", "activity")
Decision = Literal["keep", "release"]
RUN_STATES = ("running", "finished", "abandoned")
SWEEP_STATES = ("pending", "running", "done", "skipped", "failed")
MAX_ERRORS = 20
EXAMPLES = 5


@dataclass(frozen=True)
class Hold:
    """A legal hold (``keep``: excluded from sweeps until lifted), or for a restricted person a
    ``release`` decision: their expired data may be swept despite the restriction."""

    id: int
    scope: str
    target: str  # subject hash (person), dataset key or activity key
    identity_type: str | None
    decision: str
    reason: str
    set_by: str
    set_at: datetime
    lifted_at: datetime | None = None
    lifted_by: str | None = None
    lift_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.lifted_at is None

    @property
    def label(self) -> str:
        if self.scope == "person":
            return f"person {self.identity_type}:{self.target[:12]}…"
        return f"{self.scope} {self.target}"


@dataclass
class Batch:
    """The next candidates of a sweep: ``count`` of them, up to the key ``last``.

    ``act`` lists the keys to delete / anonymise, or is None when the whole key range
    (previous last key, ``last``] is acted on (nothing in it to leave alone)."""

    count: int
    last: Key | None
    act: list[Key] | None
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> rows
    keys: list[Key] = field(default_factory=list)  # the candidates' keys, when they were read

    @property
    def acting(self) -> int:
        return self.count if self.act is None else len(self.act)


@dataclass
class ActResult:
    affected: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class Sweep(Protocol):
    """One sweep: a company collection or one of personvern's own tables."""

    key: str
    action: str

    @property
    def blocked(self) -> str | None: ...

    @property
    def error(self) -> str | None: ...

    def detail(self) -> dict[str, Any]: ...

    def next_batch(self, after: Key | None, size: int, *, keys: bool = False) -> Batch: ...

    def act(self, keys: list[Key]) -> ActResult: ...

    def remaining(self, keys: list[Key]) -> list[Key]: ...


@dataclass(frozen=True)
class Run:
    id: int
    state: str
    trigger: str
    actor: str
    started_at: datetime  # the run's "now": every cutoff is computed from it
    finished_at: datetime | None
    batch_size: int
    declaration_hash: str
    totals: dict[str, Any]
    error: str | None = None


@dataclass(frozen=True)
class SweepProgress:
    run_id: int
    key: str
    position: int
    action: str
    state: str
    last_key: Key | None
    pending: dict[str, Any] | None
    affected: int
    skipped: dict[str, int]
    failed: int
    batches: int
    max_batch_ms: int
    duration_ms: int
    errors: list[str]
    detail: dict[str, Any]
    started_at: datetime | None
    finished_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "action": self.action, "state": self.state, "affected": self.affected,
            "skipped": self.skipped, "failed": self.failed, "batches": self.batches,
            "duration_ms": self.duration_ms, "max_batch_ms": self.max_batch_ms, "errors": self.errors,
            "detail": self.detail,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


@dataclass
class SweepPlan:
    key: str
    action: str
    detail: dict[str, Any]
    blocked: str | None = None
    rows: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)
    kept_by: dict[str, int] = field(default_factory=dict)
    review_due: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "action": self.action, "rows": self.rows, "skipped": dict(self.skipped),
            "examples": self.examples, "blocked": self.blocked, "error": self.error,
            "kept_by": self.kept_by, "review_due": self.review_due, "detail": self.detail,
        }


@dataclass
class Plan:
    now: datetime
    declaration_hash: str
    sweeps: list[SweepPlan]

    def as_dict(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(), "today": self.now.date().isoformat(),
            "declaration_hash": self.declaration_hash,
            "rows": sum(s.rows for s in self.sweeps),
            "sweeps": [s.as_dict() for s in self.sweeps],
        }


@dataclass(frozen=True)
class Progress:
    """One step of a run, for the command line's progress output."""

    key: str
    action: str
    batch: int
    affected: int
    skipped: int
    done: bool = False
    state: str = "running"
    note: str = ""
