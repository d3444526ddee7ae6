"""Art. 17(3)(b) on the demo declaration: bookkeeping keeps invoices, payments, orders and items."""

from datetime import date, datetime
from pathlib import Path

import pytest

from personvern.datamap.declared import datamap_of
from personvern.declaration.loader import load
from personvern.requests.keep import legal_holds, partition

DEMO = Path(__file__).resolve().parents[2] / "src" / "personvern" / "demo" / "files" / "personvern.yaml"
TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def demo():
    loaded = load(DEMO)
    return loaded.declaration, datamap_of(loaded)


def test_legal_holds_are_the_legal_obligation_activities(demo):
    declaration, _ = demo
    holds = legal_holds(declaration)
    assert {h.activity.key for h in holds["nordlys:invoices"]} == {"bookkeeping"}
    assert "nordlys:customers" not in holds  # contract and legitimate interests keep nothing


def test_rows_inside_the_period_are_kept_with_law_and_release_date(demo):
    declaration, datamap = demo
    rows = {
        "nordlys:invoices": [
            {"id": 1, "paid_at": datetime(2019, 3, 1)},  # released 2024-12-31: erased
            {"id": 2, "paid_at": datetime(2024, 3, 1)},  # kept to 2029-12-31
            {"id": 3, "paid_at": None},  # unpaid: kept, release unknown
        ],
        "nordlys:orders": [{"id": 7, "placed_at": datetime(2023, 6, 1)}, {"id": 8, "placed_at": datetime(2018, 1, 1)}],
        # the items' anchor is their order's placed_at, found through the reference order_id -> orders.id
        "nordlys:order_items": [{"id": 70, "order_id": 7}, {"id": 80, "order_id": 8}],
        "nordlys:customers": [{"id": 5, "email": "kari@example.com"}],
    }
    split = partition(declaration, datamap, rows, TODAY)
    assert [r["id"] for r in split.erase["nordlys:invoices"]] == [1]
    assert [r["id"] for r in split.erase["nordlys:orders"]] == [8]
    assert [r["id"] for r in split.erase["nordlys:order_items"]] == [80]
    assert [r["id"] for r in split.erase["nordlys:customers"]] == [5]
    kept = {k["collection"]: k for k in split.kept}
    assert kept["nordlys:invoices"]["law"] == "bokføringsloven § 13"
    assert kept["nordlys:invoices"]["activity"] == "bookkeeping"
    assert kept["nordlys:invoices"]["rows"] == [
        {"keys": {"id": 2}, "release_date": "2029-12-31"}, {"keys": {"id": 3}, "release_date": None},
    ]
    assert kept["nordlys:order_items"]["rows"] == [{"keys": {"id": 70}, "release_date": "2028-12-31"}]


def test_the_last_day_is_still_kept(demo):
    declaration, datamap = demo
    rows = {"nordlys:invoices": [{"id": 1, "paid_at": datetime(2020, 6, 1)}]}
    assert partition(declaration, datamap, rows, date(2025, 12, 31)).kept
    assert not partition(declaration, datamap, rows, date(2026, 1, 1)).kept


def test_without_a_declaration_everything_is_erased(demo):
    _, datamap = demo
    rows = {"nordlys:invoices": [{"id": 2, "paid_at": datetime(2025, 3, 1)}]}
    split = partition(None, datamap, rows, TODAY)
    assert split.erase == rows and split.kept == []
