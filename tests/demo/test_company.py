"""The demo company's database: deterministic, consistent, fictional, and with rows on both
sides of every retention rule of the demo declaration."""

from __future__ import annotations

import ipaddress
import re
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from stdnum import luhn

from personvern.demo import schema
from personvern.demo.cast import CAST
from personvern.demo.company import (
    create_company_database,
    generate_rows,
    populate_company_database,
)
from personvern.demo.summary import summarize_company_database
from tests.demo import expiry

TODAY = date(2026, 1, 15)
# Days chosen to move year ends and leap days around the data's fixed offsets.
TODAYS = (date(2026, 1, 2), TODAY, date(2026, 12, 30), date(2028, 2, 29), date(2031, 7, 1))
EMAIL_COLUMNS = {
    "customers": "email", "newsletter_subscribers": "email", "contact_submissions": "email",
    "job_applications": "email", "event_registrations": "email",
}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("company") / "company.sqlite3"
    create_company_database(path, today=TODAY)
    return path


def read_all(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: [
                    tuple(row)
                    for row in conn.execute(select(table).order_by(*table.primary_key.columns))
                ]
                for table in schema.TABLES
            }
    finally:
        engine.dispose()


def sqlite_rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_same_seed_and_day_give_the_same_rows_and_another_seed_does_not() -> None:
    assert generate_rows(today=TODAY, seed=7) == generate_rows(today=TODAY, seed=7)
    assert generate_rows(today=TODAY, seed=7) != generate_rows(today=TODAY, seed=8)


