"""Discovery: scan the company's databases and compare what is there with the data map.

``DiscoveryService.scan_url`` scans any database (no declaration needed);
``DiscoveryService.discover`` scans every dataset a declaration names (the URL from the
environment variable the declaration gives) and compares each with its dataset. Databases are
reached through ``personvern.connectors`` (one pooled engine per URL); values read are
classified in memory and dropped: the result holds counts and masked examples only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from personvern.clock import Clock
from personvern.connectors.base import ConnectorError
from personvern.connectors.factory import connect
from personvern.connectors.errors import describe_error
from personvern.datamap.model import DataMap, DatasetSpec
from personvern.declaration.model import Declaration
from personvern.discovery.classify import Finding, classify
from personvern.discovery.kinds import KINDS
from personvern.discovery.compare import compare
from personvern.discovery.entities import DatabaseResult, DiscoveryResult, TableResult
from personvern.discovery.sampling import SampleOptions, sample_table
from personvern.discovery.schema import TableMeta, read_schema
from personvern.errors import Invalid

# progress(table, index, total, result-or-None): called before (None) and after each table
Progress = Callable[[str, int, int, TableResult | None], None]
IDENTIFYING = {"email", "phone", "fodselsnummer", "name", "first_name", "last_name", "person_ref",
               "username", "iban", "kontonr", "card"}


@dataclass(frozen=True)
class ScanOptions:
    sample_size: int = 1000
    table_time_limit: float = 20.0
    tables: tuple[str, ...] = ()  # only these tables (all when empty)
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.sample_size < 1:
            raise Invalid("the sample size must be at least 1 row")
        if self.table_time_limit <= 0:
            raise Invalid("the time limit per table must be more than 0 seconds")


class DiscoveryService:
    def __init__(self, clock: Clock, options: ScanOptions | None = None) -> None:
        self.clock = clock
        self.options = options or ScanOptions()

    def scan_url(self, url: str, *, dataset: str = "database", schema: str | None = None,
                 progress: Progress | None = None) -> DatabaseResult:
        connector = connect(dataset, url, schema=schema)
        engine: Engine = connector.handle.engine  # type: ignore[attr-defined]
        return self.scan_engine(engine, dataset=dataset, schema=schema, progress=progress)

    def scan_engine(self, engine: Engine, *, dataset: str, schema: str | None = None,
                    progress: Progress | None = None) -> DatabaseResult:
        try:
            tables = read_schema(engine, schema)
        except SQLAlchemyError as exc:
            raise ConnectorError(dataset, describe_error(exc, "reading the schema", engine)) from None
        if self.options.tables:
            wanted = set(self.options.tables)
            tables = [t for t in tables if t.name in wanted]
        today = self.clock.now().date()
        sample_options = SampleOptions(self.options.sample_size, self.options.table_time_limit,
                                       self.options.seed)
        results: list[TableResult] = []
        for index, meta in enumerate(tables, start=1):
            if progress:
                progress(meta.name, index, len(tables), None)
            result = self._scan_table(engine, meta, sample_options, schema, today)
            results.append(result)
            if progress:
                progress(meta.name, index, len(tables), result)
        _link(tables, results, today)
        return DatabaseResult(dataset=dataset, engine=engine.dialect.name, tables=results)

    def _scan_table(self, engine: Engine, meta: TableMeta, options: SampleOptions,
                    schema: str | None, today: date) -> TableResult:
        sample = sample_table(engine, meta, options, schema)
        result = TableResult(
            name=meta.name, columns=tuple(c.name for c in meta.columns),
            row_estimate=meta.row_estimate, sampled=len(sample.rows), method=sample.method,
            seconds=round(sample.seconds, 3), timed_out=sample.timed_out, error=sample.error,
        )
        self._classify_table(meta, sample.columns, sample.rows, result, today, set())
        sample.rows.clear()  # the values are not kept
        return result

    def _classify_table(self, meta: TableMeta, names: tuple[str, ...], rows: list[tuple],
                        result: TableResult, today: date, personal_tables: set[str]) -> None:
        index = {name: i for i, name in enumerate(names)}
        findings = []
        for column in meta.columns:
            position = index.get(column.name)
            values = [row[position] for row in rows] if position is not None else []
            refers = any(t in personal_tables for t in column.references)
            finding = classify(column, values, today, references_personal=refers)
            if finding is not None:
                findings.append(finding)
        result.findings = findings

    def discover(self, declaration: Declaration, datamap: DataMap,
                 environ: Mapping[str, str] = os.environ,
                 progress: Progress | None = None) -> DiscoveryResult:
        """Every declared dataset scanned and compared with its description."""
        databases: list[DatabaseResult] = []
        problems = []
        for ref in declaration.datasets:
            spec: DatasetSpec | None = datamap.datasets.get(ref.key)
            url = environ.get(ref.connection_env)
            if not url:
                raise ConnectorError(ref.key, f"the environment variable {ref.connection_env}, which "
                                              "should hold the database URL, is not set")
            result = self.scan_url(url, dataset=ref.key, schema=spec.schema if spec else None,
                                   progress=progress)
            result.declared = True
            databases.append(result)
            problems.extend(compare(result, spec, datamap, declaration))
        return DiscoveryResult(databases, problems)

    def scan_only(self, url: str, *, dataset: str = "database", schema: str | None = None,
                  progress: Progress | None = None) -> DiscoveryResult:
        result = self.scan_url(url, dataset=dataset, schema=schema, progress=progress)
        return DiscoveryResult([result], compare(result, None))


def _link(tables: list[TableMeta], results: list[TableResult], today: date) -> None:
    """How each table's rows relate to a person: it holds identifiers, or a foreign key leads
    (through any number of tables) to one that does. Foreign keys to such tables are then
    themselves keys of a person's row (``user.unique_id``)."""
    by_name = {r.name: r for r in results}
    metas = {t.name: t for t in tables}
    holders = {r.name for r in results if any(f.kind in IDENTIFYING for f in r.personal)}
    for name in holders:
        by_name[name].relation = "holds identifiers"
    for result in results:
        if result.relation is None and result.personal:
            result.relation = "holds personal data"
    changed = True
    while changed:
        changed = False
        for meta in tables:
            result = by_name[meta.name]
            if result.relation:
                continue
            for column in meta.columns:
                target = next((t for t in column.references if t in by_name and by_name[t].relation), None)
                if target:
                    result.relation = f"linked to {target} by {column.name}"
                    changed = True
                    break
    for meta in tables:
        result = by_name[meta.name]
        personal_targets = {n for n, r in by_name.items() if r.relation}
        for column in meta.columns:
            if any(t in personal_targets for t in column.references):
                existing = result.finding(column.name)
                if existing is None or existing.kind == "person_ref" or not existing.personal:
                    found = classify(column, [], today, references_personal=True)
                    if found is not None:
                        result.findings = [f for f in result.findings if f.column != column.name]
                        result.findings.append(found)
        if result.relation == "holds identifiers" and len(meta.primary_key) == 1:
            key = meta.column(meta.primary_key[0])
            if key is not None and result.finding(key.name) is None:
                result.findings.append(Finding(
                    column=key.name, kind="person_ref", categories=(KINDS["person_ref"].category,),
                    confidence=0.45, reasons=("primary key of a table that holds identifiers",),
                ))
        result.findings.sort(key=lambda f: list(metas[meta.name].columns).index(
            metas[meta.name].column(f.column)))  # type: ignore[arg-type]
