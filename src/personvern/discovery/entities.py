"""What a scan produces: per table and column findings, and the problems against a data map.

Nothing here holds a value read from the company's database except masked examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from personvern.discovery.classify import Finding


@dataclass
class TableResult:
    name: str
    columns: tuple[str, ...]
    row_estimate: int | None
    sampled: int
    method: str
    seconds: float
    findings: list[Finding] = field(default_factory=list)
    timed_out: bool = False
    error: str | None = None
    relation: str | None = None  # how rows relate to a person, when they do

    def finding(self, column: str) -> Finding | None:
        return next((f for f in self.findings if f.column == column), None)

    @property
    def personal(self) -> list[Finding]:
        return [f for f in self.findings if f.personal]


@dataclass
class DatabaseResult:
    dataset: str
    engine: str
    tables: list[TableResult]
    declared: bool = False  # compared with a dataset of the declaration

    def table(self, name: str) -> TableResult | None:
        return next((t for t in self.tables if t.name == name), None)


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str  # "error" or "warning"
    dataset: str
    table: str
    column: str | None
    message: str
    category: str | None = None

    @property
    def where(self) -> str:
        return f"{self.dataset}.{self.table}" + (f".{self.column}" if self.column else "")

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"


@dataclass
class DiscoveryResult:
    databases: list[DatabaseResult]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
