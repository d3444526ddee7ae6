"""Erasure on PostgreSQL: what is erased, what the law keeps, and that nothing is erased twice."""

import pytest

from personvern.datamap.execute import erase_collection
from personvern.requests import erasure
from personvern.requests.execution import StepRunner
from personvern.requests.repository import RequestRepository
from personvern.requests.target import from_files
from tests.requests.shop import ANNA, DATASET, URL_ENV, snapshot, touched

pytestmark = pytest.mark.postgres

# Anna's rows the erasure may touch: the old order and its paid invoice (past the 5-year
# bookkeeping period), her account, newsletter row and visits.
ERASED = {
    ("customers", 1), ("orders", 10), ("invoices", 20), ("newsletter", 30),
    *(("visits", 100 + i) for i in range(30)),
}


def _unchanged_outside(before, after, erased):
    for table, rows in before.items():
        for pk, row in rows.items():
            if (table, pk) not in erased:
                assert after[table][pk] == row, f"{table} {pk} was changed"


def test_erasure_keeps_bookkeeping_data_with_the_law_and_release_date(service, shop_pg):
    before = snapshot(shop_pg)
    request = service.create("erasure", {"email": ANNA}, actor="test")
    done = service.execute(request.id, actor="test")
    assert done.state == "completed"
    assert touched(shop_pg) == {key: 1 for key in ERASED}
    after = snapshot(shop_pg)
    _unchanged_outside(before, after, ERASED)  # Bjørn, the anonymous visit and kept rows
    assert after["customers"][1]["email"] != ANNA and after["customers"][1]["name"] != "Anna Test"
    assert after["visits"][100]["ip"] == "192.0.2.0"  # IP addresses are truncated
    kept = {k["collection"]: k for k in done.result["kept"]}
    assert kept["shop:invoices"]["law"] == "bokføringsloven § 13"
    assert "Art. 17(3)(b)" in kept["shop:invoices"]["reason"]
    assert kept["shop:invoices"]["rows"] == [
        {"keys": {"id": 21}, "release_date": "2029-12-31"},
        {"keys": {"id": 22}, "release_date": None},  # unpaid: the period has not started
    ]
    assert kept["shop:orders"]["rows"] == [
        {"keys": {"id": 11}, "release_date": "2029-12-31"}, {"keys": {"id": 12}, "release_date": "2030-12-31"},
    ]
    assert kept["shop:orders"]["release_date"] == "2030-12-31"
    assert done.result["retention_rules_applied"] is True
    erased = {e["collection"]: e for e in done.result["erased"]}
    assert erased["shop:visits"]["masked"] == 30
    assert erased["shop:orders"]["masked"] == 1


def test_running_a_finished_erasure_again_changes_nothing(service, shop_pg):
    request = service.create("erasure", {"email": ANNA}, actor="test")
    first = service.execute(request.id, actor="test")
    state = snapshot(shop_pg), touched(shop_pg)
    assert service.execute(request.id, actor="test") == first
    assert (snapshot(shop_pg), touched(shop_pg)) == state


def test_a_step_that_committed_before_its_worker_died_is_not_masked_again(service, shop_pg, container):
    """The one window a kill cannot hit deterministically from outside: the company database
    committed a collection, the worker died before recording the step as done."""
    request = service.create("erasure", {"email": ANNA}, actor="test")
    target = service.current_target()
    runner = StepRunner(container.db, container.audit, container.clock, service.sealer)
    runner.run(request, [erasure.collect_step(target, request.identities, lambda: container.clock.now().date())],
               actor="test")
    snapshot_rows = runner.checkpoint(request.id, erasure.COLLECT)["erase"]["shop:visits"]
    plan = erasure.plan_for(target, request.identities)
    with erasure.connected(target) as connectors:  # the first attempt: committed, then killed
        erase_collection(plan.step("shop:visits"), connectors["shop"], snapshot_rows, container.keys)
    with container.db.write() as session:
        repo = RequestRepository(session, service.sealer)
        repo.set_state(request.id, "executing", container.clock.now())
        repo.ensure_steps(request.id, ["erase:shop:visits"])
        repo.start_step(request.id, "erase:shop:visits", container.clock.now())
    done = service.execute(request.id, actor="test")
    assert touched(shop_pg) == {key: 1 for key in ERASED}
    visits = next(e for e in done.result["erased"] if e["collection"] == "shop:visits")
    assert visits["erased_by_earlier_attempt"] == 30 and visits["masked"] == 0
    step = next(s for s in service.steps(request.id) if s.key == "erase:shop:visits")
    assert step.attempts == 2


def test_without_a_declaration_default_masking_erases_everything_reached(service, shop_pg, monkeypatch):
    monkeypatch.delenv(URL_ENV)
    target = from_files([(DATASET, shop_pg)])
    request = service.create("erasure", {"email": ANNA}, actor="test", target=target)
    assert request.source == "datasets" and request.declaration_version_id is None
    done = service.execute(request.id, actor="test", target=target)
    assert done.result["kept"] == [] and done.result["retention_rules_applied"] is False
    assert "no retention rules were applied" in done.result["note"]
    assert {k for k in touched(shop_pg)} == ERASED | {("orders", 11), ("orders", 12), ("invoices", 21), ("invoices", 22)}
