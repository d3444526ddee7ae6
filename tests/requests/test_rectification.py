"""Rectification on PostgreSQL: values checked against the column types, only the person's rows."""

import pytest

from personvern.errors import Invalid
from tests.requests.shop import ANNA, snapshot, touched

pytestmark = pytest.mark.postgres


def test_rectification_updates_the_named_fields_of_the_persons_rows(service, shop_pg):
    before = snapshot(shop_pg)
    request = service.create(
        "rectification", {"email": ANNA}, actor="test",
        params={"changes": {"customers.phone": "+47 911 22 333", "shop.orders.delivery_address": "Nyveien 5, 0150 Oslo"}},
    )
    done = service.execute(request.id, actor="test")
    assert done.result["updated"] == [
        {"collection": "shop:customers", "fields": ["phone"], "rows": 1},
        {"collection": "shop:orders", "fields": ["delivery_address"], "rows": 3},
    ]
    after = snapshot(shop_pg)
    assert after["customers"][1]["phone"] == "+47 911 22 333"
    assert {after["orders"][i]["delivery_address"] for i in (10, 11, 12)} == {"Nyveien 5, 0150 Oslo"}
    assert after["orders"][13] == before["orders"][13]  # Bjørn's order
    assert after["customers"][2] == before["customers"][2]
    assert set(touched(shop_pg)) == {("customers", 1), ("orders", 10), ("orders", 11), ("orders", 12)}


def test_typed_values_are_converted(service, shop_pg):
    request = service.create("rectification", {"email": ANNA}, actor="test",
                             params={"changes": {"shop:invoices.amount": "1000", "invoices.paid_at": "2025-12-01T10:00:00"}})
    service.execute(request.id, actor="test")
    invoices = snapshot(shop_pg)["invoices"]
    assert invoices[22]["amount"] == 1000 and invoices[22]["paid_at"].isoformat() == "2025-12-01T10:00:00"


@pytest.mark.parametrize(("changes", "problem"), [
    ({"invoices.amount": "a lot"}, "expected a whole number"),
    ({"invoices.amount": "99999999999"}, "does not fit a 32-bit integer"),
    ({"customers.phone": "+47" + "1" * 30}, "at most 20 characters"),
    ({"invoices.paid_at": "yesterday"}, "expected a datetime value"),
    ({"customers.name": None}, "does not accept an empty value"),
    ({"customers.id": "5"}, "key or read-only"),
    ({"customers.shoe_size": "42"}, "not a field of the data map"),
    ({}, "names the fields to change"),
])
def test_values_that_do_not_fit_the_column_are_refused_before_anything_is_written(
    service, shop_pg_shared, changes, problem,
):
    before = snapshot(shop_pg_shared)
    with pytest.raises(Invalid, match=problem):
        service.create("rectification", {"email": ANNA}, actor="test", params={"changes": changes})
    assert snapshot(shop_pg_shared) == before
    assert service.list() == []
