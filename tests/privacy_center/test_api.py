"""The privacy officer's workflow API: roles, list and filters, the audit trail, approve, refuse, extend."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import bearer
from tests.privacy_center.conftest import KARI, OLA, Demo

REASON = "The search covers five systems, two of them archived."


@pytest.fixture
def staff(demo: Demo) -> dict[str, str]:
    return bearer(demo.container.tokens.create(name="dpo", role="dpo", actor="test").secret)


@pytest.fixture
def viewer(demo: Demo) -> dict[str, str]:
    return bearer(demo.container.tokens.create(name="viewer", role="viewer", actor="test").secret)


def test_the_workflow_api_needs_an_admin_or_dpo_token(demo_client: TestClient, viewer):
    assert demo_client.get("/api/v1/workflow/requests").status_code == 401
    assert demo_client.get("/api/v1/workflow/requests", headers=viewer).status_code == 403
    assert demo_client.post("/api/v1/workflow/requests/1/approve", headers=viewer).status_code == 403


def test_list_filters_by_state_kind_and_due_date(demo: Demo, demo_client: TestClient, staff):
    access = demo.submit_and_verify("access", KARI)
    erasure = demo.submit_and_verify("erasure", OLA)
    listed = demo_client.get("/api/v1/workflow/requests", headers=staff).json()
    assert [r["id"] for r in listed] == [erasure, access]
    waiting = demo_client.get("/api/v1/workflow/requests?state=verified", headers=staff).json()
    assert [(r["id"], r["asked"], r["needs_review"]) for r in waiting] == [(erasure, "erasure", "approval_required")]
    assert waiting[0]["due_on"] == "2026-02-16" and waiting[0]["days_left"] == 32 and not waiting[0]["overdue"]
    by_kind = demo_client.get("/api/v1/workflow/requests?kind=access", headers=staff).json()
    assert [r["id"] for r in by_kind] == [access]
    due = demo_client.get("/api/v1/workflow/requests?due_before=2026-02-01", headers=staff).json()
    assert due == []
    assert len(demo_client.get("/api/v1/workflow/requests?due_before=2026-02-16", headers=staff).json()) == 2
    bad = demo_client.get("/api/v1/workflow/requests?state=lost", headers=staff)
    assert bad.status_code == 422


def test_show_has_the_identity_and_the_audit_trail(demo: Demo, demo_client: TestClient, staff):
    request_id = demo.submit_and_verify("erasure", OLA)
    shown = demo_client.get(f"/api/v1/workflow/requests/{request_id}", headers=staff).json()
    assert shown["identity"] == {"email": OLA} and shown["state"] == "verified"
    trail = [e["action"] for e in shown["audit"]]
    assert trail[0] == "request.received" and "request.verified" in trail and "mail.sent" in trail
    assert demo_client.get("/api/v1/workflow/requests/999", headers=staff).status_code == 404


def test_approve_then_the_request_runs(demo: Demo, demo_client: TestClient, staff):
    request_id = demo.submit_and_verify("erasure", OLA)
    answer = demo_client.post(f"/api/v1/workflow/requests/{request_id}/approve", headers=staff)
    assert answer.status_code == 200 and answer.json()["state"] == "completed"
    assert "request.approved" in [e["action"] for e in answer.json()["audit"]]
    again = demo_client.post(f"/api/v1/workflow/requests/{request_id}/approve", headers=staff)
    assert again.status_code == 409 and "completed" in again.json()["detail"]


def test_approving_a_correction_takes_the_changes(demo: Demo, demo_client: TestClient, staff):
    request_id = demo.submit_and_verify("rectification", KARI, correction="New phone: +47 911 11 111")
    missing = demo_client.post(f"/api/v1/workflow/requests/{request_id}/approve", headers=staff, json={})
    assert missing.status_code == 422 and "changes" in missing.json()["detail"]
    answer = demo_client.post(f"/api/v1/workflow/requests/{request_id}/approve", headers=staff,
                              json={"changes": {"customers.phone": "+4791111111"}})
    assert answer.status_code == 200 and answer.json()["state"] == "completed"


def test_refuse_needs_a_reason(demo: Demo, demo_client: TestClient, staff):
    request_id = demo.submit_and_verify("erasure", OLA)
    short = demo_client.post(f"/api/v1/workflow/requests/{request_id}/refuse", headers=staff, json={"reason": "no"})
    assert short.status_code == 422
    answer = demo_client.post(f"/api/v1/workflow/requests/{request_id}/refuse", headers=staff,
                              json={"reason": "Manifestly unfounded: the same request every day (Art. 12(5))."})
    assert answer.status_code == 200 and answer.json()["state"] == "refused"
    assert answer.json()["details"]["refusal_reason"].startswith("Manifestly unfounded")
    assert demo.mails_to(OLA)[-1].subject == f"Your request no. {request_id} is refused"


def test_extend_once_within_the_first_month_only(demo: Demo, demo_client: TestClient, staff):
    first = demo.submit_and_verify("erasure", OLA)
    url = f"/api/v1/workflow/requests/{first}/extend"
    answer = demo_client.post(url, headers=staff, json={"months": 2, "reason": REASON})
    assert answer.status_code == 200 and answer.json()["due_on"] == "2026-04-15" and answer.json()["extended"]
    twice = demo_client.post(url, headers=staff, json={"months": 1, "reason": REASON})
    assert twice.status_code == 422 and "already been extended" in twice.json()["detail"]
    three = demo_client.post(url, headers=staff, json={"months": 3, "reason": REASON})
    assert three.status_code == 422
    second = demo.submit_and_verify("erasure", KARI)
    demo.clock.at = datetime(2026, 2, 17, 8, tzinfo=UTC)
    late = demo_client.post(f"/api/v1/workflow/requests/{second}/extend", headers=staff,
                            json={"months": 2, "reason": REASON})
    assert late.status_code == 422 and "first month ended on 2026-02-16" in late.json()["detail"]
    overdue = demo_client.get("/api/v1/workflow/requests?overdue=true", headers=staff).json()
    assert [r["id"] for r in overdue] == [second]


def test_operator_requests_are_listed_but_not_workflow_actions(demo: Demo, demo_client: TestClient, staff):
    made = demo.center.shared.engine.service.create("access", {"email": KARI}, actor="test")
    listed = demo_client.get("/api/v1/workflow/requests", headers=staff).json()
    assert listed[0]["id"] == made.id and listed[0]["privacy_center"] is False
    answer = demo_client.post(f"/api/v1/workflow/requests/{made.id}/approve", headers=staff)
    assert answer.status_code == 404 and "privacy center" in answer.json()["detail"]
