"""Column types in coarse kinds, and lookup values converted to the column's own type.

Values found in one table are used to look rows up in another (``orders.customer_id`` by
``customer.id``); the types may differ (an integer key stored as text), and PostgreSQL refuses
to compare text with integer, so each value is converted to the column's Python type first. A
value that cannot be converted cannot match and is left out.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Iterable, Set
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import CheckConstraint, Table, UniqueConstraint, types
from sqlalchemy.dialects import mysql, postgresql

from personvern.connectors.base import ColumnInfo

_INTEGER = re.compile(r"^[+-]?\d+$")
_JSON_CHECK = re.compile(r"json_valid\(\s*[`\"]?(\w+)[`\"]?\s*\)", re.IGNORECASE)
_BITS = {"SMALLINT": 16, "TINYINT": 8, "MEDIUMINT": 24, "BIGINT": 64}


def kind_of(type_: types.TypeEngine) -> str:
    if isinstance(type_, types.TypeDecorator):
        type_ = type_.impl_instance
    checks: list[tuple[type | tuple[type, ...], str]] = [
        ((postgresql.INET, postgresql.CIDR), "ip"),
        (types.Enum, "enum"),
        (types.Boolean, "boolean"),
        ((types.String, types.Text), "string"),
        (types.Integer, "integer"),
        (types.Float, "float"),
        (types.Numeric, "decimal"),
        (postgresql.MONEY, "decimal"),
        (types.DateTime, "datetime"),
        (types.Date, "date"),
        (types.Time, "time"),
        (types.Interval, "interval"),
        (types.JSON, "json"),
        (types.Uuid, "uuid"),
        (types.ARRAY, "array"),
        (types.LargeBinary, "bytes"),
        ((types._Binary, mysql.BIT), "bytes"),  # noqa: SLF001 - BINARY/VARBINARY base
        (mysql.YEAR, "integer"),
    ]
    for classes, kind in checks:
        if isinstance(type_, classes):
            return kind
    return "other"


def json_checked(clauses: Iterable[str]) -> set[str]:
    """Columns named in ``json_valid(column)`` check clauses."""
    return {match.group(1) for clause in clauses for match in _JSON_CHECK.finditer(str(clause))}


def _bits(type_: types.TypeEngine) -> int:
    name = type(type_).__name__.upper()
    for key, bits in _BITS.items():
        if key in name:
            return bits
    if isinstance(type_, types.BigInteger):
        return 64
    if isinstance(type_, types.SmallInteger):
        return 16
    return 32


def column_info(table: Table, also_unique: Set[str] = frozenset(),
                json_columns: Set[str] = frozenset()) -> dict[str, ColumnInfo]:
    unique: set[str] = {c.name for c in table.primary_key.columns} | set(also_unique)
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            unique.update(c.name for c in constraint.columns)
    for index in table.indexes:
        if index.unique:
            unique.update(c.name for c in index.columns)
    primary = {c.name for c in table.primary_key.columns}
    json_text = set(json_columns) | {  # a CHECK (json_valid(column)) marks JSON kept as text
        match.group(1) for constraint in table.constraints if isinstance(constraint, CheckConstraint)
        for match in _JSON_CHECK.finditer(str(constraint.sqltext))
    }
    out: dict[str, ColumnInfo] = {}
    for column in table.columns:
        type_ = column.type
        kind = "json" if column.name in json_text else kind_of(type_)
        out[column.name] = ColumnInfo(
            name=column.name,
            kind=kind,
            nullable=bool(column.nullable) and column.name not in primary,
            length=getattr(type_, "length", None) if kind in {"string", "enum"} else None,
            unique=column.name in unique,
            primary_key=column.name in primary,
            timezone=bool(getattr(type_, "timezone", False)),
            enum_values=tuple(getattr(type_, "enums", ()) or ()) if kind == "enum" else (),
            bits=_bits(type_) if kind == "integer" else None,
            precision=getattr(type_, "precision", None) if kind == "decimal" else None,
            scale=getattr(type_, "scale", None) if kind == "decimal" else None,
            foreign_key=bool(column.foreign_keys),
        )
    return out


def coerce(value: Any, type_: types.TypeEngine) -> Any:
    """``value`` as the column's type, or None when it cannot equal any value of the column."""
    if value is None:
        return None
    kind = kind_of(type_)
    try:
        if kind in {"string", "enum"}:
            return value if isinstance(value, str) else str(value)
        if kind == "integer":
            if isinstance(value, bool):
                return int(value)
            if isinstance(value, int):
                return value
            if isinstance(value, (float, Decimal)):
                return int(value) if value == int(value) else None
            text = str(value).strip()
            return int(text) if _INTEGER.match(text) else None
        if kind in {"decimal", "float"}:
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                return value
            return Decimal(str(value).strip())
        if kind == "uuid":
            return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
        if kind == "datetime":
            if isinstance(value, datetime):
                return value
            if isinstance(value, date):
                return datetime.combine(value, time())
            return datetime.fromisoformat(str(value))
        if kind == "date":
            if isinstance(value, datetime):
                return value.date()
            return value if isinstance(value, date) else date.fromisoformat(str(value))
        if kind == "ip":
            if isinstance(value, str):
                return ipaddress.ip_interface(value.strip()) if "/" in value else ipaddress.ip_address(value.strip())
            return value
    except (ValueError, InvalidOperation, TypeError):
        return None
    return value
