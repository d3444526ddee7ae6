"""Art. 17(3)(b): rows a legal obligation still requires are kept, with the law and a release date.

A collection covered by an activity whose legal basis is ``legal_obligation`` keeps each row
whose retention under that activity has not yet run out. The release date comes from the
activity's retention rule and the row's anchor field; an anchor field may name a field of a
related collection (``orders.placed_at`` for an order's items), which is found through the
references of the data map among the rows collected for the same person. A row whose anchor
is still empty (an unpaid invoice) is kept with no release date yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from personvern.datamap.model import CollectionSpec, DataMap
from personvern.declaration.model import Activity, Declaration, Retention
from personvern.requests.release import anchor_field, release_date


@dataclass(frozen=True)
class Hold:
    activity: Activity
    rule: Retention


@dataclass
class Partition:
    erase: dict[str, list[dict[str, Any]]]
    kept: list[dict[str, Any]]  # {collection, activity, law, rows: [{keys, release_date}]}


def legal_holds(declaration: Declaration) -> dict[str, list[Hold]]:
    """address -> the legal-obligation retention rules that cover it."""
    holds: dict[str, list[Hold]] = {}
    for activity in declaration.activities:
        if activity.legal_basis != "legal_obligation":
            continue
        rules = activity.retention_rules()
        for covered in activity.covers:
            address = covered.replace(".", ":", 1)
            for rule in rules or [None]:  # no rule: kept with no release date
                holds.setdefault(address, []).append(Hold(activity, rule))  # type: ignore[arg-type]
    return holds


def partition(
    declaration: Declaration | None, datamap: DataMap, collected: dict[str, list[dict[str, Any]]],
    today: date,
) -> Partition:
    if declaration is None:
        return Partition(erase={a: list(rows) for a, rows in collected.items()}, kept=[])
    holds = legal_holds(declaration)
    fiscal = declaration.controller.fiscal_year_start
    erase: dict[str, list[dict[str, Any]]] = {}
    kept_by: dict[tuple[str, str], dict[str, Any]] = {}
    for address, rows in collected.items():
        spec = datamap.collection(address)
        erase[address] = []
        for row in rows:
            verdict = _verdict(holds.get(address, []), spec, datamap, collected, row, today, fiscal)
            if verdict is None:
                erase[address].append(row)
                continue
            activity, released = verdict
            entry = kept_by.setdefault((address, activity.key), {
                "collection": address, "activity": activity.key, "law": activity.law or "",
                "rows": [],
            })
            entry["rows"].append({
                "keys": row_keys(spec, row),
                "release_date": released.isoformat() if released else None,
            })
    return Partition(erase=erase, kept=list(kept_by.values()))


def row_keys(spec: CollectionSpec | None, row: dict[str, Any]) -> dict[str, Any]:
    if spec is None or not spec.primary_keys:
        return {}
    return {pk.dotted: _value(row, pk.path) for pk in spec.primary_keys}


def _verdict(
    holds: list[Hold], spec: CollectionSpec | None, datamap: DataMap,
    collected: dict[str, list[dict[str, Any]]], row: dict[str, Any], today: date, fiscal: str,
) -> tuple[Activity, date | None] | None:
    """(the activity that keeps the row, its release date) or None when nothing keeps it."""
    best: tuple[Activity, date | None] | None = None
    for hold in holds:
        if hold.rule is None:
            released = None
        else:
            anchor = anchor_value(hold.rule, spec, datamap, collected, row)
            released = release_date(hold.rule, anchor, fiscal_year_start=fiscal)
        if released is not None and released < today:
            continue
        if best is None or (best[1] is not None and (released is None or released > best[1])):
            best = (hold.activity, released)
    return best


def anchor_value(
    rule: Retention, spec: CollectionSpec | None, datamap: DataMap,
    collected: dict[str, list[dict[str, Any]]], row: dict[str, Any],
) -> Any:
    if spec is None:
        return None
    name = anchor_field(rule, spec.address)
    if not name:
        return None
    own = spec.field(name)
    if own is not None or "." not in name:
        return _value(row, tuple(name.split(".")))
    other_name, _, other_field = name.partition(".")
    other = datamap.collection(f"{spec.dataset}:{other_name}")
    if other is None:
        return None
    for related in _related_rows(spec, other, row, collected.get(other.address, [])):
        value = _value(related, tuple(other_field.split(".")))
        if value is not None:
            return value
    return None


def _related_rows(
    spec: CollectionSpec, other: CollectionSpec, row: dict[str, Any], candidates: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Rows of ``other`` linked to ``row`` by a reference in either direction."""
    pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for mine in spec.fields:
        for ref in mine.references:
            if ref.address == other.address:
                pairs.append((mine.path, tuple(ref.field.split("."))))
    for theirs in other.fields:
        for ref in theirs.references:
            if ref.address == spec.address:
                pairs.append((tuple(ref.field.split(".")), theirs.path))
    found = []
    for mine_path, their_path in pairs:
        value = _value(row, mine_path)
        if value is None:
            continue
        found.extend(c for c in candidates if _value(c, their_path) == value)
    return found


def _value(row: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = row
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
