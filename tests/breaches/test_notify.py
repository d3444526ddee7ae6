"""Finding the demo shop's affected customers, and mailing each exactly once, also across kills."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from personvern.breaches.decision import Decision
from personvern.breaches.facts import BreachFacts
from personvern.breaches.notify import build_notice_service
from personvern.breaches.severity import Assessment
from personvern.demo.setup import prepare_demo_folder
from personvern.errors import Conflict
from personvern.mail.outbox import list_outbox
from tests.breaches.conftest import record

ROOT = Path(__file__).resolve().parents[2]
START, END = datetime(2025, 12, 1, tzinfo=UTC), datetime(2026, 1, 10, tzinfo=UTC)


@pytest.fixture
def container(any_container):  # type: ignore[no-untyped-def]
    return any_container  # every test here on SQLite and on PostgreSQL


@pytest.fixture
def demo(container, tmp_path):  # type: ignore[no-untyped-def]
    folder = prepare_demo_folder(tmp_path / "demo", today=date(2026, 1, 15))
    container.declarations.load_file(folder.declaration, actor="test")
    return folder


def expected_addresses(database: Path) -> set[str]:
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT DISTINCT lower(c.email) FROM orders o JOIN customers c ON c.id = o.customer_id "
            "WHERE o.placed_at >= ? AND o.placed_at < ?",
            (START.replace(tzinfo=None).isoformat(" "), END.replace(tzinfo=None).isoformat(" "))).fetchall()
    return {r[0] for r in rows}


def approved_breach(container) -> int:  # type: ignore[no-untyped-def]
    breaches = container.breaches
    b = breaches.create(BreachFacts.model_validate(record(
        title="Order export sent to the wrong partner",
        people={"value": 40, "estimate": True}, records={"value": 120, "estimate": True},
        data_categories=["user.name", "user.contact.address", "user.behavior.purchase_history"],
        datasets=["nordlys.orders"], consequences="Others may know what you bought and where you live.",
        selection={"collection": "nordlys.orders", "field": "placed_at",
                   "start": START.isoformat(), "end": END.isoformat()})), actor="dpo")
    breaches.assess(b.id, Assessment(dpc_base="behavioural", confidentiality="disclosed",
                                     adjustments=[{"factor": "other", "delta": 1,
                                                   "reason": "home addresses with what was bought"}]), actor="dpo")
    breaches.decide(b.id, Decision(notify_authority=True, inform_people=True,
                                   reasoning="home address and purchases disclosed to an outsider"), actor="dpo")
    return b.id


def notices_for(container, demo):  # type: ignore[no-untyped-def]
    service = build_notice_service(container)
    service.environ = demo.environment
    return service


def outbox_to(container) -> Counter[str]:  # type: ignore[no-untyped-def]
    folder = container.settings.resolve(container.settings.mail.outbox_dir)
    return Counter(m.to.lower() for m in list_outbox(folder, limit=100_000))


def test_the_people_are_found_through_the_data_map(container, demo) -> None:  # type: ignore[no-untyped-def]
    breach_id = approved_breach(container)
    notices = notices_for(container, demo)
    found = notices.find(breach_id)
    expected = expected_addresses(demo.database)
    assert len(expected) > 3
    assert set(found.addresses) == expected
    assert found.path == ["nordlys:orders", "nordlys:customers"]
    with pytest.raises(Conflict, match="not approved"):
        notices.prepare(breach_id, actor="dpo")
    draft = notices.draft(breach_id, "nb")
    assert "Others may know what you bought" in draft.text and "postadresse" in draft.text


def test_killed_midway_each_person_is_mailed_exactly_once(container, demo) -> None:  # type: ignore[no-untyped-def]
    breach_id = approved_breach(container)
    container.breaches.approve_notices(breach_id, actor="dpo")
    notices = notices_for(container, demo)
    expected = expected_addresses(demo.database)
    assert notices.prepare(breach_id, actor="dpo") == len(expected)
    assert notices.prepare(breach_id, actor="dpo") == 0  # found again: nobody added twice

    def crash_after_two(point: str, _rid: int) -> None:
        if point == "recorded" and sum(outbox_to(container).values()) == 2:
            raise RuntimeError("worker died")

    with pytest.raises(RuntimeError):
        notices.run(breach_id, actor="dpo", hook=crash_after_two)
    assert sum(outbox_to(container).values()) == 2
    # a second process is SIGKILLed between a delivery and its record
    child = subprocess.run(
        [sys.executable, "-m", "tests.breaches.notify_child", str(container.settings.data_dir), str(breach_id),
         "3", json.dumps(demo.environment), container.settings.database.url], cwd=ROOT, env={**os.environ}, capture_output=True, timeout=120)
    assert child.returncode == -9, child.stderr.decode()
    assert sum(outbox_to(container).values()) == 5
    assert notices.counts(breach_id).get("sending") == 1
    result = notices_for(container, demo).run(breach_id, actor="dpo")
    assert result.settled == 1 and result.remaining == 0 and result.uncertain == 0
    sent = outbox_to(container)
    assert set(sent) == expected and set(sent.values()) == {1}
    assert notices.counts(breach_id) == {"sent": len(expected)}
    informed = container.breaches.get(breach_id).facts
    assert informed.people_informed_at is not None and f"({len(expected)} personer)" in informed.people_informed_how
    again = notices.run(breach_id, actor="dpo")
    assert again.sent == 0 and sum(outbox_to(container).values()) == len(expected)
    assert container.audit.verify().ok


def test_one_run_per_breach_at_a_time(container, demo) -> None:  # type: ignore[no-untyped-def]
    breach_id = approved_breach(container)
    container.breaches.approve_notices(breach_id, actor="dpo")
    notices = notices_for(container, demo)
    notices.prepare(breach_id, actor="dpo")
    with notices.lock.hold(breach_id):
        with pytest.raises(Conflict, match="already running"):
            notices_for(container, demo).run(breach_id, actor="dpo")
    assert sum(outbox_to(container).values()) == 0
    assert notices.run(breach_id, actor="dpo").sent == len(expected_addresses(demo.database))
