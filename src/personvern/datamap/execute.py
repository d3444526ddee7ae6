"""Running a plan: collect a person's rows (access), then mask or delete them (erasure).

``collect`` follows the plan: each step looks its collection up by the identity values given
and by the values found in earlier steps; steps of a cycle are repeated until no new rows
appear. ``erase`` masks or deletes the collected rows collection by collection, in the plan's
erase order. Each collection is one transaction and its new values are computed from the
collected (original) rows, so running a collection again gives the same result: the caller can
checkpoint after each collection (``on_step`` or ``erase_collection``) and resume.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from personvern.connectors.base import Connector, ConnectorError
from personvern.datamap.model import CollectionSpec
from personvern.datamap.plan import Plan, Step
from personvern.masking.policy import MaskingError, deletes_row, mask_row, maskable

Row = dict[str, Any]
Skip = Callable[[CollectionSpec, Row], str | None]
EMAIL_IDENTITY = "email"


@dataclass
class Collected:
    rows: dict[str, list[Row]]  # address -> rows, in plan order (empty lists included)
    identities: dict[str, list[Any]] = field(default_factory=dict)
    queries: int = 0

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def nonempty(self) -> dict[str, list[Row]]:
        return {address: rows for address, rows in self.rows.items() if rows}


@dataclass
class CollectionErasure:
    address: str
    action: str  # "mask", "delete" or "none" (no personal fields, or no rows)
    masked: list[Row] = field(default_factory=list)  # primary keys of the rows masked
    deleted: list[Row] = field(default_factory=list)  # primary keys of the rows deleted
    skipped: list[tuple[Row, str]] = field(default_factory=list)  # (primary key, reason)
    fields: tuple[str, ...] = ()  # columns that were masked
    unchanged: list[Row] = field(default_factory=list)  # rows with nothing left to mask


@dataclass
class ErasureResult:
    collections: dict[str, CollectionErasure] = field(default_factory=dict)

    @property
    def masked(self) -> int:
        return sum(len(c.masked) for c in self.collections.values())

    @property
    def deleted(self) -> int:
        return sum(len(c.deleted) for c in self.collections.values())

    @property
    def skipped(self) -> int:
        return sum(len(c.skipped) for c in self.collections.values())


def _values(given: Any) -> list[Any]:
    if given is None:
        return []
    items = list(given) if isinstance(given, (list, tuple, set, frozenset)) else [given]
    return [v.strip() if isinstance(v, str) else v for v in items if v is not None and v != ""]


def _connector(connectors: Mapping[str, Connector], collection: CollectionSpec) -> Connector:
    connector = connectors.get(collection.dataset)
    if connector is None:
        raise ConnectorError(collection.dataset, "no database connection was given for this dataset")
    return connector


def _extract(row: Row, dotted: str) -> list[Any]:
    """Values at a (possibly nested) field path; lists are flattened."""
    items: list[Any] = [row]
    for part in dotted.split("."):
        nxt: list[Any] = []
        for item in items:
            if isinstance(item, dict) and item.get(part) is not None:
                value = item[part]
                nxt.extend(value if isinstance(value, list) else [value])
        items = nxt
    return [v for v in items if not isinstance(v, (dict, list))]


def _row_key(row: Row, names: tuple[str, ...]) -> Any:
    if names and all(n in row for n in names):
        return tuple(row[n] for n in names)
    return repr(sorted(row.items(), key=lambda item: item[0]))


def _key_names(collection: CollectionSpec, connector: Connector) -> tuple[str, ...]:
    declared = tuple(f.column for f in collection.primary_keys if len(f.path) == 1)
    return declared or tuple(connector.primary_key(collection.name))


def collect(plan: Plan, connectors: Mapping[str, Connector], identities: Mapping[str, Any], *,
            casefold_emails: bool = False) -> Collected:
    """Every row the plan reaches from ``identities`` (name -> value or list of values).
    Identities are matched exactly (surrounding spaces removed); with ``casefold_emails`` the
    ``email`` identity is compared case-insensitively."""
    given = {name: _values(value) for name, value in identities.items()}
    found: dict[str, dict[Any, Row]] = {step.address: {} for step in plan.steps}
    queried: dict[tuple[str, str], set[Any]] = {}
    collected = Collected(rows={}, identities=given)
    with ExitStack() as held:
        for connector in {id(c): c for c in connectors.values()}.values():
            if hasattr(connector, "session"):  # one connection per database for the whole walk
                held.enter_context(connector.session())
        index = 0
        while index < len(plan.steps):
            first = plan.steps[index]
            group = plan.steps[index:index + max(len(first.cycle), 1)]
            index += len(group)
            while True:
                progress = False
                for step in group:
                    progress |= _run(step, connectors, given, found, queried, collected, casefold_emails)
                if not first.cycle or not progress:
                    break
    collected.rows = {address: list(rows.values()) for address, rows in found.items()}
    return collected


def _run(step: Step, connectors: Mapping[str, Connector], given: dict[str, list[Any]],
         found: dict[str, dict[Any, Row]], queried: dict[tuple[str, str], set[Any]],
         collected: Collected, casefold_emails: bool) -> bool:
    wanted: dict[str, list[Any]] = {}
    casefold: set[str] = set()
    for item in step.inputs:
        if item.identity is not None:
            values = given.get(item.identity, [])
            if casefold_emails and item.identity == EMAIL_IDENTITY:
                casefold.add(item.target_field)
        else:
            source = found.get(item.source_address or "", {})
            values = [v for row in source.values() for v in _extract(row, item.source_field or "")]
        done = queried.setdefault((step.address, item.target_field), set())
        fresh = wanted.setdefault(item.target_field, [])
        for value in values:
            marker = _marker(value)
            if marker not in done:
                done.add(marker)
                fresh.append(value)
    wanted = {name: values for name, values in wanted.items() if values}
    if not wanted:
        return False
    connector = _connector(connectors, step.collection)
    rows = connector.retrieve(step.collection.name, wanted, casefold=casefold)
    collected.queries += 1
    names = _key_names(step.collection, connector)
    store = found[step.address]
    added = False
    for row in rows:
        key = _row_key(row, names)
        if key not in store:
            store[key] = row
            added = True
    return added


def _marker(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return (type(value).__name__, value) if isinstance(value, (bool, int, float)) else value


# --- erasure ------------------------------------------------------------------------------

def erase(plan: Plan, connectors: Mapping[str, Connector], collected: Collected, keys: Any, *,
          skip: Skip | None = None, on_step: Callable[[Step, CollectionErasure], None] | None = None,
          anonymise: bool = False) -> ErasureResult:
    """Masks (or deletes) every collected row, collection by collection in erase order.
    ``skip(collection, row)`` returns a reason to leave a row alone (e.g. a legal obligation to
    keep it) or None; ``on_step`` is called after each collection is committed."""
    result = ErasureResult()
    for step in plan.erase_order(_foreign_keys(plan, connectors, collected)):
        rows = collected.rows.get(step.address, [])
        outcome = erase_collection(step, _connector(connectors, step.collection), rows, keys,
                                   skip=skip, anonymise=anonymise)
        result.collections[step.address] = outcome
        if on_step is not None:
            on_step(step, outcome)
    return result


def _foreign_keys(plan: Plan, connectors: Mapping[str, Connector],
                  collected: Collected) -> list[tuple[str, str]]:
    """(child, parent) pairs from the databases' own foreign keys, for collections with rows."""
    pairs: list[tuple[str, str]] = []
    for step in plan.steps:
        connector = connectors.get(step.collection.dataset)
        if not collected.rows.get(step.address) or not hasattr(connector, "foreign_keys"):
            continue
        for table in connector.foreign_keys(step.collection.name):
            pairs.append((step.address, f"{step.collection.dataset}:{table}"))
    return pairs


