"""The register on SQLite and PostgreSQL: append-only revisions, audit, phases, bad input."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest

import personvern.demo
from personvern.breaches.decision import Decision
from personvern.breaches.facts import BreachFacts
from personvern.breaches.severity import Assessment
from personvern.errors import Conflict, Invalid
from tests.breaches.conftest import oslo, record

DEMO = Path(personvern.demo.__file__).parent / "files" / "personvern.yaml"


@pytest.fixture
def breaches(any_container):  # type: ignore[no-untyped-def]
    any_container.declarations.load_file(DEMO, actor="test")
    any_container.clock.at = oslo(2026, 1, 16, 18, 0).astimezone(UTC)
    return any_container.breaches


def test_revisions_are_append_only_and_audited(breaches, any_container) -> None:  # type: ignore[no-untyped-def]
    created = breaches.create(BreachFacts.model_validate(record(activities=["customer_accounts"])), actor="dpo")
    assert created.facts.contact is not None and created.facts.contact.email == "dpo@nordlys-sykkel.example"
    assert created.declaration_version_id is not None
    breaches.update(created.id, {"people": {"value": 4, "estimate": True}}, actor="dpo", reason="recount")
    breaches.assess(created.id, Assessment(dpc_base="simple", confidentiality="disclosed"), actor="dpo")
    breaches.decide(created.id, Decision(notify_authority=True, inform_people=False,
                                         reasoning="risk, not high: names and addresses only"), actor="dpo")
    revisions = breaches.revisions(created.id)
    assert [r.kind for r in revisions] == ["created", "updated", "assessed", "decided"]
    assert revisions[0].snapshot["facts"]["people"] == {"value": 3, "estimate": False}  # history kept
    assert revisions[1].snapshot["facts"]["people"] == {"value": 4, "estimate": True}
    assert revisions[1].reason == "recount" and revisions[1].actor == "dpo"
    actions = [e.action for e in reversed(any_container.audit.list()) if e.target == f"breach:{created.id}"]
    assert actions == ["breach.created", "breach.updated", "breach.assessed", "breach.decided"]
    assert any_container.audit.verify().ok
    view = breaches.view(created.id)
    assert view.severity is not None and view.severity.band == "low"
    assert view.proposal is not None and view.proposal.notify_authority is False


def test_phases_and_the_late_report(breaches, any_container) -> None:  # type: ignore[no-untyped-def]
    b = breaches.create(BreachFacts.model_validate(record()), actor="dpo")
    with pytest.raises(Conflict):
        breaches.report(b.id, "initial", actor="dpo")
    breaches.assess(b.id, Assessment(dpc_base="financial", confidentiality="disclosed"), actor="dpo")
    breaches.decide(b.id, Decision(notify_authority=True, inform_people=True, reasoning="high risk: financial data disclosed"), actor="dpo")
    with pytest.raises(Conflict):
        breaches.report(b.id, "follow_up", actor="dpo")
    late = b.facts.aware_at + timedelta(hours=73)
    with pytest.raises(Invalid, match="reasons for the delay"):
        breaches.report(b.id, "initial", actor="dpo", at=late)
    breaches.update(b.id, {"delay_reason": "the export's recipient confirmed only on Monday"}, actor="dpo",
                    reason="delay explained")
    initial = breaches.report(b.id, "initial", actor="dpo", at=late)
    assert initial.phase == "initial" and initial.snapshot["authority_notified_at"] is not None
    breaches.report(b.id, "follow_up", actor="dpo")
    final = breaches.report(b.id, "final", actor="dpo")
    assert breaches.get(b.id).state == "closed" and final.phase == "final"
    with pytest.raises(Conflict):
        breaches.report(b.id, "follow_up", actor="dpo")
    view = breaches.view(b.id)
    assert view.clocks[0].late
    assert any_container.audit.verify().ok


def test_bad_input_names_the_problem(breaches) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid, match="unknown data category 'user.shoe_size'"):
        breaches.create(BreachFacts.model_validate(record(data_categories=["user.shoe_size"])), actor="dpo")
    with pytest.raises(Invalid, match="unknown activity 'space_travel'"):
        breaches.create(BreachFacts.model_validate(record(activities=["space_travel"])), actor="dpo")
    b = breaches.create(BreachFacts.model_validate(record()), actor="dpo")
    with pytest.raises(Invalid, match="people"):
        breaches.update(b.id, {"people": {"value": -1}}, actor="dpo", reason="typo")
    with pytest.raises(Invalid, match="unknown field"):
        breaches.update(b.id, {"colour": "red"}, actor="dpo", reason="typo")
    with pytest.raises(Invalid, match="say why"):
        breaches.update(b.id, {"title": "Another title"}, actor="dpo", reason="")
    assert [r.kind for r in breaches.revisions(b.id)] == ["created"]


def test_special_categories_are_recognised(breaches) -> None:  # type: ignore[no-untyped-def]
    b = breaches.create(BreachFacts.model_validate(record(
        data_categories=["user.name", "user.health_and_medical.dietary"])), actor="dpo")
    view = breaches.view(b.id)
    assert view.special_categories == ["user.health_and_medical.dietary"]
    assert breaches.suggested_assessment(b.id).dpc_base == "sensitive"
