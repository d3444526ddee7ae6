"""The retention tests' shop database: tables, fictional rows, and what a run must do to them.

The clock is frozen at 2026-01-15 12:00 UTC (``TODAY``); the fiscal year starts on 1 July.
Each row's comment says why it stays or goes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    select,
)

FIXTURES = Path(__file__).parent / "fixtures" / "shop"
DECLARATION = FIXTURES / "personvern.yaml"
URL_ENV = "PV_TEST_RETENTION_URL"
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
RITA = "rita@example.com"  # restricted (Art. 18)
HANS = "hans@example.com"  # on legal hold
OLE = "ole@example.com"  # objected to marketing


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


metadata = MetaData()
customers = Table(
    "customers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("last_login_at", DateTime),
    Column("cancelled_at", DateTime),
)
settings = Table(
    "settings", metadata,
    Column("customer_id", Integer, ForeignKey("customers.id"), primary_key=True, autoincrement=False),
    Column("theme", String(10), nullable=False),
)
orders = Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("placed_at", DateTime, nullable=False),
    Column("total", Integer, nullable=False),
)
order_lines = Table(
    "order_lines", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False),
    Column("product", String(100), nullable=False),
)
payments = Table(
    "payments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False),
    Column("paid_at", DateTime(timezone=True)),  # timestamptz on PostgreSQL
    Column("card_last4", String(4)),
)
messages = Table(
    "messages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(254), nullable=False),
    Column("message", String(500), nullable=False),
    Column("sent_at", DateTime, nullable=False),
)
subscribers = Table(
    "subscribers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(254), nullable=False),
    Column("withdrawn_at", DateTime),
)
visits = Table(
    "visits", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("ts", DateTime, nullable=False, index=True),
    Column("ip", String(45), nullable=False),
    Column("path", String(200), nullable=False),
    Column("user_agent", String(300)),
    Column("customer_id", Integer, ForeignKey("customers.id")),
)
applications = Table(
    "applications", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(254), nullable=False),
    Column("closed_at", DateTime),
)
registrations = Table(
    "registrations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(254), nullable=False),
    Column("event_date", Date, nullable=False),
    Column("diet", String(100)),
)


def rows() -> dict[str, list[dict[str, Any]]]:
    return {
        "customers": [
            # active, logged in last week: kept by both activities
            {"id": 1, "email": "kari@example.com", "name": "Kari", "last_login_at": at("2026-01-10 09:00"),
             "cancelled_at": None},
            # cancelled 30 June 2023: fiscal year ends that day, + 2 years = 1 July 2025: gone
            {"id": 2, "email": "ola@example.com", "name": "Ola", "last_login_at": at("2023-06-29 10:00"),
             "cancelled_at": at("2023-06-30 15:00")},
            # cancelled 1 July 2023: a new fiscal year, kept until 1 July 2026
            {"id": 3, "email": "per@example.com", "name": "Per", "last_login_at": at("2023-06-30 10:00"),
             "cancelled_at": at("2023-07-01 08:00")},
            # inactive for years but the account is open: crm lets go, accounts keeps
            {"id": 4, "email": "inger@example.com", "name": "Inger", "last_login_at": at("2020-03-01 10:00"),
             "cancelled_at": None},
            {"id": 5, "email": RITA, "name": "Rita", "last_login_at": at("2019-12-01 10:00"),
             "cancelled_at": at("2020-01-01 10:00")},
            {"id": 6, "email": HANS, "name": "Hans", "last_login_at": at("2019-12-01 10:00"),
             "cancelled_at": at("2020-01-01 10:00")},
            # cancelled this morning: the account stays (fiscal years), its settings go today
            {"id": 7, "email": "siri@example.com", "name": "Siri", "last_login_at": at("2026-01-15 08:00"),
             "cancelled_at": at("2026-01-15 09:00")},
        ],
        "settings": [{"customer_id": i, "theme": "dark"} for i in range(1, 8)],
        "orders": [
            {"id": 1, "customer_id": 2, "placed_at": at("2020-06-01 10:00"), "total": 100},
            # 31 December 2020, late evening: the year 2020 ended 5 years ago yesterday
            {"id": 2, "customer_id": 1, "placed_at": at("2020-12-31 23:30"), "total": 200},
            # 1 January 2021, just after midnight: kept by bookkeeping until 2027
            {"id": 3, "customer_id": 1, "placed_at": at("2021-01-01 00:10"), "total": 300},
            {"id": 4, "customer_id": 1, "placed_at": at("2025-06-01 10:00"), "total": 400},
            {"id": 5, "customer_id": 5, "placed_at": at("2019-01-01 10:00"), "total": 500},
            {"id": 6, "customer_id": 6, "placed_at": at("2019-01-01 10:00"), "total": 600},
        ],
        "order_lines": [
            {"id": 1, "order_id": 1, "product": "Sykkel"}, {"id": 2, "order_id": 2, "product": "Hjelm"},
            {"id": 3, "order_id": 3, "product": "Lås"}, {"id": 4, "order_id": 5, "product": "Lys"},
        ],
        "payments": [
            {"id": 1, "order_id": 1, "paid_at": datetime(2020, 6, 1, 10, 1, tzinfo=UTC), "card_last4": "1234"},
            {"id": 2, "order_id": 3, "paid_at": None, "card_last4": None},  # unpaid: kept
            {"id": 3, "order_id": 4, "paid_at": datetime(2025, 6, 1, 10, 1, tzinfo=UTC), "card_last4": "9876"},
        ],
        "messages": [
            {"id": 1, "email": "kari@example.com", "message": "Hei", "sent_at": at("2025-11-01 10:00")},
            {"id": 2, "email": "ukjent@example.com", "message": "Hei", "sent_at": at("2025-11-01 10:00")},
            {"id": 3, "email": "ukjent@example.com", "message": "Hei", "sent_at": at("2026-01-01 10:00")},
            {"id": 4, "email": "kari@example.com", "message": "Hei", "sent_at": at("2023-12-01 10:00")},
            {"id": 5, "email": "ny@example.com", "message": "Hei", "sent_at": at("2025-12-16 23:59")},
            {"id": 6, "email": "ny@example.com", "message": "Hei", "sent_at": at("2025-12-17 00:00")},
        ],
        "subscribers": [
            {"id": 1, "email": "a@example.com", "withdrawn_at": at("2026-01-15 08:00")},
            {"id": 2, "email": "b@example.com", "withdrawn_at": None},
            {"id": 3, "email": OLE, "withdrawn_at": None},
            {"id": 4, "email": "analyse@example.com", "withdrawn_at": None},
        ],
        "visits": [
            {"id": 1, "ts": at("2025-12-01 10:00"), "ip": "192.168.10.77", "path": "/konto",
             "user_agent": "Mozilla/5.0", "customer_id": 1},
            {"id": 2, "ts": at("2025-12-01 11:00"), "ip": "2001:db8:1234:5678::1", "path": "/",
             "user_agent": None, "customer_id": None},
            {"id": 3, "ts": at("2026-01-10 10:00"), "ip": "10.1.2.3", "path": "/", "user_agent": "Mozilla/5.0",
             "customer_id": 1},
            {"id": 4, "ts": at("2025-12-01 12:00"), "ip": "10.0.0.0", "path": "REDACTED", "user_agent": None,
             "customer_id": None},  # anonymised already
            {"id": 5, "ts": at("2025-12-16 00:00"), "ip": "10.9.9.9", "path": "/", "user_agent": None,
             "customer_id": None},  # exactly 30 days before today
        ],
        "applications": [
            {"id": 1, "email": "søker1@example.com", "closed_at": at("2025-06-01 10:00")},
            {"id": 2, "email": "søker2@example.com", "closed_at": None},
            {"id": 3, "email": "søker3@example.com", "closed_at": at("2026-01-15 07:00")},
        ],
        "registrations": [
            {"id": 1, "email": "kari@example.com", "event_date": date(2026, 1, 14), "diet": "Vegan"},
            {"id": 2, "email": "kari@example.com", "event_date": date(2026, 1, 15), "diet": "Vegan"},
            {"id": 3, "email": "ola@example.com", "event_date": date(2026, 2, 1), "diet": None},
        ],
    }


# What a run at NOW removes, with Rita restricted, Hans on hold and Ole objecting to marketing.
DELETED = {
    "customers": {2},
    "settings": {2, 3, 7},
    "orders": {1, 2},
    "order_lines": {1, 2},
    "payments": {1},
    "messages": {2, 4, 5},
    "subscribers": {1, 3},
    "applications": {1, 3},
    "registrations": {1},
}
ANONYMISED = {"visits": {1, 2, 5}}
SKIPPED = {
    "customers": {"restricted": 1, "hold": 1},
    "settings": {"restricted": 1, "hold": 1},
    "orders": {"restricted": 1, "hold": 1},
    "order_lines": {"restricted": 1},
}


def create_shop(url: str) -> None:
    engine = create_engine(url)
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            for table in metadata.sorted_tables:
                data = rows()[table.name]
                if data:
                    conn.execute(table.insert(), data)
    finally:
        engine.dispose()


def snapshot(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, by key order (to compare two databases)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            out = {}
            for table in metadata.sorted_tables:
                key = list(table.primary_key.columns)
                out[table.name] = [_plain(dict(r._mapping)) for r in conn.execute(select(table).order_by(*key))]
            return out
    finally:
        engine.dispose()


def keys(url: str, table: str) -> set[int]:
    return {row[next(iter(row))] for row in snapshot(url)[table]}


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in row.items():
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        out[name] = value
    return out
