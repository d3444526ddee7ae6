"""The Fides example on real PostgreSQL: its SQL and its dataset files, unmodified.

An access request for customer-1@example.com returns exactly the rows the references reach;
an erasure masks exactly those rows' personal fields (whatever their type) and nothing else.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from personvern.connectors.factory import connect
from personvern.datamap.execute import collect, erase
from personvern.datamap.loader import load_datamap
from personvern.datamap.plan import build_plan
from personvern.keys import Keys
from tests.datamap.fides import DATASET, EXTENDED, EXTENDED_KEY, KEY, load_sample, requires_fides, table

pytestmark = [pytest.mark.postgres, requires_fides]

A = f"{KEY}:"
KEYS = Keys(b"fides-example-secret-0123456789abcdef")

EXPECTED_ACCESS = {
    A + "customer": [
        {"id": 1, "email": "customer-1@example.com", "name": "John Customer",
         "created": datetime(2020, 4, 1, 11, 47, 42), "address_id": 1},
    ],
    A + "employee": [],
    A + "report": [],
    A + "service_request": [
        {"id": "ser_aaa-aaa", "email": "customer-1@example.com", "alt_email": "customer-1-alt@example.com",
         "opened": date(2021, 1, 1), "closed": date(2021, 1, 3), "employee_id": 1},
    ],
    A + "visit": [{"email": "customer-1@example.com", "last_visit": datetime(2021, 1, 6, 1, 0)}],
    A + "login": [
        {"id": n, "customer_id": 1, "time": datetime(2021, 1, n, 1, 0)} for n in range(1, 7)
    ],
    A + "orders": [
        {"id": "ord_aaa-aaa", "customer_id": 1, "shipping_address_id": 2, "payment_card_id": "pay_aaa-aaa"},
        {"id": "ord_ccc-ccc", "customer_id": 1, "shipping_address_id": 1, "payment_card_id": "pay_aaa-aaa"},
        {"id": "ord_ddd-ddd", "customer_id": 1, "shipping_address_id": 1, "payment_card_id": "pay_bbb-bbb"},
    ],
    A + "payment_card": [
        {"id": "pay_aaa-aaa", "name": "Example Card 1", "ccn": 123456789, "code": 321, "preferred": True,
         "customer_id": 1, "billing_address_id": 1},
    ],
    A + "address": [
        {"id": 1, "house": 123, "street": "Example Street", "city": "Exampletown", "state": "NY", "zip": "12345"},
        {"id": 2, "house": 4, "street": "Example Lane", "city": "Exampletown", "state": "NY", "zip": "12321"},
    ],
    A + "order_item": [
        {"order_id": "ord_aaa-aaa", "item_no": 1, "product_id": 1, "quantity": 1},
        {"order_id": "ord_ccc-ccc", "item_no": 1, "product_id": 1, "quantity": 1},
        {"order_id": "ord_ccc-ccc", "item_no": 2, "product_id": 2, "quantity": 1},
        {"order_id": "ord_ddd-ddd", "item_no": 1, "product_id": 1, "quantity": 1},
    ],
    A + "product": [
        {"id": 1, "name": "The Choco Chip", "description": "Crisp & chewy cookie with milk chocolate chunks",
         "url": "https://harpocrates.ethyca.com/assets/cookie_1.png", "price": "$20.00"},
        {"id": 2, "name": "The Almond Butter", "description": "Cream butter cookie with a soft almond filling",
         "url": "https://harpocrates.ethyca.com/assets/cookie_2.png", "price": "$20.00"},
    ],
}


@pytest.fixture
def sample(pg_url: str):
    load_sample(pg_url)
    datamap = load_datamap([DATASET, EXTENDED])
    connectors = {KEY: connect(KEY, pg_url), EXTENDED_KEY: connect(EXTENDED_KEY, pg_url)}
    return pg_url, datamap, connectors


def test_access_request_returns_exactly_the_reachable_rows(sample) -> None:
    _, datamap, connectors = sample
    plan = build_plan(datamap, ["email"])
    collected = collect(plan, connectors, {"email": "customer-1@example.com"})
    assert list(collected.rows) == [step.address for step in plan.steps]
    assert collected.rows == EXPECTED_ACCESS
    assert [c.address for c in plan.unreachable_personal] == [f"{EXTENDED_KEY}:loyalty"]


def test_email_identity_is_exact_unless_casefolding_is_asked_for(sample) -> None:
    _, datamap, connectors = sample
    plan = build_plan(datamap, ["email"])
    exact = collect(plan, connectors, {"email": "Customer-1@Example.com"})
    assert exact.total == 0
    folded = collect(plan, connectors, {"email": "Customer-1@Example.com"}, casefold_emails=True)
    assert folded.rows == EXPECTED_ACCESS


def test_custom_identity_reaches_its_collection(sample) -> None:
    _, datamap, connectors = sample
    plan = build_plan(datamap, ["email", "loyalty_id"])
    assert plan.unreachable_personal == []
    collected = collect(plan, connectors, {"loyalty_id": "CH-2"})
    assert collected.nonempty() == {
        f"{EXTENDED_KEY}:loyalty": [{"id": "CH-2", "name": "John Customer", "points": 200,
                                     "tier": "Cookie Connoisseur"}],
    }


def test_erasure_masks_exactly_the_collected_personal_fields(sample) -> None:
    url, datamap, connectors = sample
    plan = build_plan(datamap, ["email"])
    collected = collect(plan, connectors, {"email": "customer-1@example.com"})
    result = erase(plan, connectors, collected, KEYS)

    masked = {a.removeprefix(A): o.masked for a, o in result.collections.items() if o.masked}
    assert masked == {
        "customer": [{"id": 1}],
        "service_request": [{"id": "ser_aaa-aaa"}],
        "visit": [{"email": "customer-1@example.com", "last_visit": datetime(2021, 1, 6, 1, 0)}],
        "login": [{"id": n} for n in range(1, 7)],
        "orders": [{"id": "ord_aaa-aaa"}, {"id": "ord_ccc-ccc"}, {"id": "ord_ddd-ddd"}],
        "payment_card": [{"id": "pay_aaa-aaa"}],
        "address": [{"id": 1}, {"id": 2}],
    }
    fields = {a.removeprefix(A): o.fields for a, o in result.collections.items() if o.masked}
    assert fields == {
        "customer": ("email", "name"),
        "service_request": ("alt_email", "email", "employee_id"),  # email: an identity
        "visit": ("email",),
        "login": ("customer_id", "time"),
        "orders": ("customer_id",),
        "payment_card": ("ccn", "code", "customer_id", "name", "preferred"),
        "address": ("city", "house", "state", "street", "zip"),
    }
    assert result.deleted == 0 and result.skipped == 0
    order = [a.removeprefix(A) for a in result.collections]
    assert order.index("order_item") < order.index("orders") < order.index("customer") < order.index("address")
    assert order.index("login") < order.index("customer")
    assert order.index("payment_card") < order.index("address")

    # the database afterwards: only the collected rows changed, every personal field masked
    assert table(url, "customer", "id") == [
        (1, None, None, datetime(2020, 4, 1, 11, 47, 42), 1),
        (2, "customer-2@example.com", "Jill Customer", datetime(2020, 4, 1, 11, 47, 42), 2),
        (3, "jane@example.com", "Jane Customer", datetime(2020, 4, 1, 11, 47, 42), 4),
    ]
    assert table(url, "address", "id") == [
        (1, None, None, None, None, None),
        (2, None, None, None, None, None),
        (3, 555, "Example Ave", "Example City", "NY", "12000"),
        (4, 1111, "Example Place", "Example Mountain", "TX", "54321"),
    ]
    assert table(url, "login", "id") == [
        *[(n, None, None) for n in range(1, 7)],
        (7, 2, datetime(2021, 1, 6, 1, 0)),
        (8, 3, datetime(2021, 1, 6, 1, 0)),
    ]
    assert table(url, "orders", "id") == [
        ("ord_aaa-aaa", None, 2, "pay_aaa-aaa"),
        ("ord_bbb-bbb", 2, 1, "pay_bbb-bbb"),
        ("ord_ccc-ccc", None, 1, "pay_aaa-aaa"),
        ("ord_ddd-ddd", None, 1, "pay_bbb-bbb"),
        ("ord_ddd-eee", 3, 4, "pay_ccc-ccc"),
    ]
    assert table(url, "payment_card", "id") == [
        ("pay_aaa-aaa", None, None, None, None, None, 1),
        ("pay_bbb-bbb", "Example Card 2", 987654321, 123, False, 2, 1),
        ("pay_ccc-ccc", "Example Card 3", 373719391, 222, False, 3, 4),
    ]
    # visit.email is part of the table's primary key (NOT NULL): a surrogate, the same each run
    visits = table(url, "visit", "last_visit, email")
    assert ("customer-2@example.com", datetime(2021, 1, 6, 1, 0)) in visits
    erased_visit = [v for v in visits if v[0] != "customer-2@example.com"]
    assert len(erased_visit) == 1 and erased_visit[0][0].startswith("erased-")
    assert erased_visit[0][0].endswith("@erased.invalid") and "customer-1" not in erased_visit[0][0]
    # service_request.email is declared system.operations, but it is an identity: an identity is
    # personal data whatever its category, so it is masked too
    erased_request = table(url, "service_request", "id")[0]
    assert erased_request[0] == "ser_aaa-aaa" and erased_request[1] != "customer-1@example.com"
    assert erased_request[2:] == (None, date(2021, 1, 1), date(2021, 1, 3), None)
    assert table(url, "order_item", "order_id, item_no")[0] == ("ord_aaa-aaa", 1, 1, 1)
    assert len(table(url, "product", "id")) == 6

    # afterwards the identity finds nothing personal any more
    again = collect(plan, connectors, {"email": "customer-1@example.com"})
    assert again.nonempty() == {}


def test_erasure_runs_again_without_changing_anything(sample) -> None:
    url, datamap, connectors = sample
    plan = build_plan(datamap, ["email"])
    collected = collect(plan, connectors, {"email": "customer-1@example.com"})
    erase(plan, connectors, collected, KEYS)
    names = ["customer", "address", "login", "orders", "payment_card", "visit", "service_request"]
    before = {name: table(url, name, "1, 2") for name in names}
    steps: list[str] = []
    erase(plan, connectors, collected, KEYS, on_step=lambda step, outcome: steps.append(step.address))
    assert {name: table(url, name, "1, 2") for name in names} == before
    assert len(steps) == len(plan.steps)


def test_skipped_rows_are_kept_with_their_reason(sample) -> None:
    url, datamap, connectors = sample
    plan = build_plan(datamap, ["email"])
    collected = collect(plan, connectors, {"email": "customer-1@example.com"})

    def keep_orders(collection, row):
        return "bookkeeping (bokføringsloven § 13)" if collection.name == "orders" else None

    result = erase(plan, connectors, collected, KEYS, skip=keep_orders)
    orders = result.collections[A + "orders"]
    assert orders.masked == []
    assert orders.skipped == [({"id": i}, "bookkeeping (bokføringsloven § 13)")
                              for i in ("ord_aaa-aaa", "ord_ccc-ccc", "ord_ddd-ddd")]
    assert [row[1] for row in table(url, "orders", "id")] == [1, 2, 1, 1, 3]
    assert table(url, "customer", "id")[0][1] is None
