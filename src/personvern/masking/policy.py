"""Which strategy masks which field, and the new values of a whole row.

Order of choice for a personal field (a data category under ``user``):

1. the dataset's ``masking_strategy_override`` (Fides names accepted, see ``names.py``);
   ``null_rewrite`` on a ``NOT NULL`` column falls through to step 3's ``NOT NULL`` choice;
2. by data category: a date of birth is generalised to its year; an IP address (or any
   ``inet`` column) is truncated to /24 (IPv4) or /48 (IPv6);
3. by column: nullable -> null; ``NOT NULL`` and unique -> surrogate; ``NOT NULL`` -> fixed.

Every personal field is masked whatever its type; primary keys and ``read_only`` fields are
left alone (other rows point at them; they identify nobody once the rest is masked), and so
are ``NOT NULL`` foreign keys (``keeps_link``): they point at a row that is masked too, and
no other value would satisfy the constraint. Nullable links are set to null.
With ``anonymise=True`` (the retention engine), a pseudonymising override (keyed hash) becomes
a surrogate, so the result is anonymous.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.types import TypeEngine

from personvern.connectors.base import ColumnInfo
from personvern.datamap.model import FieldSpec
from personvern.masking import names
from personvern.masking.strategies import (
    ANY,
    DeleteRow,
    Fixed,
    GeneraliseDate,
    KeyedHash,
    Null,
    Strategy,
    Surrogate,
    TruncateIp,
)

DATE_OF_BIRTH = "user.demographic.date_of_birth"
IP_ADDRESS = "user.device.ip_address"
HASH_PURPOSE = "masking"
SURROGATE_PURPOSE = "masking-surrogate"


class MaskingError(ValueError):
    """A field that cannot be masked as described (e.g. the column does not exist)."""


def anonymisation_strategies() -> frozenset[str]:
    """Strategies whose result is anonymous (keyed hash is pseudonymisation, so not one)."""
    return frozenset({names.NULL, names.FIXED, names.SURROGATE, names.GENERALISE_DATE,
                      names.TRUNCATE_IP, names.DELETE_ROW})


def _key(keys: Any, purpose: str) -> bytes:
    if keys is None:
        raise MaskingError("this masking strategy needs personvern's keys")
    if isinstance(keys, bytes):
        return keys if purpose == HASH_PURPOSE else keys + b":" + purpose.encode()
    return keys.derive(purpose)


def _column_info(column: ColumnInfo | TypeEngine | None) -> ColumnInfo:
    if column is None:
        return ANY
    if isinstance(column, ColumnInfo):
        return column
    from personvern.connectors.types import kind_of

    return ColumnInfo(name="", kind=kind_of(column), length=getattr(column, "length", None))


def _has(field: FieldSpec, category: str) -> bool:
    return any(c == category or c.startswith(category + ".") for c in field.data_categories)


def choose(field: FieldSpec, column_type: ColumnInfo | TypeEngine | None = None, *,
           keys: Any = None, anonymise: bool = False, row_key: tuple[str, ...] = ()) -> Strategy:
    """The strategy for ``field`` written to a column of ``column_type``. ``keys`` is a
    ``personvern.keys.Keys`` (or raw key bytes) for keyed strategies; ``row_key`` names the
    row's key columns (for surrogates)."""
    column = _column_info(column_type)
    override = field.masking_override
    if override:
        chosen = _from_override(override, column, keys, row_key)
        if chosen is not None:
            if anonymise and not chosen.anonymising:
                return Surrogate(_key(keys, SURROGATE_PURPOSE), column, row_key)
            return chosen
    if _has(field, DATE_OF_BIRTH) and column.kind in {"date", "datetime", "string", "other"}:
        return GeneraliseDate("year", column)
    if _has(field, IP_ADDRESS) or column.kind == "ip":
        return TruncateIp(column=column)
    if column.nullable:
        return Null()
    if column.unique:
        return Surrogate(_key(keys, SURROGATE_PURPOSE), column, row_key)
    return Fixed(column)


def _from_override(override: Mapping[str, Any], column: ColumnInfo, keys: Any,
                   row_key: tuple[str, ...]) -> Strategy | None:
    name = names.canonical_strategy(str(override.get("strategy", "")))
    config = dict(override.get("configuration") or {})
    if name is None:
        raise MaskingError(f"unknown masking strategy '{override.get('strategy')}'")
    if name == names.NULL:
        return Null() if column.nullable else None
    if name == names.FIXED:
        suffix = str((config.get("format_preservation") or {}).get("suffix") or "")
        value = config.get("rewrite_value", config.get("value"))
        return Fixed(column, value, suffix)
    if name == names.KEYED_HASH:
        return KeyedHash(_key(keys, HASH_PURPOSE), column)
    if name == names.SURROGATE:
        return Surrogate(_key(keys, SURROGATE_PURPOSE), column, row_key, config.get("length"))
    if name == names.GENERALISE_DATE:
        return GeneraliseDate("month" if config.get("to") == "month" else "year", column)
    if name == names.TRUNCATE_IP:
        return TruncateIp(int(config.get("ipv4_prefix", 24)), int(config.get("ipv6_prefix", 48)), column)
    return DeleteRow()


