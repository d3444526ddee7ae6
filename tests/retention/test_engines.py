"""Plan and run on PostgreSQL, MariaDB and SQLite with a frozen clock: every anchor kind,
conditions, overlapping activities, holds, restriction and objections."""

from __future__ import annotations

from datetime import UTC, datetime

from personvern.container import Container
from personvern.retention.service import RetentionService
from personvern.retention.target import RetentionTarget
from tests.retention.conftest import flag
from tests.retention.shop import ANONYMISED, DELETED, HANS, OLE, RITA, SKIPPED, keys, rows, snapshot


def people(container: Container, retention: RetentionService) -> None:
    flag(container, RITA, "restriction")
    flag(container, OLE, "objection", "marketing")
    flag(container, "analyse@example.com", "objection", "analytics.reporting")
    retention.add_hold(scope="person", identity=("email", HANS), reason="court case 24-001", actor="test")


def test_plan_then_run_does_exactly_what_the_plan_said(
    shop_url: str, container: Container, retention: RetentionService, target: RetentionTarget,
) -> None:
    people(container, retention)
    plan = {s.key.split(":")[1]: s for s in retention.plan(target).sweeps if s.key.startswith("shop:")}
    expected = {**DELETED, **ANONYMISED}
    assert {name: s.rows for name, s in plan.items()} == {
        name: len(expected.get(name, ())) for name in plan}
    for name, counts in SKIPPED.items():
        assert dict(plan[name].skipped) == counts, name
    assert plan["orders"].examples == [{"id": 1}, {"id": 2}]
    assert plan["orders"].kept_by == {"orders": 0, "bookkeeping": 1}
    assert plan["customers"].kept_by == {"accounts": 2, "crm": 0}
    assert plan["customers"].review_due == {"crm[0]": 5}

    before = snapshot(shop_url)
    run = retention.run(target, actor="test")
    assert run.state == "finished"
    for table, gone in DELETED.items():
        assert keys(shop_url, table) == {r[next(iter(r))] for r in before[table]} - gone, table
    _, progress = retention.report(run.id)
    by_name = {p.key.split(":")[1]: p for p in progress if p.key.startswith("shop:")}
    for name, sweep in by_name.items():
        assert sweep.state == "done", (name, sweep.errors)
        assert sweep.affected == plan[name].rows, name
        assert sweep.skipped == {k: v for k, v in plan[name].skipped.items() if v}, name
    assert run.totals["deleted"] == sum(len(v) for v in DELETED.values())
    assert run.totals["anonymised"] == 3

    after = snapshot(shop_url)
    again = retention.run(target, actor="test")
    assert again.totals["affected"] == 0
    assert snapshot(shop_url) == after
    assert all(s.rows == 0 for s in retention.plan(target).sweeps)


def test_anonymised_rows_keep_no_personal_data(
    shop_url: str, retention: RetentionService, target: RetentionTarget,
) -> None:
    retention.run(target, actor="test")
    visits = {row["id"]: row for row in snapshot(shop_url)["visits"]}
    assert visits[1] == {"id": 1, "ts": datetime(2025, 12, 1, 10), "ip": "192.168.10.0",
                         "path": "REDACTED", "user_agent": None, "customer_id": None}
    assert visits[2]["ip"] == "2001:db8:1234::"
    assert visits[5]["ip"] == "10.9.9.0"
    assert visits[3] == {**rows()["visits"][2]}  # 5 days old: untouched
    assert visits[4] == rows()["visits"][3]


def would_go(retention: RetentionService, target: RetentionTarget, collection: str) -> list[int]:
    sweep = next(s for s in retention.plan(target, batch_size=2).sweeps if s.key == f"shop:{collection}")
    assert sweep.rows <= 5
    return [e["id"] for e in sweep.examples]