def test_two_databases_from_the_same_seed_are_identical(database: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.sqlite3"
    create_company_database(again, today=TODAY)
    assert read_all(f"sqlite:///{again}") == read_all(f"sqlite:///{database}")


def test_the_database_holds_exactly_the_generated_rows(database: Path) -> None:
    stored = read_all(f"sqlite:///{database}")
    for name, rows in expected_rows(TODAY).items():
        assert stored[name] == rows, name


def test_an_existing_database_is_never_overwritten(database: Path) -> None:
    with pytest.raises(FileExistsError):
        create_company_database(database, today=TODAY)


def test_row_counts_are_a_small_realistic_company(database: Path) -> None:
    counts = summarize_company_database(database).row_counts
    assert set(counts) == {table.name for table in schema.TABLES}
    assert counts["customers"] == 120
    assert counts["account_settings"] == counts["customers"]
    assert 180 <= counts["orders"] <= 320
    assert counts["order_items"] > counts["orders"]
    assert counts["orders"] - 20 <= counts["invoices"] <= counts["orders"]
    assert counts["payments"] <= counts["invoices"]
    for table in ("newsletter_subscribers", "contact_submissions", "web_access_log"):
        assert counts[table] >= 50, table
    for table in ("job_applications", "event_registrations"):
        assert counts[table] >= 15, table
    assert 1000 <= sum(counts.values()) <= 3000


def test_foreign_keys_hold_and_amounts_add_up(database: Path) -> None:
    assert sqlite_rows(database, "PRAGMA foreign_key_check") == []
    assert sqlite_rows(database, """
        SELECT o.id FROM orders o JOIN order_items i ON i.order_id = o.id
        GROUP BY o.id HAVING SUM(i.quantity * i.unit_price) != o.total""") == []
    assert sqlite_rows(database, """
        SELECT i.id FROM invoices i JOIN orders o ON o.id = i.order_id
        WHERE i.amount != o.total OR i.customer_id != o.customer_id""") == []
    assert sqlite_rows(database, """
        SELECT p.id FROM payments p JOIN invoices i ON i.id = p.invoice_id
        WHERE p.amount != i.amount OR p.paid_at != i.paid_at""") == []
    assert sqlite_rows(database, "SELECT COUNT(*) FROM invoices WHERE paid_at IS NOT NULL") == \
        sqlite_rows(database, "SELECT COUNT(*) FROM payments")


def test_people_are_fictional_on_example_com(database: Path) -> None:
    for table, column in EMAIL_COLUMNS.items():
        emails = [email for (email,) in sqlite_rows(database, f"SELECT {column} FROM {table}")]
        assert emails and all(email.endswith("@example.com") for email in emails), table
    phones = [
        phone for table in ("customers", "contact_submissions", "job_applications")
        for (phone,) in sqlite_rows(database, f"SELECT phone FROM {table} WHERE phone IS NOT NULL")
    ]
    assert phones and all(re.fullmatch(r"\+47 4\d\d \d\d \d\d\d", phone) for phone in phones)
    kids = [kid for (kid,) in sqlite_rows(database, "SELECT kid FROM invoices")]
    assert all(luhn.is_valid(kid) for kid in kids)
    last4 = [value for (value,) in
             sqlite_rows(database, "SELECT card_last4 FROM payments WHERE method = 'card'")]
    assert last4 and all(re.fullmatch(r"\d{4}", value) for value in last4)


def test_the_web_log_has_full_ipv4_and_ipv6_addresses_from_documentation_ranges(
    database: Path,
) -> None:
    documentation = [ipaddress.ip_network(net) for net in
                     ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]
    for table in ("web_access_log", "orders"):
        stored = sqlite_rows(database, f"SELECT ip_address FROM {table}")
        addresses = [ipaddress.ip_address(ip) for (ip,) in stored]
        assert {address.version for address in addresses} == {4, 6}, table
        assert all(any(address in net for net in documentation) for address in addresses)
        # full addresses, not truncated yet: the retention run has something to anonymise
        assert any(int(address) & 0xFF for address in addresses if address.version == 4)
    linked = sqlite_rows(
        database, "SELECT COUNT(*) FROM web_access_log WHERE customer_id IS NOT NULL"
    )[0][0]
    assert linked > 0


def test_timestamps_lie_in_the_past_and_span_several_years(database: Path) -> None:
    midnight = datetime.combine(TODAY, time())
    rows = generate_rows(today=TODAY)
    stamps = [value for table in rows.values() for row in table for key, value in row.items()
              if isinstance(value, datetime)]
    assert max(stamps) < midnight
    assert min(stamps) < midnight - timedelta(days=365 * 6)
    events = {row["event_date"] for row in rows["event_registrations"]}
    assert min(events) < TODAY < max(events)  # past events and coming ones


def test_the_same_people_appear_in_several_collections(database: Path) -> None:
    def emails(table: str) -> set[str]:
        return {email for (email,) in sqlite_rows(database, f"SELECT email FROM {table}")}

    customers = emails("customers")
    assert len(customers & emails("newsletter_subscribers")) >= 20
    assert len(customers & emails("contact_submissions")) >= 5
    assert customers & emails("event_registrations")
    became_customers = sqlite_rows(database, """
        SELECT COUNT(*) FROM contact_submissions s JOIN customers c ON c.email = s.email
        WHERE s.submitted_at < c.created_at""")[0][0]
    assert became_customers >= 2
    cancelled = sqlite_rows(
        database, "SELECT COUNT(*) FROM customers WHERE cancelled_at IS NOT NULL"
    )[0][0]
    assert cancelled >= 5


def test_the_cast_is_in_the_database_with_what_the_landing_page_says(database: Path) -> None:
    people = {person.email: person for person in summarize_company_database(database).people}
    assert list(people) == [member.email for member in CAST]
    for person in people.values():
        assert person.rows and person.description.startswith(person.note)
    kari = people["kari.nordmann@example.com"].rows
    assert set(kari) == {table.name for table in schema.TABLES} - {"job_applications"}
    per = people["per.johansen@example.com"].rows
    assert set(per) == {"contact_submissions", "job_applications"}
    assert set(people["sofie.lie@example.com"].rows) == {"newsletter_subscribers"}
    (withdrawn,) = sqlite_rows(database, "SELECT consent_withdrawn_at FROM newsletter_subscribers "
                               "WHERE email = 'sofie.lie@example.com'")[0]
    assert withdrawn is not None
    (unpaid,) = sqlite_rows(database, """
        SELECT MIN(i.issued_at) FROM invoices i JOIN customers c ON c.id = i.customer_id
        WHERE c.email = 'jonas.berg@example.com' AND i.paid_at IS NULL""")[0]
    assert unpaid is not None and datetime.fromisoformat(unpaid).year <= TODAY.year - 6


def retention_cases() -> Iterator[tuple[str, int, str]]:
    declaration = expiry.load_declaration()
    for activity in declaration.activities:
        for index, rule in enumerate(activity.retention_rules()):
            for covered in activity.covers:
                collection = covered.split(".")[1]
                if expiry.date_field(rule, collection) is not None:
                    yield activity.key, index, collection


def test_every_activity_that_covers_the_database_has_rules_that_reach_it() -> None:
    cases = list(retention_cases())
    declaration = expiry.load_declaration()
    for activity in declaration.activities:
        if activity.covers:
            reached = {collection for key, _, collection in cases if key == activity.key}
            assert reached == {c.split(".")[1] for c in activity.covers}, activity.key
    assert len(cases) >= 15


@pytest.mark.parametrize("today", TODAYS, ids=str)
@pytest.mark.parametrize(("activity", "index", "collection"), list(retention_cases()))
def test_each_retention_rule_has_rows_past_their_time_and_rows_not(
    activity: str, index: int, collection: str, today: date
) -> None:
    declaration = expiry.load_declaration()
    rule = declaration.activity(activity).retention_rules()[index]
    rows = generate_rows(today=today)
    result = expiry.split(rule, collection, rows, expiry.references(expiry.load_dataset()),
                          today=today, fiscal_year_start=declaration.controller.fiscal_year_start)
    assert result.expired > 0 and result.kept > 0, result


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_promises_with_a_twist_have_their_exceptions_in_the_data(today: date) -> None:
    rows = generate_rows(today=today)
    midnight = datetime.combine(today, time())
    customers = {row["email"] for row in rows["customers"]}
    # contact form: customers' messages older than 30 days are kept (until 24 months)
    assert any(
        row["email"] in customers
        and timedelta(days=40) < midnight - row["submitted_at"] < timedelta(days=700)
        for row in rows["contact_submissions"]
    )
    # payment data: an invoice older than 5 years from the end of its year, still unpaid
    assert any(row["paid_at"] is None and row["issued_at"].year <= today.year - 6
               for row in rows["invoices"])
    # cancelled accounts within their 10 fiscal years
    assert any(row["cancelled_at"] is not None and row["cancelled_at"].year >= today.year - 9
               for row in rows["customers"])


@pytest.mark.postgres
def test_the_schema_and_rows_load_into_postgresql(pg_url: str) -> None:
    populate_company_database(pg_url, today=TODAY)
    assert read_all(pg_url) == expected_rows(TODAY)


@pytest.mark.mariadb
def test_the_schema_and_rows_load_into_mariadb(mysql_url: str) -> None:
    populate_company_database(mysql_url, today=TODAY)
    assert read_all(mysql_url) == expected_rows(TODAY)


def expected_rows(today: date) -> dict[str, list[tuple]]:
    """The generated rows as the database returns them: tuples in column order, by primary key."""
    generated = generate_rows(today=today)
    result = {}
    for table in schema.TABLES:
        columns = [column.name for column in table.columns]
        result[table.name] = sorted(
            (tuple(row[name] for name in columns) for row in generated[table.name]),
            key=lambda row: row[0],
        )
    return result