def deletes_row(fields: Iterable[FieldSpec]) -> bool:
    """A personal field whose override is ``delete``/``delete_row``: erasing deletes the row."""
    return any(
        f.is_personal and f.masking_override
        and names.canonical_strategy(str(f.masking_override.get("strategy"))) == names.DELETE_ROW
        for f in fields
    )


def keeps_link(field: FieldSpec, column: ColumnInfo) -> bool:
    """A ``NOT NULL`` column that links to another row (a foreign key in the database, or a
    reference in the dataset) keeps its value: no replacement would satisfy the foreign key,
    and it points at a row that is itself masked or deleted. An override still applies."""
    return not column.nullable and (column.foreign_key or bool(field.references)) and not field.masking_override


def maskable(fields: Iterable[FieldSpec], columns: Mapping[str, ColumnInfo] | None = None) -> list[FieldSpec]:
    """The personal fields that masking changes: not primary keys, not ``read_only`` and, when
    the columns are given, not links that must keep their value (``keeps_link``)."""
    chosen = [f for f in fields if f.is_personal and not f.primary_key and not f.read_only]
    if columns is None:
        return chosen
    return [f for f in chosen
            if not (len(f.path) == 1 and f.column in columns and keeps_link(f, columns[f.column]))]


def mask_row(row: Mapping[str, Any], fields: Iterable[FieldSpec], column_types: Mapping[str, ColumnInfo],
             keys: Any, *, anonymise: bool = False) -> dict[str, object]:
    """New values for every personal field of ``row`` (top-level columns, and members of JSON
    columns for nested fields). Only changed columns are returned; nulls stay null."""
    row_key = tuple(c for c, info in column_types.items() if info.primary_key)
    row_key = row_key or tuple(f.column for f in fields if f.primary_key)
    new: dict[str, object] = {}
    documents: dict[str, Any] = {}
    for spec in maskable(fields, column_types):
        column = column_types.get(spec.column)
        if column is None:
            raise MaskingError(f"the table has no column '{spec.column}' (field '{spec.dotted}')")
        if len(spec.path) == 1:
            value = row.get(spec.column)
            if value is None:
                continue
            strategy = choose(spec, column, keys=keys, anonymise=anonymise, row_key=row_key)
            if isinstance(strategy, DeleteRow):
                continue
            new[spec.column] = strategy.mask(value, field=spec, row=dict(row))
            continue
        if spec.column in new:  # the whole document is already masked
            continue
        if spec.column not in documents:
            documents[spec.column] = _document(row.get(spec.column))
        _mask_member(documents[spec.column], spec, row, keys, anonymise, row_key)
    for name, held in documents.items():
        if held is None or name in new:
            continue
        document, as_text = held
        value = json.dumps(document) if as_text else document
        if value != row.get(name):
            new[name] = value
    return {k: v for k, v in new.items() if v != row.get(k) or type(v) is not type(row.get(k))}


def _document(value: Any) -> tuple[Any, bool] | None:
    if isinstance(value, (dict, list)):
        return copy.deepcopy(value), False
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return (parsed, True) if isinstance(parsed, (dict, list)) else None
    return None


def _mask_member(document: tuple[Any, bool] | None, spec: FieldSpec, row: Mapping[str, Any],
                 keys: Any, anonymise: bool, row_key: tuple[str, ...]) -> None:
    if document is None:
        return
    containers = [document[0]]
    for part in spec.path[1:-1]:
        containers = [c[part] if isinstance(c, dict) else None for c in _spread(containers)]
        containers = [c for c in containers if c is not None]
    leaf = spec.path[-1]
    for container in _spread(containers):
        if isinstance(container, dict) and container.get(leaf) is not None:
            strategy = choose(spec, None, keys=keys, anonymise=anonymise, row_key=row_key)
            if not isinstance(strategy, DeleteRow):
                container[leaf] = strategy.mask(container[leaf], field=spec, row=dict(row))


def _spread(items: list[Any]) -> list[Any]:
    """Lists inside documents hold several objects: the path goes into each."""
    out: list[Any] = []
    for item in items:
        out.extend(item if isinstance(item, list) else [item])
    return out
