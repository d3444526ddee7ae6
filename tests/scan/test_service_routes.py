"""Scheduled scans: the job, the last report through the API (token roles), the audit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from personvern.container import Container
from personvern.errors import Invalid, NotFound
from tests.conftest import bearer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def api(demo_container: Container) -> Iterator[TestClient]:
    from personvern.web.app import create_app

    with TestClient(create_app(demo_container.settings, container=demo_container)) as client:
        yield client


@pytest.fixture(scope="module")
def tokens(demo_container: Container) -> dict[str, str]:
    return {role: demo_container.tokens.create(name=f"scan {role}", role=role, actor="test").secret
            for role in ("admin", "viewer")}


def test_the_api_before_any_scan(api: TestClient, tokens: dict[str, str]) -> None:
    assert api.get("/api/v1/scan/last").status_code == 401
    missing = api.get("/api/v1/scan/last", headers=bearer(tokens["viewer"]))
    assert missing.status_code == 404 and missing.json()["detail"] == "no scan has finished yet"
    refused = api.post("/api/v1/scan/runs", json={}, headers=bearer(tokens["viewer"]))
    assert refused.status_code == 403
    no_url = api.post("/api/v1/scan/runs", json={}, headers=bearer(tokens["admin"]))
    assert no_url.status_code == 422 and "no site to scan" in no_url.json()["detail"]
    bad = api.post("/api/v1/scan/runs", json={"url": "ftp://x"}, headers=bearer(tokens["admin"]))
    assert bad.status_code == 422


def test_a_scan_run_by_the_service_is_the_last_report(
    demo_container: Container, api: TestClient, tokens: dict[str, str], site: str, session
) -> None:
    scan = demo_container.scan
    with pytest.raises(Invalid, match="no site to scan"):
        scan.run(actor="test")
    summary = scan.run(actor="test", url=f"{site}/demo/website", session=session)
    assert summary["violation"] == 0 and summary["exit_code"] == 0

    last = api.get("/api/v1/scan/last", headers=bearer(tokens["viewer"]))
    assert last.status_code == 200
    body = last.json()
    assert body["url"] == f"{site}/demo/website" and body["summary"]["violation"] == 0
    html = api.get("/api/v1/scan/last/files/report.html", headers=bearer(tokens["viewer"]))
    assert html.status_code == 200 and "No violations found" in html.text
    shot = body["states"][0]["screenshot"]
    png = api.get(f"/api/v1/scan/last/files/{shot}", headers=bearer(tokens["admin"]))
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"
    for name in ("..%2Fpersonvern.sqlite3", "report.exe", "nothere.png"):
        assert api.get(f"/api/v1/scan/last/files/{name}",
                       headers=bearer(tokens["admin"])).status_code == 404
    with pytest.raises(NotFound):
        scan.last_file("../last.txt")

    audited = demo_container.audit.list(action="scan.completed")
    assert len(audited) == 1
    assert audited[0].target == f"{site}/demo/website" and audited[0].details["violation"] == 0
    assert audited[0].details["report"] == body_folder(demo_container)
    assert demo_container.audit.verify().ok


def body_folder(container: Container) -> str:
    return (container.scan.report_dir / "last.txt").read_text()


def test_the_job_is_registered(demo_container: Container) -> None:
    assert "scan.run" in demo_container.jobs.names


def test_a_scan_started_through_the_api_runs_as_a_job(
    demo_container: Container, api: TestClient, tokens: dict[str, str], site: str
) -> None:
    """The memory queue of the tests runs the job at once, with its own Chromium."""
    started = api.post("/api/v1/scan/runs", json={"url": f"{site}/t/bad"},
                       headers=bearer(tokens["admin"]))
    assert started.status_code == 202 and started.json() == {"queued": True, "url": f"{site}/t/bad"}
    last = api.get("/api/v1/scan/last", headers=bearer(tokens["viewer"])).json()
    assert last["url"] == f"{site}/t/bad" and last["summary"]["violation"] >= 4
    audited = demo_container.audit.list(action="scan.completed")
    assert audited[0].actor.startswith("token:") and audited[0].actor.endswith(":scan admin")
    assert audited[0].target == f"{site}/t/bad"
