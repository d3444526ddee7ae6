"""Each strategy on each kind of value."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from personvern.connectors.base import ColumnInfo
from personvern.datamap.model import FieldSpec
from personvern.masking.strategies import (
    DeleteRow,
    Fixed,
    GeneraliseDate,
    KeyedHash,
    Null,
    Strategy,
    Surrogate,
    TruncateIp,
)

EMAIL = FieldSpec("email", ("email",), ("user.contact.email",))
PHONE = FieldSpec("phone", ("phone",), ("user.contact.phone_number",))
KEY = b"k" * 32


def col(kind: str, **extra) -> ColumnInfo:
    return ColumnInfo(name="c", kind=kind, **extra)


def test_every_strategy_follows_the_protocol() -> None:
    for strategy in (Null(), Fixed(), KeyedHash(KEY), Surrogate(KEY), GeneraliseDate(), TruncateIp(), DeleteRow()):
        assert isinstance(strategy, Strategy)
    with pytest.raises(TypeError):
        DeleteRow().mask(1, field=EMAIL, row={})


@pytest.mark.parametrize("column, value, expected", [
    (col("string"), "Ada", "REDACTED"),
    (col("string", length=4), "Ada Lovelace", "REDA"),
    (col("integer"), 42, 0),
    (col("decimal"), Decimal("9.99"), Decimal(0)),
    (col("float"), 1.5, 0.0),
    (col("boolean"), True, False),
    (col("date"), date(1985, 6, 15), date(1900, 1, 1)),
    (col("datetime"), datetime(2024, 1, 2, 3, 4), datetime(1900, 1, 1)),
    (col("datetime", timezone=True), datetime(2024, 1, 2, tzinfo=UTC), datetime(1900, 1, 1, tzinfo=UTC)),
    (col("time"), time(12, 30), time(0, 0)),
    (col("interval"), timedelta(days=3), timedelta(0)),
    (col("json"), {"phone": "+47 400 00 001"}, {}),
    (col("bytes"), b"\x01", b""),
    (col("uuid"), uuid.uuid4(), uuid.UUID(int=0)),
    (col("ip"), ipaddress.ip_address("10.1.2.3"), ipaddress.ip_address("0.0.0.0")),
    (col("array"), ["a"], []),
    (col("enum", enum_values=("unknown", "female", "male")), "female", "unknown"),
    (col("other"), "text in an untyped column", "REDACTED"),
    (col("other"), 7, 0),
])
def test_fixed_writes_a_value_of_the_column_type(column: ColumnInfo, value, expected) -> None:
    masked = Fixed(column).mask(value, field=PHONE, row={})
    assert masked == expected and type(masked) is type(expected)


def test_fixed_with_a_value_and_a_suffix_like_fides_string_rewrite() -> None:
    assert Fixed(col("string"), "testing", "-test").mask("Jack", field=PHONE, row={}) == "testing-test"
    assert Fixed(col("string", length=5), "testing", "-test").mask("Jack", field=PHONE, row={}) == "testi"


def test_keyed_hash_is_hmac_sha256_never_a_plain_hash() -> None:
    strategy = KeyedHash(KEY, col("string"))
    masked = strategy.mask("ada@example.com", field=EMAIL, row={})
    assert masked == hmac.new(KEY, b"ada@example.com", hashlib.sha256).hexdigest()
    assert masked != hashlib.sha256(b"ada@example.com").hexdigest()
    assert masked == strategy.mask("ada@example.com", field=EMAIL, row={})  # deterministic
    assert KeyedHash(b"x" * 32, col("string")).mask("ada@example.com", field=EMAIL, row={}) != masked
    assert len(KeyedHash(KEY, col("string", length=12)).mask("ada@example.com", field=EMAIL, row={})) == 12
    assert not strategy.anonymising


@pytest.mark.parametrize("column, value, check", [
    (col("integer", bits=16), 1234, lambda v: isinstance(v, int) and 0 < v < 2**15),
    (col("integer", bits=64), 1234, lambda v: isinstance(v, int) and 0 < v < 2**63),
    (col("decimal", precision=5, scale=2), Decimal("1.00"), lambda v: isinstance(v, Decimal) and v < 1000),
    (col("uuid"), uuid.UUID(int=5), lambda v: isinstance(v, uuid.UUID) and v != uuid.UUID(int=5)),
    (col("bytes"), b"abc", lambda v: isinstance(v, bytes) and len(v) == 32),
])
def test_keyed_hash_fits_non_text_columns(column: ColumnInfo, value, check) -> None:
    assert check(KeyedHash(KEY, column).mask(value, field=PHONE, row={}))


def test_surrogate_comes_from_the_row_key_not_from_the_value() -> None:
    strategy = Surrogate(KEY, col("string", length=60), ("id",))
    first = strategy.mask("ada@example.com", field=EMAIL, row={"id": 1})
    assert first.startswith("erased-") and first.endswith("@erased.invalid")
    assert strategy.mask("other@example.com", field=EMAIL, row={"id": 1}) == first  # value plays no part
    assert strategy.mask("ada@example.com", field=EMAIL, row={"id": 2}) != first  # unique per row
    assert len(Surrogate(KEY, col("string", length=20), ("id",)).mask("a@example.com", field=EMAIL, row={"id": 1})) <= 20
    assert isinstance(Surrogate(KEY, col("integer"), ("id",)).mask(5, field=PHONE, row={"id": 1}), int)
    assert strategy.anonymising


def test_surrogate_without_a_row_key_is_random() -> None:
    strategy = Surrogate(KEY, col("string"))
    assert strategy.mask("x", field=PHONE, row={}) != strategy.mask("x", field=PHONE, row={})


@pytest.mark.parametrize("to, value, expected", [
    ("year", date(1985, 6, 15), date(1985, 1, 1)),
    ("month", date(1985, 6, 15), date(1985, 6, 1)),
    ("year", datetime(1985, 6, 15, 13, 45, tzinfo=UTC), datetime(1985, 1, 1, tzinfo=UTC)),
    ("year", "1985-06-15", "1985-01-01"),
    ("month", "1985-06-15T10:00:00", "1985-06-01"),
])
def test_generalise_date(to: str, value, expected) -> None:
    assert GeneraliseDate(to).mask(value, field=PHONE, row={}) == expected


def test_generalise_date_of_something_else_nulls_or_fixes_it() -> None:
    assert GeneraliseDate("year", col("string")).mask("soon", field=PHONE, row={}) is None
    assert GeneraliseDate("year", col("string", nullable=False)).mask("soon", field=PHONE, row={}) == "REDACTED"


@pytest.mark.parametrize("value, expected", [
    ("192.168.10.77", "192.168.10.0"),
    ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::"),
    (ipaddress.ip_address("203.0.113.9"), ipaddress.ip_address("203.0.113.0")),
    (ipaddress.ip_address("2001:db8:abcd:12::1"), ipaddress.ip_address("2001:db8:abcd::")),
    (ipaddress.ip_interface("203.0.113.9/32"), ipaddress.ip_interface("203.0.113.0/32")),
    (" 10.0.0.255 ", "10.0.0.0"),
])
def test_truncate_ip(value, expected) -> None:
    assert TruncateIp().mask(value, field=PHONE, row={}) == expected


def test_truncate_ip_prefixes_and_garbage() -> None:
    assert TruncateIp(16, 32).mask("192.168.10.77", field=PHONE, row={}) == "192.168.0.0"
    assert TruncateIp(16, 32).mask("2001:db8:abcd:12::1", field=PHONE, row={}) == "2001:db8::"
    assert TruncateIp().mask("not an address", field=PHONE, row={}) is None
    assert TruncateIp(column=col("string", nullable=False)).mask("n/a", field=PHONE, row={}) == "REDACTED"


def test_null() -> None:
    assert Null().mask("anything", field=PHONE, row={}) is None
