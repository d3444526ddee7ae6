"""bench/dsr.py's data on a small scale: generated rows are what the access request finds, and
rebuilding the erasure pool restores exactly what an erasure changed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import psycopg
import pytest

from tests.datamap.fides import libpq_url, load_sample, requires_fides

pytestmark = [pytest.mark.postgres, requires_fides]
BENCH = Path(__file__).resolve().parents[2] / "bench" / "dsr.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_dsr", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_dsr", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _snapshot(url: str, tables: list[str]) -> dict[str, list[tuple]]:
    with psycopg.connect(libpq_url(url)) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}


def test_generated_customers_are_found_erased_and_rebuilt(pg_url: str) -> None:
    dsr = _bench()
    load_sample(pg_url)
    with psycopg.connect(libpq_url(pg_url), autocommit=True) as conn:
        conn.execute("TRUNCATE " + ", ".join(dsr.GENERATED))
        for statement in dsr.GENERATE:
            conn.execute(statement, {"lo": 1, "hi": 30})
    before = _snapshot(pg_url, dsr.GENERATED)
    assert {t: len(rows) for t, rows in before.items()} == {
        "address": 30, "customer": 30, "payment_card": 30, "orders": 60, "order_item": 120,
        "login": 150, "visit": 60, "service_request": 3,
    }
    engine = dsr.Engine(pg_url)
    found, package = engine.access(dsr.email(20))
    # customer, address, card, 2 orders, 4 items, 5 logins, 2 visits, service request, products
    assert found >= 1 + 1 + 1 + 2 + 4 + 5 + 2 + 1
    assert engine.erase(dsr.email(20)) == 1 + 1 + 1 + 2 + 5 + 2 + 1
    assert _snapshot(pg_url, dsr.GENERATED) != before
    dsr.rebuild_pool(pg_url, 30)
    assert _snapshot(pg_url, dsr.GENERATED) == before