def erase_collection(step: Step, connector: Connector, rows: Iterable[Row], keys: Any, *,
                     skip: Skip | None = None, anonymise: bool = False) -> CollectionErasure:
    """Masks or deletes ``rows`` of one collection in one transaction; safe to run again."""
    collection = step.collection
    rows = list(rows)
    fields = maskable(collection.fields)
    delete = collection.deletes_rows or deletes_row(collection.fields)
    outcome = CollectionErasure(step.address, "delete" if delete else "mask")
    if not rows or (not fields and not delete):
        outcome.action = "none" if not fields and not delete else outcome.action
        return outcome
    names = _key_names(collection, connector)

    def key_of(row: Row) -> Row:
        return {n: row[n] for n in names} if names and all(n in row for n in names) else dict(row)

    kept: list[Row] = []
    for row in rows:
        reason = skip(collection, row) if skip is not None else None
        if reason:
            outcome.skipped.append((key_of(row), reason))
        else:
            kept.append(row)
    if delete:
        connector.delete(collection.name, kept)
        outcome.deleted = [key_of(r) for r in kept]
        return outcome
    columns = connector.columns(collection.name)
    changes: dict[int, dict[str, object]] = {}
    for row in kept:
        try:
            new = mask_row(row, collection.fields, columns, keys, anonymise=anonymise)
        except MaskingError as exc:
            raise ConnectorError(collection.dataset, f"collection '{collection.name}': {exc}") from None
        if new:
            changes[id(row)] = new
        else:
            outcome.unchanged.append(key_of(row))
    targets = [row for row in kept if id(row) in changes]
    connector.update(collection.name, targets, lambda row: changes[id(row)])
    outcome.masked = [key_of(r) for r in targets]
    outcome.fields = tuple(sorted({c for change in changes.values() for c in change}))
    return outcome