def test_year_rules_turn_on_their_boundaries(
    shop_url: str, container: Container, retention: RetentionService, target: RetentionTarget,
) -> None:
    """Orders are kept 5 years from the end of their calendar year (an order of 31 December
    2020 through 2025); accounts 2 full fiscal years (1 July - 30 June) after the fiscal year
    they were cancelled in (Ola on 30 June 2023, Per on 1 July 2023)."""
    clock = container.clock
    for now, orders, customers in [
        (datetime(2025, 6, 30, 12, tzinfo=UTC), [5, 6], [5, 6]),
        (datetime(2025, 7, 1, 0, 0, tzinfo=UTC), [5, 6], [2, 5, 6]),
        (datetime(2025, 12, 31, 23, 59, tzinfo=UTC), [5, 6], [2, 5, 6]),
        (datetime(2026, 1, 1, 0, 0, tzinfo=UTC), [1, 2, 5, 6], [2, 5, 6]),
        (datetime(2026, 6, 30, 23, 0, tzinfo=UTC), [1, 2, 5, 6], [2, 5, 6]),
        (datetime(2026, 7, 1, 0, 0, tzinfo=UTC), [1, 2, 5, 6], [2, 3, 5, 6]),
    ]:
        clock.at = now  # type: ignore[attr-defined]
        assert would_go(retention, target, "orders") == orders, now
        assert would_go(retention, target, "customers") == customers, now


def test_a_hold_on_a_dataset_keeps_everything_in_it(
    shop_url: str, retention: RetentionService, target: RetentionTarget,
) -> None:
    hold = retention.add_hold(scope="dataset", target="shop", reason="tax audit 2026", actor="dpo")
    before = snapshot(shop_url)
    run = retention.run(target, actor="test")
    assert snapshot(shop_url) == before
    _, progress = retention.report(run.id)
    swept = [p for p in progress if p.key.startswith("shop:")]
    assert {p.state for p in swept} == {"skipped"}
    assert all(f"legal hold {hold.id} on dataset shop" in p.errors[0] for p in swept)
    retention.lift_hold(hold.id, reason="audit closed", actor="dpo")
    retention.run(target, actor="test")
    assert keys(shop_url, "orders") == {3, 4}


def test_a_hold_on_an_activity_keeps_its_collections_and_a_row_it_pins_is_reported(
    shop_url: str, retention: RetentionService, target: RetentionTarget,
) -> None:
    retention.add_hold(scope="activity", target="bookkeeping", reason="tax audit", actor="dpo")
    run = retention.run(target, actor="test")
    assert keys(shop_url, "orders") == {1, 2, 3, 4, 5, 6}
    assert keys(shop_url, "payments") == {1, 2, 3}
    _, progress = retention.report(run.id)
    customers = next(p for p in progress if p.key == "shop:customers")
    # their held orders pin Ola, Rita and Hans: the database refuses, it is reported, the run goes on
    assert customers.state == "done" and customers.failed == 3 and customers.affected == 0
    assert [e.split(":")[0] for e in customers.errors] == ["row id=2", "row id=5", "row id=6"]
    assert "refused by a constraint" in customers.errors[0]
    assert "@example.com" not in " ".join(customers.errors)
    assert keys(shop_url, "messages") == {1, 3, 6}


def test_a_restricted_person_is_swept_after_a_release_decision(
    shop_url: str, container: Container, retention: RetentionService, target: RetentionTarget,
) -> None:
    flag(container, RITA, "restriction")
    retention.run(target, actor="test")
    assert 5 in keys(shop_url, "customers") and 5 in keys(shop_url, "orders")
    retention.add_hold(scope="person", identity=("email", "Rita@Example.com "), decision="release",
                       reason="restriction concerned accuracy only; DPO decision 2026-01", actor="dpo")
    run = retention.run(target, actor="test")
    assert 5 not in keys(shop_url, "customers") and 5 not in keys(shop_url, "orders")
    assert 4 not in keys(shop_url, "order_lines")
    assert run.totals["skipped"] == {}


def test_objections_and_withdrawals_end_a_consent_purpose(
    shop_url: str, container: Container, retention: RetentionService, target: RetentionTarget,
) -> None:
    flag(container, OLE, "objection", "marketing.communications")
    flag(container, "b@example.com", "objection", "marketing", at=datetime(2026, 1, 16, tzinfo=UTC))
    retention.run(target, actor="test")
    assert keys(shop_url, "subscribers") == {2, 4}
