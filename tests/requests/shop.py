"""The test shop's database (the company side): tables, fictional rows, and on PostgreSQL a
trigger-kept count of how often each row was updated or deleted."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    select,
    text,
)

FIXTURES = Path(__file__).parent / "fixtures" / "shop"
DECLARATION = FIXTURES / "personvern.yaml"
DATASET = FIXTURES / "shop.yml"
URL_ENV = "PV_TEST_SHOP_URL"
ANNA = "anna@example.com"
BJORN = "bjorn@example.com"

metadata = MetaData()
customers = Table(
    "customers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("phone", String(20)),
    Column("created_at", DateTime, nullable=False),
)
orders = Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("placed_at", DateTime, nullable=False),
    Column("delivery_name", String(100), nullable=False),
    Column("delivery_address", String(200)),
)
invoices = Table(
    "invoices", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False),
    Column("billing_name", String(100), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("paid_at", DateTime),
)
newsletter = Table(
    "newsletter", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(254), nullable=False),
    Column("name", String(100)),
)
visits = Table(
    "visits", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("customer_id", Integer, ForeignKey("customers.id")),
    Column("ip", String(45), nullable=False),
    Column("path", String(200), nullable=False),
    Column("ts", DateTime, nullable=False),
)
TABLES = (customers, orders, invoices, newsletter, visits)


def rows() -> dict[str, list[dict[str, Any]]]:
    """Anna has old and recent orders (the recent ones under bookkeeping), one unpaid invoice,
    the newsletter and 30 visits; Bjørn and an anonymous visitor must never be touched."""
    d = datetime
    return {
        "customers": [
            {"id": 1, "email": ANNA, "name": "Anna Test", "phone": "+47 400 00 001", "created_at": d(2014, 3, 1)},
            {"id": 2, "email": BJORN, "name": "Bjørn Test", "phone": "+47 400 00 002", "created_at": d(2015, 1, 1)},
        ],
        "orders": [
            {"id": 10, "customer_id": 1, "placed_at": d(2015, 5, 1), "delivery_name": "Anna Test",
             "delivery_address": "Testveien 2, 0150 Oslo"},
            {"id": 11, "customer_id": 1, "placed_at": d(2024, 6, 1), "delivery_name": "Anna Test",
             "delivery_address": "Testveien 2, 0150 Oslo"},
            {"id": 12, "customer_id": 1, "placed_at": d(2025, 11, 1), "delivery_name": "Anna Test",
             "delivery_address": "Testveien 2, 0150 Oslo"},
            {"id": 13, "customer_id": 2, "placed_at": d(2015, 5, 1), "delivery_name": "Bjørn Test",
             "delivery_address": "Prøveveien 3, 5003 Bergen"},
        ],
        "invoices": [
            {"id": 20, "order_id": 10, "billing_name": "Anna Test", "amount": 990, "paid_at": d(2015, 5, 3)},
            {"id": 21, "order_id": 11, "billing_name": "Anna Test", "amount": 4990, "paid_at": d(2024, 6, 5)},
            {"id": 22, "order_id": 12, "billing_name": "Anna Test", "amount": 1290, "paid_at": None},
            {"id": 23, "order_id": 13, "billing_name": "Bjørn Test", "amount": 590, "paid_at": d(2015, 5, 9)},
        ],
        "newsletter": [
            {"id": 30, "email": "ANNA@example.com", "name": "Anna"},
            {"id": 31, "email": BJORN, "name": "Bjørn"},
        ],
        "visits": [
            *({"id": 100 + i, "customer_id": 1, "ip": f"192.0.2.{i + 1}", "path": f"/p/{i}",
               "ts": d(2026, 1, 1, 10, i)} for i in range(30)),
            *({"id": 200 + i, "customer_id": 2, "ip": f"198.51.100.{i + 1}", "path": f"/q/{i}",
               "ts": d(2026, 1, 2, 10, i)} for i in range(10)),
            {"id": 300, "customer_id": None, "ip": "203.0.113.9", "path": "/", "ts": d(2026, 1, 3)},
        ],
    }


COUNTER_SQL = """
CREATE TABLE touched (tbl text NOT NULL, pk integer NOT NULL, n integer NOT NULL, PRIMARY KEY (tbl, pk));
CREATE FUNCTION count_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO touched VALUES (TG_TABLE_NAME, OLD.id, 1)
  ON CONFLICT (tbl, pk) DO UPDATE SET n = touched.n + 1;
  RETURN NULL;
END $$;
"""


def create_shop(url: str, *, counter: bool = False) -> None:
    engine = create_engine(url)
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            for table in TABLES:
                conn.execute(table.insert(), rows()[table.name])
            if counter:
                conn.exec_driver_sql(COUNTER_SQL)
                for table in TABLES:
                    conn.exec_driver_sql(
                        f"CREATE TRIGGER {table.name}_touch AFTER UPDATE OR DELETE ON {table.name} "
                        "FOR EACH ROW EXECUTE FUNCTION count_touch()"
                    )
    finally:
        engine.dispose()


def snapshot(url: str) -> dict[str, dict[int, dict[str, Any]]]:
    """Every row of every table, by table and id."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: {r.id: dict(r._mapping) for r in conn.execute(select(t))} for t in TABLES}
    finally:
        engine.dispose()


def touched(url: str) -> dict[tuple[str, int], int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {(r.tbl, r.pk): r.n for r in conn.execute(text("SELECT tbl, pk, n FROM touched"))}
    finally:
        engine.dispose()
