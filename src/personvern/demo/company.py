"""The demo company's database: Nordlys Sykkel AS, a fictional Norwegian bicycle web shop.

Deterministic (one ``random.Random(seed)``) and relative to ``today``, so every retention
rule of the demo declaration finds rows that are past their time and rows that are not.
Timestamps are naive UTC and all lie before ``today`` (except dates of coming events).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import create_engine
from stdnum import luhn

from personvern.demo import schema
from personvern.demo.activity import add_activity_rows
from personvern.demo.cast import ARNE, INGRID, JONAS, KARI, MARIA, OLA, CastMember
from personvern.demo.people import Person, PersonFactory
from personvern.demo.summary import CompanySummary, sqlite_url, summarize_company_database

__all__ = [
    "CompanySummary", "create_company_database", "generate_rows", "populate_company_database",
]

CUSTOMERS = 120
PRODUCTS = (
    ("Bysykkel Nordlys Urban 7", 8990), ("El-sykkel Nordlys E-Tur 500", 27990),
    ("Terrengsykkel Fjellrev 29", 14990), ("Barnesykkel Polarrev 20\"", 3490),
    ("Sykkelhjelm Vinterlys", 899), ("Sykkellås Bolt", 599), ("Lyssett LED foran og bak", 449),
    ("Piggdekk 700x40C", 799), ("Sykkelveske 20 l", 1099), ("Stor årsservice", 1490),
    ("Sykkelpumpe", 299), ("Regnjakke Refleks", 1290), ("Slange 28\"", 99), ("Skjermsett", 399),
)
SHIPPING = ("Frakt", 99)
FREE_SHIPPING_FROM = 1500


@dataclass
class Customer:
    person: Person
    created_at: datetime
    last_login_at: datetime
    cancelled_at: datetime | None = None
    marketing_opt_in: bool = False
    date_of_birth: date = date(1980, 1, 1)
    id: int = 0


@dataclass
class Order:
    customer: Customer
    placed_at: datetime
    status: str = "delivered"
    method: str = "card"
    unpaid: bool = False
    items: list[tuple[str, int, int]] = field(default_factory=list)
    id: int = 0


class CompanyBuilder:
    """Builds every row of the demo company in memory, table by table."""

    def __init__(self, *, today: date, seed: int) -> None:
        self.today = today
        self.rng = random.Random(seed)
        self.base = datetime.combine(today, time())
        self.people = PersonFactory(self.rng)
        self.rows: dict[str, list[dict[str, object]]] = {t.name: [] for t in schema.TABLES}
        self.customers: list[Customer] = []
        self.orders: list[Order] = []
        self._cast: dict[str, Person] = {}

    # time helpers --------------------------------------------------------------------
    def ago(self, days: float) -> datetime:
        """A moment during the day that lies ``days`` days before today (daytime hours)."""
        seconds = self.rng.randrange(6 * 3600, 18 * 3600)
        return self.base - timedelta(days=days) - timedelta(seconds=seconds)

    def between(self, start: datetime, end: datetime) -> datetime:
        span = max(int((end - start).total_seconds()), 1)
        return start + timedelta(seconds=self.rng.randrange(span))

    def cast(self, member: CastMember) -> Person:
        """The one Person of a cast member (the same phone and address in every table)."""
        if member.key not in self._cast:
            self._cast[member.key] = self.people.person(
                member.first_name, member.last_name, member.email
            )
        return self._cast[member.key]

    # customers -----------------------------------------------------------------------
    def add_customer(self, person: Person, *, created_days: float, last_login_days: float,
                     cancelled_days: float | None = None, opt_in: bool = False) -> Customer:
        customer = Customer(
            person=person,
            created_at=self.ago(created_days),
            last_login_at=self.ago(last_login_days),
            cancelled_at=None if cancelled_days is None else self.ago(cancelled_days),
            marketing_opt_in=opt_in,
            date_of_birth=self.today - timedelta(days=self.rng.randint(18 * 366, 75 * 365)),
        )
        self.customers.append(customer)
        return customer

    def build_customers(self) -> dict[str, Customer]:
        cast = {
            "kari": self.add_customer(self.cast(KARI), created_days=2400, last_login_days=3,
                                      opt_in=True),
            "ola": self.add_customer(self.cast(OLA), created_days=1600, last_login_days=735,
                                     cancelled_days=730),
            "ingrid": self.add_customer(self.cast(INGRID), created_days=240, last_login_days=15),
            "jonas": self.add_customer(self.cast(JONAS), created_days=2500, last_login_days=40),
            "maria": self.add_customer(self.cast(MARIA), created_days=1800, last_login_days=730),
            "arne": self.add_customer(self.cast(ARNE), created_days=5400, last_login_days=4510,
                                      cancelled_days=4500),
        }
        for _ in range(2):  # more accounts closed long ago: past the 10 fiscal years
            created = self.rng.randint(4800, 5600)
            cancelled = self.rng.randint(4400, 4700)
            self.add_customer(self.people.person(), created_days=created,
                              last_login_days=cancelled + self.rng.randint(1, 60),
                              cancelled_days=cancelled)
        while len(self.customers) < CUSTOMERS:
            created = self.rng.randint(30, 2600)
            cancelled = None
            if created > 90 and self.rng.random() < 0.12:
                cancelled = self.rng.randint(10, created - 60)
            newest = cancelled if cancelled is not None else 0
            if cancelled is None and created > 400 and self.rng.random() < 0.4:
                last_login = self.rng.randint(366, created)  # inactive for over a year
            else:
                last_login = self.rng.randint(newest, min(created, newest + 365))
            self.add_customer(self.people.person(), created_days=created,
                              last_login_days=last_login, cancelled_days=cancelled,
                              opt_in=cancelled is None and self.rng.random() < 0.4)
        self.customers.sort(key=lambda c: c.created_at)
        for number, customer in enumerate(self.customers, start=1):
            customer.id = number
            customer.last_login_at = max(customer.last_login_at, customer.created_at)
            person = customer.person
            self.rows["customers"].append({
                "id": customer.id, "email": person.email, "phone": person.phone,
                "first_name": person.first_name, "last_name": person.last_name,
                "street": person.street, "postal_code": person.postal_code, "city": person.city,
                "date_of_birth": customer.date_of_birth, "created_at": customer.created_at,
                "last_login_at": customer.last_login_at, "cancelled_at": customer.cancelled_at,
                "marketing_opt_in": customer.marketing_opt_in,
            })
            self.rows["account_settings"].append({
                "customer_id": customer.id,
                "theme": "dark" if self.rng.random() < 0.3 else "light",
                "language": "en" if self.rng.random() < 0.15 else "nb",
            })
        return cast

    # orders, invoices, payments --------------------------------------------------------
    def add_order(self, customer: Customer, days: float, *, method: str | None = None,
                  unpaid: bool = False) -> Order:
        order = Order(customer=customer, placed_at=self.ago(days), unpaid=unpaid,
                      method=method or ("invoice" if self.rng.random() < 0.25 else "card"))
        self.orders.append(order)
        return order

    def build_orders(self, cast: dict[str, Customer]) -> None:
        kari = cast["kari"]
        for days in (2350, 1500, 700, 200, 20, 1):
            self.add_order(kari, days)
        for days in (1400, 900):
            self.add_order(cast["ola"], days)
        self.add_order(cast["ingrid"], 239)
        self.add_order(cast["ingrid"], 60, method="invoice")
        self.add_order(cast["jonas"], 2450, method="invoice", unpaid=True)
        self.add_order(cast["jonas"], 300)
        for days in (1700, 760):
            self.add_order(cast["maria"], days)
        for days in (5300, 4700):
            self.add_order(cast["arne"], days)
        planted = set(map(id, cast.values()))
        for customer in self.customers:
            if id(customer) in planted:
                continue
            end = customer.cancelled_at or self.base - timedelta(hours=1)
            count = self.rng.choices((0, 1, 2, 3, 4, 5), weights=(15, 30, 25, 15, 10, 5))[0]
            for _ in range(count):
                order = Order(customer=customer, placed_at=self.between(customer.created_at, end),
                              method="invoice" if self.rng.random() < 0.25 else "card")
                self.orders.append(order)
        self.orders.sort(key=lambda o: o.placed_at)
        for number, order in enumerate(self.orders, start=1):
            order.id = number
            self._fill_order(order)
        self._invoices()

    def _fill_order(self, order: Order) -> None:
        age = self.base - order.placed_at
        if age < timedelta(days=2):
            order.status = "processing"
        elif age < timedelta(days=7):
            order.status = "shipped"
        elif self.rng.random() < 0.04 and not order.unpaid:
            order.status = "cancelled"
        for name, price in self.rng.sample(PRODUCTS, self.rng.choice((1, 1, 2, 2, 3))):
            quantity = 2 if price < 500 and self.rng.random() < 0.3 else 1
            order.items.append((name, quantity, price))
        if sum(q * p for _, q, p in order.items) < FREE_SHIPPING_FROM:
            order.items.append((SHIPPING[0], 1, SHIPPING[1]))
        person = order.customer.person
        name, street = person.name, person.street
        postal_code, city = person.postal_code, person.city
        if self.rng.random() < 0.1:  # a gift sent to someone else
            name = f"{self.people.person().first_name} {person.last_name}"
            street, postal_code, city = self.people.address()
        self.rows["orders"].append({
            "id": order.id, "customer_id": order.customer.id, "placed_at": order.placed_at,
            "total": sum(q * p for _, q, p in order.items), "status": order.status,
            "delivery_name": name, "delivery_street": street,
            "delivery_postal_code": postal_code, "delivery_city": city,
            "ip_address": self.people.ip_address(),
        })
        for name, quantity, price in order.items:
            self.rows["order_items"].append({
                "id": len(self.rows["order_items"]) + 1, "order_id": order.id,
                "product_name": name, "quantity": quantity, "unit_price": price,
            })

    def _invoices(self) -> None:
        per_year: dict[int, int] = {}
        for order in self.orders:
            if order.status == "cancelled":
                continue
            invoice_id = len(self.rows["invoices"]) + 1
            issued_at = order.placed_at + timedelta(minutes=2)
            per_year[issued_at.year] = per_year.get(issued_at.year, 0) + 1
            amount = sum(q * p for _, q, p in order.items)
            if order.method == "card":
                paid_at: datetime | None = order.placed_at + timedelta(seconds=40)
            else:
                delay = timedelta(days=self.rng.randint(2, 20), hours=self.rng.randint(0, 9))
                paid_at = issued_at + delay
            if order.unpaid or paid_at >= self.base:
                paid_at = None
            reference = f"{order.customer.id:05d}{invoice_id:06d}"
            self.rows["invoices"].append({
                "id": invoice_id,
                "invoice_number": f"{issued_at.year}-{per_year[issued_at.year]:05d}",
                "kid": reference + luhn.calc_check_digit(reference),
                "order_id": order.id, "customer_id": order.customer.id, "issued_at": issued_at,
                "due_date": issued_at.date() + timedelta(days=14), "amount": amount,
                "paid_at": paid_at,
            })
            if paid_at is not None:
                card = order.method == "card"
                self.rows["payments"].append({
                    "id": len(self.rows["payments"]) + 1, "invoice_id": invoice_id,
                    "method": "card" if card else "bank_transfer",
                    "card_last4": f"{self.rng.randrange(10000):04d}" if card else None,
                    "amount": amount, "paid_at": paid_at,
                })

    def build(self) -> dict[str, list[dict[str, object]]]:
        cast = self.build_customers()
        self.build_orders(cast)
        add_activity_rows(self, cast)
        return self.rows


def generate_rows(*, today: date, seed: int = 7) -> dict[str, list[dict[str, object]]]:
    """Every row of the demo company, per table name (deterministic for a seed and a day)."""
    return CompanyBuilder(today=today, seed=seed).build()


def populate_company_database(url: str, *, today: date, seed: int = 7) -> None:
    """Create the demo company's tables and rows in an empty database (any SQLAlchemy URL)."""
    rows = generate_rows(today=today, seed=seed)
    engine = create_engine(url)
    try:
        schema.metadata.create_all(engine)
        with engine.begin() as conn:
            for table in schema.metadata.sorted_tables:
                if rows[table.name]:
                    conn.execute(table.insert(), rows[table.name])
    finally:
        engine.dispose()


def create_company_database(path: Path, *, today: date, seed: int = 7) -> CompanySummary:
    """Create the demo company's SQLite database at ``path`` (which must not exist yet)."""
    if path.exists():
        raise FileExistsError(f"{path} exists; the demo database is never overwritten")
    populate_company_database(sqlite_url(path), today=today, seed=seed)
    return summarize_company_database(path)
