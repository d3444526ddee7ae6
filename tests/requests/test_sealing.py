import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal
from ipaddress import ip_address

import pytest

from personvern.keys import Keys
from personvern.requests.sealing import Sealer, normalise


@pytest.fixture
def sealer() -> Sealer:
    return Sealer(Keys(b"s" * 32))


def test_rows_come_back_with_their_types_and_column_order(sealer):
    row = {
        "z_id": 7, "when": datetime(2024, 1, 2, 3, 4, 5), "aware": datetime(2024, 1, 2, tzinfo=UTC),
        "day": date(2024, 1, 2), "at": time(10, 30), "amount": Decimal("10.50"), "blob": b"\x00\x01",
        "key": uuid.UUID(int=5), "ip": ip_address("192.0.2.1"), "flag": True, "none": None,
        "nested": {"list": [1, "a", date(2020, 1, 1)]},
    }
    sealed = sealer.seal(row, context="request:1:step:collect")
    assert "2024" not in sealed  # encrypted, not encoded
    opened = sealer.open(sealed, context="request:1:step:collect")
    assert opened == row
    assert list(opened) == list(row)
    assert type(opened["when"]) is datetime and type(opened["day"]) is date


def test_a_sealed_value_does_not_open_in_another_place(sealer):
    sealed = sealer.seal({"email": "kari@example.com"}, context="request:1:identity")
    with pytest.raises(ValueError, match="does not open"):
        sealer.open(sealed, context="request:2:identity")


def test_subject_hash_is_keyed_and_normalised(sealer):
    assert sealer.subject_hash("email", " Kari@Example.COM ") == sealer.subject_hash("email", "kari@example.com")
    assert sealer.subject_hash("email", "kari@example.com") != Sealer(Keys(b"t" * 32)).subject_hash(
        "email", "kari@example.com"
    )
    assert "kari" not in sealer.subject_hash("email", "kari@example.com")
    assert normalise("phone_number", "+47 400 00 001") == "+4740000001"
