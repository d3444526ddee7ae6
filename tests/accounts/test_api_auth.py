"""Admin API authentication, on the embedded store and on PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from personvern.container import Container
from tests.conftest import bearer


def test_no_token_is_401(any_client: TestClient) -> None:
    response = any_client.get("/api/v1/tokens")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("missing API token")
    assert response.headers["www-authenticate"] == "Bearer"


def test_invalid_token_is_401(any_client: TestClient) -> None:
    for value in ("nonsense", "pv_deadbeef_" + "x" * 43):
        response = any_client.get("/api/v1/tokens", headers=bearer(value))
        assert response.status_code == 401
        assert response.json()["detail"] == "invalid or revoked API token"


def test_viewer_on_admin_route_is_403(any_client: TestClient, any_container: Container) -> None:
    viewer = any_container.tokens.create(name="viewer", role="viewer", actor="test").secret
    response = any_client.get("/api/v1/tokens", headers=bearer(viewer))
    assert response.status_code == 403
    assert response.json()["detail"] == "this needs the role admin; your token has 'viewer'"
    response = any_client.get("/api/v1/audit/verify", headers=bearer(viewer))
    assert response.status_code == 403


def test_admin_creates_and_revokes_tokens(any_client: TestClient, any_container: Container) -> None:
    admin = any_container.tokens.create(name="admin", role="admin", actor="test").secret
    created = any_client.post("/api/v1/tokens", json={"name": "dpo laptop", "role": "dpo"}, headers=bearer(admin))
    assert created.status_code == 201
    body = created.json()
    assert body["role"] == "dpo" and body["token"].startswith("pv_")
    assert any_client.get("/api/v1/audit", headers=bearer(body["token"])).status_code == 200
    revoked = any_client.delete(f"/api/v1/tokens/{body['id']}", headers=bearer(admin))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert any_client.get("/api/v1/audit", headers=bearer(body["token"])).status_code == 401
    actions = [e.action for e in any_container.audit.list(limit=10)]
    assert actions[:3] == ["token.revoked", "token.created", "token.created"]


def test_bad_token_request_is_422_with_reason(client: TestClient, admin_token: str) -> None:
    response = client.post("/api/v1/tokens", json={"name": "x", "role": "root"}, headers=bearer(admin_token))
    assert response.status_code == 422
    assert response.json()["problems"][0]["where"] == "body.role"
    response = client.post(
        "/api/v1/tokens", content=b"{not json", headers={**bearer(admin_token), "content-type": "application/json"}
    )
    assert response.status_code == 422


def test_revoking_unknown_token_is_404(client: TestClient, admin_token: str) -> None:
    response = client.delete("/api/v1/tokens/999", headers=bearer(admin_token))
    assert response.status_code == 404
    assert response.json()["detail"] == "no token with id 999"


def test_token_secret_is_stored_hashed(container: Container) -> None:
    from sqlalchemy import text

    issued = container.tokens.create(name="x", role="viewer", actor="test")
    with container.db.read() as session:
        stored = session.execute(text("SELECT token_hash FROM api_tokens")).scalar_one()
    assert issued.secret not in stored and len(stored) == 64
    assert container.tokens.authenticate(issued.secret).id == issued.token.id


def test_health_needs_no_token(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_openapi_document_is_served(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert "/api/v1/tokens" in document["paths"]
    assert document["info"]["title"] == "personvern"


def test_the_last_admin_token_cannot_be_revoked(client: TestClient, container: Container, admin_token: str) -> None:
    """Issue 13: an admin could revoke the last admin token and lock everyone out of the API."""
    (mine,) = [t for t in container.tokens.list() if t.role == "admin"]
    refused = client.delete(f"/api/v1/tokens/{mine.id}", headers={"Authorization": f"Bearer {admin_token}"})
    assert refused.status_code == 409 and "last admin token" in refused.json()["detail"]
    assert client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {admin_token}"}).status_code == 200
    second = container.tokens.create(name="second admin", role="admin", actor="test")
    revoked = client.delete(f"/api/v1/tokens/{mine.id}", headers={"Authorization": f"Bearer {second.secret}"})
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
