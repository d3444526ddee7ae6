"""What the demo company's database holds, read back from the database (for the landing page)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Select, create_engine, func, select
from sqlalchemy.engine import URL

from personvern.demo import schema
from personvern.demo.cast import CAST, CastMember

COMPANY_NAME = "Nordlys Sykkel AS"

_BY_EMAIL = (
    schema.customers, schema.newsletter_subscribers, schema.contact_submissions,
    schema.job_applications, schema.event_registrations,
)
_BY_CUSTOMER = (schema.account_settings, schema.orders, schema.invoices, schema.web_access_log)


@dataclass(frozen=True)
class DemoPerson:
    """A named demo person to try requests with, and the rows that are theirs per table."""

    email: str
    name: str
    note: str
    note_nb: str
    rows: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def description(self) -> str:
        """The note and where the person's rows are, e.g. '... (customers 1, orders 6, ...)'."""
        where = ", ".join(f"{table} {count}" for table, count in self.rows.items())
        return f"{self.note} ({where})" if where else self.note


@dataclass(frozen=True)
class CompanySummary:
    company: str
    row_counts: dict[str, int]
    people: tuple[DemoPerson, ...]

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file (absolute), as put in NORDLYS_DB_URL."""
    return URL.create("sqlite", database=str(path.resolve())).render_as_string()


def summarize_company_database(path: Path) -> CompanySummary:
    engine = create_engine(sqlite_url(path))
    try:
        with engine.connect() as conn:
            counts = {
                table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for table in schema.TABLES
            }
            people = tuple(_person(conn, member) for member in CAST)
    finally:
        engine.dispose()
    return CompanySummary(company=COMPANY_NAME, row_counts=counts, people=people)


def _count(conn: Connection, statement: Select[Any]) -> int:
    return conn.execute(select(func.count()).select_from(statement.subquery())).scalar_one()


def _person(conn: Connection, member: CastMember) -> DemoPerson:
    rows: dict[str, int] = {}
    for table in _BY_EMAIL:
        rows[table.name] = _count(conn, select(table.c.email).where(table.c.email == member.email))
    customer_ids = select(schema.customers.c.id).where(schema.customers.c.email == member.email)
    for table in _BY_CUSTOMER:
        rows[table.name] = _count(
            conn, select(table.c.customer_id).where(table.c.customer_id.in_(customer_ids))
        )
    order_ids = select(schema.orders.c.id).where(schema.orders.c.customer_id.in_(customer_ids))
    rows["order_items"] = _count(
        conn, select(schema.order_items.c.id).where(schema.order_items.c.order_id.in_(order_ids))
    )
    invoices = schema.invoices
    invoice_ids = select(invoices.c.id).where(invoices.c.customer_id.in_(customer_ids))
    rows["payments"] = _count(
        conn, select(schema.payments.c.id).where(schema.payments.c.invoice_id.in_(invoice_ids))
    )
    return DemoPerson(
        email=member.email, name=member.name, note=member.note, note_nb=member.note_nb,
        rows={table.name: rows[table.name] for table in schema.TABLES if rows[table.name]},
    )
