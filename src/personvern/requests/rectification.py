"""Rectification (Art. 16): set named fields of the person's rows, each value checked against its column.

A change names ``dataset:collection`` and a field of the data map. Values arrive as text (the
command line) or JSON; each is converted to the column's type and refused when it does not
fit (a word for an integer, a 300-character string for VARCHAR(20), a date that is no date),
before anything is written. Keys and read-only fields cannot be rectified.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from personvern.connectors.base import ColumnInfo, Connector
from personvern.datamap.model import DataMap
from personvern.errors import Invalid
from personvern.requests.collecting import collect_rows, connected, plan_for
from personvern.requests.execution import StepContext, StepDef, StepOutcome
from personvern.requests.target import Target

COLLECT = "collect"
PREFIX = "rectify:"
_TRUE = {"true", "yes", "1", "on", "ja"}
_FALSE = {"false", "no", "0", "off", "nei"}


def resolve_change(datamap: DataMap, name: str, value: Any) -> dict[str, Any]:
    """``[dataset:|dataset.]collection.field`` -> {collection: address, field, value}."""
    if ":" in name:
        dataset, _, rest = name.partition(":")
        collection, _, field = rest.partition(".")
        candidates = [(f"{dataset}:{collection}", field)]
    else:
        parts = name.split(".")
        candidates = []
        if len(parts) >= 3:
            candidates.append((f"{parts[0]}:{parts[1]}", ".".join(parts[2:])))
        if len(parts) >= 2:
            candidates += [(c.address, ".".join(parts[1:])) for c in datamap.collections() if c.name == parts[0]]
    found = [(a, f) for a, f in candidates if (spec := datamap.collection(a)) is not None and spec.field(f)]
    if not found:
        raise Invalid(f"'{name}' is not a field of the data map; write collection.field or dataset:collection.field")
    if len(found) > 1:
        raise Invalid(f"'{name}' is ambiguous ({', '.join(a for a, _ in found)}); write dataset:collection.field")
    address, field = found[0]
    spec = datamap.collection(address).field(field)  # type: ignore[union-attr]
    if spec.primary_key or spec.read_only:
        raise Invalid(f"'{address.replace(':', '.')}.{field}' is a key or read-only and cannot be rectified")
    if len(spec.path) > 1:
        raise Invalid(f"'{field}' is a nested field; rectify the whole column '{spec.column}'")
    return {"collection": address, "field": field, "value": value}


def validate_changes(datamap: DataMap, connectors: dict[str, Connector], changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The changes with values converted to their columns' types; ``Invalid`` naming every misfit."""
    problems: list[str] = []
    converted = []
    for change in changes:
        spec = datamap.collection(change["collection"])
        if spec is None:
            problems.append(f"{change['collection']}: not a collection of the data map")
            continue
        columns = connectors[spec.dataset].columns(spec.name)
        info = columns.get(change["field"])
        where = f"{change['collection'].replace(':', '.')}.{change['field']}"
        if info is None:
            problems.append(f"{where}: the table has no such column")
            continue
        try:
            converted.append({**change, "value": convert(change["value"], info)})
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        raise Invalid("the rectification does not fit the database: " + "; ".join(problems))
    return converted


def convert(value: Any, column: ColumnInfo) -> Any:
    """``value`` as a value of ``column``; ValueError saying why it does not fit (never quoting the
    value: the message is stored with the request and may be shown to others)."""
    if value is None:
        if not column.nullable:
            raise ValueError("the column does not accept an empty value (null)")
        return None
    kind = column.kind
    text = value.strip() if isinstance(value, str) else value
    if kind in {"string", "enum"}:
        result = str(value)
        if column.length is not None and len(result) > column.length:
            raise ValueError(f"at most {column.length} characters, got {len(result)}")
        if column.enum_values and result not in column.enum_values:
            raise ValueError(f"must be one of {', '.join(column.enum_values)}")
        return result
    if kind == "integer":
        if isinstance(text, bool) or not (isinstance(text, int) or (isinstance(text, str) and text.lstrip("+-").isdigit())):
            raise ValueError("expected a whole number")
        number = int(text)
        bits = column.bits or 64
        if not -(2 ** (bits - 1)) <= number < 2 ** (bits - 1):
            raise ValueError(f"the number does not fit a {bits}-bit integer column")
        return number
    if kind in {"decimal", "float"}:
        try:
            number = Decimal(str(text))
        except InvalidOperation:
            raise ValueError("expected a number") from None
        if not number.is_finite():
            raise ValueError("expected a finite number")
        return float(number) if kind == "float" else number
    if kind == "boolean":
        if isinstance(text, bool):
            return text
        lowered = str(text).lower()
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise ValueError("expected true or false")
    try:
        if kind == "date":
            return text if isinstance(text, date) and not isinstance(text, datetime) else date.fromisoformat(str(text))
        if kind == "datetime":
            moment = text if isinstance(text, datetime) else datetime.fromisoformat(str(text))
            if not column.timezone and moment.tzinfo is not None:
                raise ValueError("this column holds times without a time zone; leave out the offset")
            return moment
        if kind == "time":
            return time.fromisoformat(str(text))
        if kind == "uuid":
            return uuid.UUID(str(text))
        if kind == "json":
            return json.loads(text) if isinstance(text, str) else text
    except ValueError as exc:
        if "time zone" in str(exc):
            raise
        raise ValueError(f"expected a {kind} value (ISO 8601 for dates and times)") from None
    raise ValueError(f"columns of type {kind} cannot be rectified here")


def rectification_steps(target: Target, identities: dict[str, str], changes: list[dict[str, Any]]) -> list[StepDef]:
    addresses = list(dict.fromkeys(c["collection"] for c in changes))

    def collect(_ctx: StepContext) -> StepOutcome:
        plan = plan_for(target, identities)
        with connected(target) as connectors:
            validate_changes(target.datamap, connectors, changes)
            rows = collect_rows(plan, connectors, identities)
            keys = {a: _keys(target.datamap, connectors, a, rows.get(a, [])) for a in addresses}
        return StepOutcome(result={"found": {a: len(k) for a, k in keys.items()}}, checkpoint=keys)

    def rectifier(address: str) -> StepDef:
        def run(ctx: StepContext) -> StepOutcome:
            keys = ctx.checkpoint(COLLECT).get(address, [])
            spec = target.datamap.collection(address)
            assert spec is not None
            mine = [c for c in changes if c["collection"] == address]
            with connected(target) as connectors:
                values = {c["field"]: c["value"] for c in validate_changes(target.datamap, connectors, mine)}
                updated = connectors[spec.dataset].update(spec.name, keys, values) if keys else 0
            return StepOutcome(result={"collection": address, "fields": sorted(values), "rows": updated})

        return StepDef(PREFIX + address, run)

    return [StepDef(COLLECT, collect), *(rectifier(a) for a in addresses)]


def _keys(datamap: DataMap, connectors: dict[str, Connector], address: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    spec = datamap.collection(address)
    assert spec is not None
    names = tuple(f.column for f in spec.primary_keys if len(f.path) == 1)
    names = names or connectors[spec.dataset].primary_key(spec.name)
    if not names:
        return rows
    return [{n: row.get(n) for n in names} for row in rows]
