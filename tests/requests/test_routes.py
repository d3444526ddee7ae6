"""The admin API, the subject-status API and the signed download link, over HTTP."""

import io
import zipfile
from urllib.parse import parse_qs, urlparse

import pytest

from personvern.container import Container
from tests.conftest import bearer
from tests.requests.shop import ANNA, DECLARATION


@pytest.fixture(autouse=True)
def declaration_loaded(container: Container) -> None:
    container.declarations.load_file(DECLARATION, actor="test")


def _access(client, token) -> dict:
    created = client.post("/api/v1/requests", json={"kind": "access", "identity": {"email": ANNA}, "language": "en"},
                          headers=bearer(token))
    assert created.status_code == 201, created.text
    assert created.json()["state"] == "approved"
    executed = client.post(f"/api/v1/requests/{created.json()['id']}/execute", headers=bearer(token))
    assert executed.status_code == 202, executed.text
    return client.get(f"/api/v1/requests/{created.json()['id']}", headers=bearer(token)).json()


def _link(url: str) -> tuple[str, dict[str, str]]:
    parsed = urlparse(url)
    return parsed.path, {k: v[0] for k, v in parse_qs(parsed.query).items()}


def test_access_through_the_api_gives_a_signed_link_to_the_zip(client, admin_token, shop_sqlite):
    request = _access(client, admin_token)
    assert request["state"] == "completed"
    assert [s["key"] for s in request["steps"]] == ["collect", "package"]
    assert all(s["state"] == "done" for s in request["steps"])
    path, query = _link(request["download_url"])
    response = client.get(path, params=query)  # no token: the signature is the credential
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"README.txt", "data.json", "shop/customers.csv"} <= set(archive.namelist())


def test_the_link_refuses_another_requests_signature_a_tampered_one_and_expiry(
    client, admin_token, shop_sqlite, clock,
):
    first = _access(client, admin_token)
    second = _access(client, admin_token)
    path1, q1 = _link(first["download_url"])
    path2, q2 = _link(second["download_url"])
    assert client.get(path1, params=q2).status_code == 403  # another request's token
    assert client.get(path2, params=q1).status_code == 403
    tampered = {**q1, "sig": q1["sig"][:-2] + ("00" if q1["sig"][-2:] != "00" else "11")}
    refused = client.get(path1, params=tampered)
    assert refused.status_code == 403 and refused.json()["detail"] == "this download link is not valid"
    assert client.get(path1, params={**q1, "expires": str(int(q1["expires"]) + 3600)}).status_code == 403
    assert client.get(path1, params={"expires": q1["expires"]}).status_code == 422  # no signature
    clock.advance(days=7)
    expired = client.get(path1, params=q1)
    assert expired.status_code == 403 and "expired" in expired.json()["detail"]


def test_request_api_needs_admin_or_dpo(client, viewer_token, dpo_token, shop_sqlite):
    body = {"kind": "restriction", "identity": {"email": ANNA}}
    assert client.post("/api/v1/requests", json=body).status_code == 401
    assert client.post("/api/v1/requests", json=body, headers=bearer(viewer_token)).status_code == 403
    assert client.post("/api/v1/requests", json=body, headers=bearer(dpo_token)).status_code == 201
    assert client.get("/api/v1/requests", headers=bearer(viewer_token)).status_code == 403
    listed = client.get("/api/v1/requests", headers=bearer(dpo_token)).json()
    assert [r["kind"] for r in listed] == ["restriction"]


def test_bad_input_is_a_4xx_with_a_reason(client, admin_token):
    post = lambda body: client.post("/api/v1/requests", json=body, headers=bearer(admin_token))  # noqa: E731
    assert post({"kind": "teleport", "identity": {"email": ANNA}}).status_code == 422
    assert post({"kind": "access", "identity": {}}).status_code == 422
    unknown = post({"kind": "access", "identity": {"ssn": "123"}})
    assert unknown.status_code == 422 and "unknown identity ssn" in unknown.json()["detail"]
    assert post({"kind": "objection", "identity": {"email": ANNA}, "purposes": ["flying"]}).status_code == 422
    assert client.get("/api/v1/requests/999", headers=bearer(admin_token)).status_code == 404
    assert client.post("/api/v1/requests/999/execute", headers=bearer(admin_token)).status_code == 404
    assert client.get("/exports/999", params={"expires": "1", "sig": "00"}).status_code == 403


def test_subject_status_tells_apps_about_restriction_and_objections(client, admin_token, viewer_token):
    for body in (
        {"kind": "restriction", "identity": {"email": ANNA}},
        {"kind": "objection", "identity": {"email": ANNA}, "purposes": ["newsletter"]},
    ):
        created = client.post("/api/v1/requests", json=body, headers=bearer(admin_token)).json()
        client.post(f"/api/v1/requests/{created['id']}/execute", headers=bearer(admin_token))
    assert client.get("/api/v1/subjects/status", params={"email": ANNA}).status_code == 401
    status = client.get(
        "/api/v1/subjects/status", params={"email": "ANNA@example.com", "purpose": "marketing.communications.email"},
        headers=bearer(viewer_token),
    )
    assert status.status_code == 200
    assert status.json() == {
        "restricted": True, "restricted_since": "2026-01-15T12:00:00Z",
        "objections": ["marketing.communications.email"], "objects_to_purpose": True,
    }
    other = client.get("/api/v1/subjects/status", params={"email": "bjorn@example.com"}, headers=bearer(viewer_token))
    assert other.json() == {"restricted": False, "restricted_since": None, "objections": [], "objects_to_purpose": None}


def test_an_unreachable_database_leaves_the_request_resumable_not_a_500(
    client, admin_token, shop_sqlite, monkeypatch, tmp_path,
):
    created = client.post("/api/v1/requests", json={"kind": "access", "identity": {"email": ANNA}},
                          headers=bearer(admin_token)).json()
    monkeypatch.setenv("PV_TEST_SHOP_URL", f"sqlite:///{tmp_path / 'gone.sqlite3'}")
    executed = client.post(f"/api/v1/requests/{created['id']}/execute", headers=bearer(admin_token))
    assert executed.status_code == 202
    shown = client.get(f"/api/v1/requests/{created['id']}", headers=bearer(admin_token)).json()
    assert shown["state"] == "executing" and shown["download_url"] is None
    collect = shown["steps"][0]
    assert collect["state"] == "pending" and "does not exist" in collect["error"]
    monkeypatch.setenv("PV_TEST_SHOP_URL", shop_sqlite)  # the database is back: run it again
    client.post(f"/api/v1/requests/{created['id']}/execute", headers=bearer(admin_token))
    shown = client.get(f"/api/v1/requests/{created['id']}", headers=bearer(admin_token)).json()
    assert shown["state"] == "completed" and shown["steps"][0]["attempts"] == 2
