"""Masking strategies: each turns one value into the value that replaces it.

Every strategy is told the column it writes to (``ColumnInfo``) and returns a value of the
column's type that fits it (strings are cut to the column's length), so an erasure never fails
on a ``NOT NULL``, a ``varchar(8)`` or an integer column.

Fixed values by column kind (``FIXED_DEFAULTS``): text ``"REDACTED"``, numbers 0, booleans
false, dates 1900-01-01, timestamps 1900-01-01 00:00 (UTC when the column keeps a zone), times
00:00, intervals 0, JSON ``{}``, bytes empty, UUIDs all zero, IPs ``0.0.0.0``/``::``, arrays
``[]``, enums their first value.

``keyed_hash`` is pseudonymisation (HMAC-SHA256 with a key derived from personvern's secret:
whoever holds the key can recompute it from the original). ``surrogate`` derives a value from
the row's primary key, not from the value, so nothing about the original is left: it is the
anonymising choice for unique ``NOT NULL`` columns, and it is the same on every run.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

from personvern.connectors.base import ColumnInfo
from personvern.datamap.model import FieldSpec
from personvern.masking import names

REDACTED = "REDACTED"
SURROGATE_DOMAIN = "@erased.invalid"
EMAIL_CATEGORY = "user.contact.email"
ANY = ColumnInfo(name="", kind="other")


@runtime_checkable
class Strategy(Protocol):
    name: str
    anonymising: bool

    def mask(self, value: Any, *, field: FieldSpec, row: dict[str, Any]) -> object: ...


def _kind(column: ColumnInfo, value: Any) -> str:
    """The column's kind, or for untyped columns (SQLite, JSON members) the value's."""
    if column.kind != "other":
        return column.kind
    checks = [
        (bool, "boolean"), (int, "integer"), (float, "float"), (Decimal, "decimal"),
        (datetime, "datetime"), (date, "date"), (time, "time"), (timedelta, "interval"),
        (str, "string"), ((dict, list), "json"), (bytes, "bytes"), (uuid.UUID, "uuid"),
        ((ipaddress.IPv4Address, ipaddress.IPv6Address,
          ipaddress.IPv4Interface, ipaddress.IPv6Interface), "ip"),
    ]
    return next((kind for classes, kind in checks if isinstance(value, classes)), "other")


def fit(text: str, column: ColumnInfo) -> str:
    return text[: column.length] if column.length else text


def fixed_default(column: ColumnInfo, value: Any = None) -> object:
    kind = _kind(column, value)
    if kind == "enum" and column.enum_values:
        return column.enum_values[0]
    if kind == "ip":
        v6 = isinstance(value, (ipaddress.IPv6Address, ipaddress.IPv6Interface))
        return ipaddress.ip_address("::" if v6 else "0.0.0.0")
    if kind == "datetime":
        return datetime(1900, 1, 1, tzinfo=UTC if column.timezone or getattr(value, "tzinfo", None) else None)
    defaults: dict[str, object] = {
        "string": fit(REDACTED, column), "enum": fit(REDACTED, column), "integer": 0,
        "decimal": Decimal(0), "float": 0.0, "boolean": False, "date": date(1900, 1, 1),
        "time": time(0, 0), "interval": timedelta(0), "json": {}, "bytes": b"",
        "uuid": uuid.UUID(int=0), "array": [],
    }
    return defaults.get(kind)


def _digest_value(digest: bytes, column: ColumnInfo, value: Any, *, text: str) -> object:
    """A value of the column's type made from ``digest``; ``text`` is the string form."""
    kind = _kind(column, value)
    number = int.from_bytes(digest[:8], "big")
    if kind in {"string", "other"} and (kind == "string" or isinstance(value, str)):
        return fit(text, column)
    if kind == "integer":
        return number % (2 ** ((column.bits or 32) - 1) - 1) + 1
    if kind == "decimal":
        digits = (column.precision or 18) - (column.scale or 0)
        return Decimal(number % (10 ** max(digits, 1)))
    if kind == "float":
        return float(number % 10**9)
    if kind == "uuid":
        return uuid.UUID(bytes=digest[:16])
    if kind == "bytes":
        return digest
    return fixed_default(column, value)


@dataclass(frozen=True)
class Null:
    name: str = names.NULL
    anonymising: bool = True

    def mask(self, value: Any, *, field: FieldSpec, row: dict[str, Any]) -> object:
        return None


