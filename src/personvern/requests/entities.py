"""What the request store holds, as plain dataclasses (identities already unsealed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Kind = Literal["access", "portability", "erasure", "rectification", "restriction", "objection"]
KINDS: tuple[str, ...] = ("access", "portability", "erasure", "rectification", "restriction", "objection")
State = Literal[
    "received", "verified", "approved", "executing", "completed", "refused", "referred"
]
FINAL_STATES = frozenset({"completed", "refused", "referred"})
RUNNABLE_STATES = frozenset({"approved", "executing"})
SOURCE_DECLARATION = "declaration"
SOURCE_DATASETS = "datasets"


@dataclass(frozen=True)
class DataRequest:
    id: int
    kind: str
    state: str
    identities: dict[str, str]
    params: dict[str, Any]
    language: str
    declaration_version_id: int | None
    source: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    due_at: datetime | None = None
    completed_at: datetime | None = None
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> str:
        return f"request:{self.id}"


@dataclass(frozen=True)
class Step:
    request_id: int
    key: str
    position: int
    state: str
    attempts: int
    result: dict[str, Any]
    error: str | None
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def done(self) -> bool:
        return self.state == "done"


@dataclass(frozen=True)
class SubjectFlag:
    kind: str
    purpose: str
    request_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class SubjectStatus:
    restricted: bool
    restricted_since: datetime | None
    objections: list[str]

    def objects_to(self, purpose: str) -> bool:
        """True when the person objected to ``purpose`` or to a purpose above it."""
        return any(purpose == p or purpose.startswith(p + ".") for p in self.objections)


@dataclass(frozen=True)
class ExportPackage:
    request_id: int
    path: str
    nonce: str
    size: int
    sha256: str
    created_at: datetime
    expires_at: datetime
    downloads: int
    deleted_at: datetime | None


@dataclass(frozen=True)
class KeptRows:
    """Rows an erasure did not erase because a legal obligation still requires them."""

    collection: str
    activity: str
    law: str
    rows: list[dict[str, Any]]
    release_date: date | None
