"""Every retention promise of the demo declaration, kept on the demo company's database.

The verdicts are checked against an independent, simple reading of the rules
(``tests/demo/expiry.py``); rows within two days of their expiry are left out of the check, so
it does not depend on how a boundary is rounded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from personvern.connectors.factory import dispose_all
from personvern.consent.ledger import ConsentLedger
from personvern.consent.proof import RECORD_PURPOSE, Signer
from personvern.container import Container
from personvern.db.registry import metadata
from personvern.demo import schema
from personvern.demo.cast import ARNE, EMIL, INGRID, JONAS, KARI, NORA, OLA, PER, SOFIE
from personvern.demo.company import generate_rows, populate_company_database
from personvern.demo.setup import CONNECTION_ENV, package_files
from personvern.retention.service import RetentionService
from tests.demo import expiry
from tests.retention.conftest import flag
from tests.retention.test_own import consent_rows

TODAY = date(2026, 1, 15)
Rows = dict[str, list[dict[str, Any]]]


@pytest.fixture
def demo_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    url = f"sqlite:///{tmp_path / 'company.sqlite3'}"
    populate_company_database(url, today=TODAY)
    monkeypatch.setenv(CONNECTION_ENV, url)
    yield url
    dispose_all()


def read(url: str) -> Rows:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: [dict(r._mapping) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                    for t in schema.TABLES}
    finally:
        engine.dispose()


def verdicts(rows: Rows, collection: str) -> dict[Any, str]:
    """Per row key: 'expired' when every covering activity lets it go, 'kept' when one keeps it
    (past the margin on both sides), by the independent reading."""
    declaration = expiry.load_declaration()
    refs = expiry.references(expiry.load_dataset())
    key = next(iter(schema.metadata.tables[collection].primary_key.columns)).name
    per_activity: list[list[str | None]] = []
    for activity in declaration.activities:
        if f"nordlys.{collection}" not in activity.covers:
            continue
        fates: list[str | None] = [None] * len(rows[collection])
        decided = [False] * len(rows[collection])
        for rule in activity.retention_rules():
            if expiry.date_field(rule, collection) is None:
                continue
            excluded = expiry.excluded_by_condition(rule, collection, rows)
            for index, row in enumerate(rows[collection]):
                if decided[index] or excluded[index]:
                    continue
                decided[index] = True
                single = {collection: [row], **{k: v for k, v in rows.items() if k != collection}}
                split = expiry.split(rule, collection, single, refs, today=TODAY,
                                     fiscal_year_start=declaration.controller.fiscal_year_start)
                fates[index] = "expired" if split.expired else ("kept" if split.kept else None)
        per_activity.append([f if decided[i] else "kept" for i, f in enumerate(fates)])
    out: dict[Any, str] = {}
    for index, row in enumerate(rows[collection]):
        fates_of_row = [fates[index] for fates in per_activity]
        if "kept" in fates_of_row:
            out[row[key]] = "kept"
        elif fates_of_row and all(f == "expired" for f in fates_of_row):
            out[row[key]] = "expired"
    return out


def test_every_demo_promise_is_kept_and_plan_equals_run(
    demo_url: str, container: Container, retention: RetentionService,
) -> None:
    declaration = Path(str(package_files().joinpath("personvern.yaml")))
    target = retention.target_from(declaration)
    ledger = ConsentLedger(container.db, container.clock, container.audit, Signer(container.keys, RECORD_PURPOSE))
    consent_rows(container, datetime(2024, 12, 1, tzinfo=UTC), 4)  # registered 13+ months ago
    ledger.checkpoint(actor="test", grace=timedelta(0))
    consent_rows(container, datetime(2025, 3, 1, tzinfo=UTC), 2)  # 10 months ago: kept
    ledger.checkpoint(actor="test", grace=timedelta(0))
    flag(container, EMIL.email, "objection", "marketing")  # objects to the newsletter
    before = read(demo_url)

    plan = retention.plan(target)
    planned = {s.key: s.rows for s in plan.sweeps}
    assert all(s.error is None and s.blocked is None for s in plan.sweeps), [
        (s.key, s.error, s.blocked) for s in plan.sweeps if s.error or s.blocked]
    run = retention.run(target, actor="test")
    _, progress = retention.report(run.id)
    assert {p.key: p.affected for p in progress} == planned
    assert all(p.state == "done" and not p.errors for p in progress)
    assert retention.run(target, actor="test").totals["affected"] == 0
    after = read(demo_url)

    # every row the independent reading calls expired is gone (or anonymised); every kept one stays
    for table in schema.TABLES:
        if table.name == "web_access_log":
            continue
        key = next(iter(table.primary_key.columns)).name
        left = {row[key]: row for row in after[table.name]}
        originals = {row[key]: row for row in before[table.name]}
        for row_key, verdict in verdicts(before, table.name).items():
            if originals[row_key].get("email") == EMIL.email and table.name == "newsletter_subscribers":
                continue  # his objection ends the newsletter (the reading knows only the dates)
            if verdict == "expired":
                assert row_key not in left, (table.name, row_key)
            else:  # unchanged, but for links the database itself unsets (ON DELETE SET NULL)
                assert row_key in left, (table.name, row_key)
                unset = {fk.parent.name for fk in table.foreign_keys if fk.ondelete == "SET NULL"}
                assert {k: v for k, v in left[row_key].items() if k not in unset} == {
                    k: v for k, v in originals[row_key].items() if k not in unset}, (table.name, row_key)
        assert len(originals) - len(left) == planned[f"nordlys:{table.name}"], table.name

    logs = {row["id"]: row for row in after["web_access_log"]}
    for row_key, verdict in verdicts(before, "web_access_log").items():
        row = logs[row_key]
        if verdict == "expired":  # "after 30 days the IP address is shortened, the account link removed"
            assert row["customer_id"] is None and row["user_agent"] is None
            assert row["ip_address"].endswith((".0", "::")), row["ip_address"]
        else:
            assert row == next(r for r in before["web_access_log"] if r["id"] == row_key)

    # the demo's people, as their notes say
    emails = {table: {r.get("email") for r in rows} for table, rows in after.items()}
    assert ARNE.email not in emails["customers"]  # 12 years after cancelling: everything goes
    assert OLA.email in emails["customers"]  # 2 years after: the account stays (10 fiscal years)
    ola_id = next(r["id"] for r in after["customers"] if r["email"] == OLA.email)
    assert ola_id not in {r["customer_id"] for r in after["account_settings"]}  # settings gone at once
    assert PER.email not in emails["contact_submissions"]  # not a customer, 45 days: gone
    assert INGRID.email in emails["contact_submissions"]  # became a customer: 24 months
    assert PER.email not in emails["job_applications"]  # the recruitment is closed
    assert EMIL.email in emails["job_applications"]  # still open
    assert SOFIE.email not in emails["newsletter_subscribers"]  # withdrew her consent
    assert EMIL.email not in emails["newsletter_subscribers"]  # objected
    assert {KARI.email, NORA.email} <= emails["newsletter_subscribers"]
    assert INGRID.email not in emails["event_registrations"]  # the ride was 45 days ago
    assert {KARI.email, NORA.email} <= emails["event_registrations"]  # the course is coming
    jonas = next(r["id"] for r in after["customers"] if r["email"] == JONAS.email)
    unpaid = [i for i in after["invoices"] if i["customer_id"] == jonas and i["paid_at"] is None]
    assert unpaid, "an unpaid invoice is kept until it is settled"
    years = {p["paid_at"].year for p in after["payments"]}
    assert min(years) >= TODAY.year - 5  # 5 years from the end of the year of payment
    assert min(p["paid_at"].year for p in before["payments"]) < TODAY.year - 5

    customers = next(s for s in plan.sweeps if s.key == "nordlys:customers")
    assert customers.review_due["customer_care[0]"] > 0  # the 12-monthly review of the register
    assert customers.kept_by["customer_accounts"] > 0  # inactive, but the account is open

    records = metadata.tables["consent_records"]
    with container.db.read() as session:
        left_records = session.execute(select(records.c.recorded_at).order_by(records.c.id)).scalars().all()
    assert [r.month for r in left_records] == [3, 3]  # registered 12+ months ago: erased
    assert ledger.integrity().ok


def test_generated_rows_match_the_database(demo_url: str) -> None:
    """The reading above works on the rows as stored (naive UTC timestamps, whole kroner)."""
    stored = read(demo_url)
    generated = generate_rows(today=TODAY)
    assert {t: len(r) for t, r in stored.items()} == {t: len(generated[t]) for t in stored}
