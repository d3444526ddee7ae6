"""The retention API: plan, runs, reports, holds; roles and bad input."""

from __future__ import annotations

from fastapi.testclient import TestClient

from personvern.container import Container
from tests.conftest import bearer
from tests.retention.shop import DECLARATION, DELETED, keys


def load(container: Container) -> None:
    container.declarations.load_file(DECLARATION, actor="test")


def test_plan_run_and_report(client: TestClient, container: Container, admin_token: str, viewer_token: str,
                             sqlite_shop: str) -> None:
    load(container)
    plan = client.get("/api/v1/retention/plan", headers=bearer(viewer_token))
    assert plan.status_code == 200, plan.text
    sweeps = {s["key"]: s for s in plan.json()["sweeps"]}
    assert sweeps["shop:orders"]["rows"] == 4  # nobody restricted or held here
    assert sweeps["shop:orders"]["detail"]["rules"][1]["cutoff"] == "2021-01-01"
    started = client.post("/api/v1/retention/runs", json={"batch_size": 2}, headers=bearer(admin_token))
    assert started.status_code == 202, started.text
    run_id = started.json()["id"]
    report = client.get(f"/api/v1/retention/runs/{run_id}", headers=bearer(viewer_token)).json()
    assert report["state"] == "finished" and report["trigger"] == "api" and report["batch_size"] == 2
    by_key = {s["key"]: s for s in report["sweeps"]}
    assert by_key["shop:orders"]["affected"] == sweeps["shop:orders"]["rows"]
    assert by_key["shop:messages"]["affected"] == len(DELETED["messages"])
    assert {"duration_ms", "max_batch_ms", "errors", "skipped"} <= set(by_key["shop:orders"])
    assert keys(sqlite_shop, "messages") == {1, 3, 6}
    listed = client.get("/api/v1/retention/runs", headers=bearer(viewer_token)).json()
    assert [r["id"] for r in listed] == [run_id]
    audit = [e.action for e in container.audit.list(action="retention.*", limit=100)]
    assert "retention.run.started" in audit and "retention.run.finished" in audit
    assert "retention.sweep.done" in audit


def test_holds_crud(client: TestClient, admin_token: str, viewer_token: str, container: Container) -> None:
    made = client.post("/api/v1/retention/holds", headers=bearer(admin_token), json={
        "scope": "person", "identity": {"email": "hans@example.com"}, "reason": "court case 24-001"})
    assert made.status_code == 201, made.text
    hold = made.json()
    assert hold["scope"] == "person" and hold["active"] and len(hold["target"]) == 64
    assert "hans" not in made.text
    assert client.get(f"/api/v1/retention/holds/{hold['id']}", headers=bearer(viewer_token)).json() == hold
    dataset = client.post("/api/v1/retention/holds", headers=bearer(admin_token), json={
        "scope": "dataset", "target": "shop", "reason": "tax audit"}).json()
    again = client.post("/api/v1/retention/holds", headers=bearer(admin_token), json={
        "scope": "dataset", "target": "shop", "reason": "twice"})
    assert again.status_code == 409
    listed = client.get("/api/v1/retention/holds", headers=bearer(viewer_token)).json()
    assert [h["id"] for h in listed] == [hold["id"], dataset["id"]]
    lifted = client.delete(f"/api/v1/retention/holds/{dataset['id']}", params={"reason": "audit closed"},
                           headers=bearer(admin_token))
    assert lifted.status_code == 200 and lifted.json()["lift_reason"] == "audit closed"
    assert [h["id"] for h in client.get("/api/v1/retention/holds", headers=bearer(admin_token)).json()] == [hold["id"]]
    everything = client.get("/api/v1/retention/holds", params={"all": "true"}, headers=bearer(admin_token)).json()
    assert len(everything) == 2
    twice = client.delete(f"/api/v1/retention/holds/{dataset['id']}", params={"reason": "x"},
                          headers=bearer(admin_token))
    assert twice.status_code == 409
    entries = container.audit.list(action="retention.hold.*", limit=10)
    assert {e.action for e in entries} == {"retention.hold.set", "retention.hold.lifted"}
    assert all("hans" not in str(e.details) and "court" not in str(e.details) for e in entries)


def test_roles_and_bad_input(client: TestClient, admin_token: str, viewer_token: str) -> None:
    assert client.get("/api/v1/retention/plan").status_code == 401
    assert client.post("/api/v1/retention/runs", headers=bearer(viewer_token)).status_code == 403
    assert client.post("/api/v1/retention/holds", headers=bearer(viewer_token),
                       json={"scope": "dataset", "target": "shop", "reason": "x"}).status_code == 403
    for body in (
        {"scope": "person", "reason": "no identity"},
        {"scope": "person", "identity": {"email": "a@example.com", "phone": "1"}, "reason": "two"},
        {"scope": "dataset", "reason": "no target"},
        {"scope": "planet", "target": "x", "reason": "x"},
        {"scope": "dataset", "target": "shop", "reason": ""},
        {"scope": "dataset", "target": "shop", "reason": "x", "decision": "release"},
    ):
        response = client.post("/api/v1/retention/holds", headers=bearer(admin_token), json=body)
        assert response.status_code == 422, (body, response.text)
    assert client.get("/api/v1/retention/holds/99", headers=bearer(admin_token)).status_code == 404
    assert client.get("/api/v1/retention/runs/99", headers=bearer(admin_token)).status_code == 404
    assert client.post("/api/v1/retention/runs", headers=bearer(admin_token),
                       json={"batch_size": 0}).status_code == 422
    # no declaration loaded yet: a clear 422, not a 500
    response = client.get("/api/v1/retention/plan", headers=bearer(admin_token))
    assert response.status_code == 422 and "no declaration loaded" in response.json()["detail"]
