"""Restriction and objection: recorded per person (keyed hash), read back by the status lookup."""

import json

import pytest

from personvern.errors import Invalid
from tests.requests.shop import ANNA, BJORN


def test_restriction_is_recorded_and_can_be_lifted(service, container):
    assert not service.status({"email": ANNA}).restricted
    done = service.execute(service.create("restriction", {"email": ANNA}, actor="test").id, actor="test")
    assert done.result == {"restricted": True, "changed": 1}
    status = service.status({"email": " Anna@EXAMPLE.com"})
    assert status.restricted and status.restricted_since == container.clock.now()
    assert service.is_restricted("email", ANNA) and not service.is_restricted("email", BJORN)
    again = service.execute(service.create("restriction", {"email": ANNA}, actor="test").id, actor="test")
    assert again.result["changed"] == 0  # already restricted
    service.execute(service.create("restriction", {"email": ANNA}, actor="test", params={"lift": True}).id,
                    actor="test")
    assert not service.status({"email": ANNA}).restricted


def test_objection_by_activity_or_purpose(service):
    request = service.create("objection", {"email": ANNA}, actor="test", params={"purposes": ["newsletter"]})
    assert request.params["purposes"] == ["marketing.communications.email"]
    service.execute(request.id, actor="test")
    status = service.status({"email": ANNA})
    assert status.objections == ["marketing.communications.email"] and not status.restricted
    assert status.objects_to("marketing.communications.email")
    assert not status.objects_to("essential.service")
    broad = service.create("objection", {"email": BJORN}, actor="test", params={"purposes": ["marketing"]})
    service.execute(broad.id, actor="test")
    assert service.status({"email": BJORN}).objects_to("marketing.communications.email")
    withdraw = service.create("objection", {"email": ANNA}, actor="test",
                              params={"purposes": ["newsletter"], "lift": True})
    service.execute(withdraw.id, actor="test")
    assert service.status({"email": ANNA}).objections == []


def test_objection_needs_a_declared_purpose(service):
    with pytest.raises(Invalid, match="names the purposes"):
        service.create("objection", {"email": ANNA}, actor="test", params={"purposes": []})
    with pytest.raises(Invalid, match="neither an activity nor a purpose"):
        service.create("objection", {"email": ANNA}, actor="test", params={"purposes": ["analytics"]})


def test_flags_store_no_email_and_are_audited_by_hash(service, container):
    service.execute(service.create("restriction", {"email": ANNA}, actor="test").id, actor="test")
    with container.db.read() as session:
        dumped = [tuple(r) for r in session.execute(__import__("sqlalchemy").text(
            "SELECT * FROM subject_flags UNION ALL SELECT id, identity_hash, kind, state, id, created_at, "
            "completed_at, id FROM requests"))]
    assert "anna" not in json.dumps(dumped, default=str).lower()
    entry = next(e for e in container.audit.list(limit=50) if e.action == "subject.restriction.set")
    assert entry.target.startswith("subject:") and "anna" not in json.dumps(entry.details).lower()
