"""The tables of the demo company's own database (Nordlys Sykkel AS, a bicycle web shop).

This is the *company's* database that personvern connects to through a connector, not
personvern's own store. Timestamps are naive UTC (as in many real shop databases); money is
whole Norwegian kroner in integers (no floating point, no Decimal round-trips on SQLite).
The data map of these tables is ``files/datasets/nordlys.yml``.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

customers = Table(
    "customers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("phone", String(20)),
    Column("first_name", String(80), nullable=False),
    Column("last_name", String(80), nullable=False),
    Column("street", String(120)),
    Column("postal_code", String(4)),
    Column("city", String(80)),
    Column("date_of_birth", Date),
    Column("created_at", DateTime, nullable=False),
    Column("last_login_at", DateTime),
    Column("cancelled_at", DateTime, comment="When the account was closed (end of relationship)."),
    Column("marketing_opt_in", Boolean, nullable=False, default=False),
)
Index("ix_customers_phone", customers.c.phone)

account_settings = Table(
    "account_settings",
    metadata,
    Column("customer_id", Integer, ForeignKey("customers.id", ondelete="CASCADE"),
           primary_key=True),
    Column("theme", String(10), nullable=False),
    Column("language", String(5), nullable=False),
)

orders = Table(
    "orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False, index=True),
    Column("placed_at", DateTime, nullable=False),
    Column("total", Integer, nullable=False, comment="NOK, whole kroner, incl. VAT and shipping."),
    Column("status", String(20), nullable=False),
    Column("delivery_name", String(160), nullable=False),
    Column("delivery_street", String(120), nullable=False),
    Column("delivery_postal_code", String(4), nullable=False),
    Column("delivery_city", String(80), nullable=False),
    Column("ip_address", String(45)),
)

order_items = Table(
    "order_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("product_name", String(120), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Integer, nullable=False, comment="NOK, whole kroner, incl. VAT."),
)

invoices = Table(
    "invoices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("invoice_number", String(20), nullable=False, unique=True),
    Column("kid", String(25), nullable=False, unique=True,
           comment="Norwegian payment reference (KID, MOD10 check digit)."),
    Column("order_id", Integer, ForeignKey("orders.id", ondelete="SET NULL"), index=True),
    Column("customer_id", Integer, ForeignKey("customers.id", ondelete="SET NULL"), index=True),
    Column("issued_at", DateTime, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("amount", Integer, nullable=False, comment="NOK, whole kroner."),
    Column("paid_at", DateTime, comment="Settled; NULL while unpaid."),
)

payments = Table(
    "payments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("invoice_id", Integer, ForeignKey("invoices.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("method", String(20), nullable=False),
    Column("card_last4", String(4),
           comment="Only the last four digits; card numbers are never stored."),
    Column("amount", Integer, nullable=False),
    Column("paid_at", DateTime, nullable=False),
)

newsletter_subscribers = Table(
    "newsletter_subscribers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(160)),
    Column("subscribed_at", DateTime, nullable=False),
    Column("consent_withdrawn_at", DateTime),
    Column("source", String(30), nullable=False),
)

contact_submissions = Table(
    "contact_submissions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, index=True),
    Column("name", String(160), nullable=False),
    Column("phone", String(20)),
    Column("message", Text, nullable=False),
    Column("submitted_at", DateTime, nullable=False),
)

web_access_log = Table(
    "web_access_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ts", DateTime, nullable=False, index=True),
    Column("ip_address", String(45), nullable=False),
    Column("method", String(7), nullable=False),
    Column("path", String(200), nullable=False),
    Column("status", Integer, nullable=False),
    Column("user_agent", String(300)),
    Column("customer_id", Integer, ForeignKey("customers.id", ondelete="SET NULL"), index=True),
)

job_applications = Table(
    "job_applications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, index=True),
    Column("name", String(160), nullable=False),
    Column("phone", String(20)),
    Column("position", String(120), nullable=False),
    Column("cv_text", Text, nullable=False),
    Column("applied_at", DateTime, nullable=False),
    Column("recruitment_closed_at", DateTime, comment="NULL while the recruitment is open."),
)

event_registrations = Table(
    "event_registrations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, index=True),
    Column("name", String(160), nullable=False),
    Column("event_name", String(120), nullable=False),
    Column("event_date", Date, nullable=False),
    Column("registered_at", DateTime, nullable=False),
    Column("food_preferences", String(200),
           comment="Allergies and diet (special category, Art. 9)."),
)

# In the order they are described (customers first); use metadata.sorted_tables to insert.
TABLES = tuple(metadata.tables.values())