@dataclass(frozen=True)
class Fixed:
    column: ColumnInfo = ANY
    value: Any = None  # None: the default for the column's type
    suffix: str = ""
    name: str = names.FIXED
    anonymising: bool = True

    def mask(self, value: Any, *, field: FieldSpec, row: dict[str, Any]) -> object:
        out = fixed_default(self.column, value) if self.value is None else self.value
        if isinstance(out, str):
            return fit(out + self.suffix, self.column)
        return out


@dataclass(frozen=True)
class KeyedHash:
    key: bytes = field(repr=False)
    column: ColumnInfo = ANY
    name: str = names.KEYED_HASH
    anonymising: bool = False

    def mask(self, value: Any, *, field: FieldSpec, row: dict[str, Any]) -> object:
        digest = hmac.new(self.key, _canonical(value), hashlib.sha256).digest()
        return _digest_value(digest, self.column, value, text=digest.hex())


@dataclass(frozen=True)
class Surrogate:
    """A value derived (HMAC) from the row's key columns and the field name, never from the
    value itself; with no key columns, a random one."""

    key: bytes = field(repr=False)
    column: ColumnInfo = ANY
    row_key: tuple[str, ...] = ()
    length: int | None = None
    name: str = names.SURROGATE
    anonymising: bool = True

    def mask(self, value: Any, *, field: FieldSpec, row: dict[str, Any]) -> object:
        if self.row_key and all(row.get(k) is not None for k in self.row_key):
            seed = json.dumps([field.dotted, *[str(row[k]) for k in self.row_key]]).encode()
            digest = hmac.new(self.key, seed, hashlib.sha256).digest()
        else:
            digest = secrets.token_bytes(32)
        return _digest_value(digest, self.column, value, text=self._text(digest.hex(), field, value))

    def _text(self, hexed: str, field: FieldSpec, value: Any) -> str:
        """``erased-<hex>`` (``@erased.invalid`` added for e-mail addresses), with at least 12
        hex digits, else bare hex digits: the result must stay unique in a short column."""
        if self.length:
            return (hexed * 4)[: self.length]
        email = EMAIL_CATEGORY in field.data_categories or (isinstance(value, str) and "@" in value)
        tail = SURROGATE_DOMAIN if email else ""
        room = (self.column.length - len("erased-") - len(tail)) if self.column.length else 24
        return f"erased-{hexed[:min(room, 24)]}{tail}" if room >= 12 else hexed


@dataclass(frozen=True)
class GeneraliseDate:
    to: str = "year"  # or "month"
    column: ColumnInfo = ANY
    name: str = names.GENERALISE_DATE
    anonymising: bool = True

    def _cut(self, value: date) -> date:
        return value.replace(month=1 if self.to == "year" else value.month, day=1)

    def mask(self, value: Any, *, field: FieldSpec, row: dict[str, Any]) -> object:
        if isinstance(value, datetime):
            return datetime.combine(self._cut(value.date()), time(0), tzinfo=value.tzinfo)
        if isinstance(value, date):
            return self._cut(value)
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value.strip())
            except ValueError:
                pass
            else:
                return fit(self._cut(parsed.date()).isoformat(), self.column)
        return None if self.column.nullable else Fixed(self.column).mask(value, field=field, row=row)


@dataclass(frozen=True)
class TruncateIp:
    ipv4_prefix: int = 24
    ipv6_prefix: int = 48
    column: ColumnInfo = ANY
    name: str = names.TRUNCATE_IP
    anonymising: bool = True

    def _network(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address):
        prefix = self.ipv4_prefix if address.version == 4 else self.ipv6_prefix
        network = ipaddress.IPv4Network if address.version == 4 else ipaddress.IPv6Network
        return network((int(address), prefix), strict=False).network_address

    def mask(self, value: Any, *, field: FieldSpec, row: dict[str, Any]) -> object:
        if isinstance(value, (ipaddress.IPv4Interface, ipaddress.IPv6Interface)):  # before Address:
            return ipaddress.ip_interface(self._network(value.ip))  # an Interface is an Address
        if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
            return self._network(value)
        if isinstance(value, str):
            try:
                parsed = ipaddress.ip_interface(value.strip())
            except ValueError:
                pass
            else:
                return fit(str(self._network(parsed.ip)), self.column)
        return None if self.column.nullable else Fixed(self.column).mask(value, field=field, row=row)


@dataclass(frozen=True)
class DeleteRow:
    """Not a value: the whole row is deleted (``erase_collection`` does it)."""

    name: str = names.DELETE_ROW
    anonymising: bool = True

    def mask(self, value: Any, *, field: FieldSpec, row: dict[str, Any]) -> object:
        raise TypeError("delete_row removes the row; it has no replacement value")


def _canonical(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str).encode()
    return str(value).encode()
