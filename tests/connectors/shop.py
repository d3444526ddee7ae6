"""A small shop schema, created with SQLAlchemy Core on SQLite, PostgreSQL and MariaDB alike."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    create_engine,
)

metadata = MetaData()

customers = Table(
    "customers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("email", String(60), nullable=False, unique=True),
    Column("name", String(40)),
    Column("born", Date),
    Column("created_at", DateTime, nullable=False),
    Column("vip", Boolean, nullable=False, default=False),
    Column("balance", Numeric(10, 2)),
    Column("notes", Text),
    Column("profile", JSON),
)
orders = Table(
    "orders", metadata,
    Column("id", String(20), primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=True, index=True),
    Column("total", Integer, nullable=False),
)
events = Table(  # no primary key
    "events", metadata,
    Column("customer_email", String(60)),
    Column("kind", String(20)),
    Column("at", DateTime),
)

CUSTOMERS = [
    {"id": 1, "email": "ada@example.com", "name": "Ada", "born": date(1985, 6, 15),
     "created_at": datetime(2024, 1, 2, 3, 4, 5), "vip": True, "balance": Decimal("12.50"),
     "notes": "likes bikes", "profile": {"phone": "+47 400 00 001", "city": "Oslo"}},
    {"id": 2, "email": "bo@example.com", "name": "Bo", "born": None,
     "created_at": datetime(2024, 2, 3, 4, 5, 6), "vip": False, "balance": None,
     "notes": None, "profile": None},
    {"id": 3, "email": "Cy@Example.com", "name": "Cy", "born": date(2001, 1, 1),
     "created_at": datetime(2024, 3, 4, 5, 6, 7), "vip": False, "balance": Decimal("0.00"),
     "notes": "", "profile": {"phone": "+47 400 00 003"}},
]
ORDERS = [
    {"id": "o-1", "customer_id": 1, "total": 100},
    {"id": "o-2", "customer_id": 1, "total": 250},
    {"id": "o-3", "customer_id": 2, "total": 75},
]
EVENTS = [
    {"customer_email": "ada@example.com", "kind": "login", "at": datetime(2024, 5, 1, 8, 0)},
    {"customer_email": "ada@example.com", "kind": "login", "at": datetime(2024, 5, 2, 8, 0)},
    {"customer_email": "bo@example.com", "kind": "login", "at": datetime(2024, 5, 3, 8, 0)},
]


def create_shop(url: str) -> None:
    engine = create_engine(url)
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(customers.insert(), CUSTOMERS)
            conn.execute(orders.insert(), ORDERS)
            conn.execute(events.insert(), EVENTS)
    finally:
        engine.dispose()


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'shop.db'}"


def database_url(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> str:
    if kind == "sqlite":
        return sqlite_url(tmp_path)
    if kind == "postgres":
        return request.getfixturevalue("pg_url")
    return request.getfixturevalue("mysql_url")


ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", id="mariadb", marks=pytest.mark.mariadb),
]
