"""`personvern demo`, run as a user runs it: the service answers, the landing page shows the company,
and the admin API refuses a missing token (401) and a viewer token on an admin route (403)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("demo")
    port = _free_port()
    env = {**os.environ, "PERSONVERN__DATA_DIR": str(folder / "elsewhere")}
    log = (folder.parent / "demo.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "personvern", "demo", "--dir", str(folder), "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            log.close()
            raise AssertionError(f"demo exited {proc.returncode}: {(folder.parent / 'demo.log').read_text()}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("demo did not answer /health within 60 s")
        time.sleep(0.1)
    yield base, folder, proc
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    log.close()


def test_health_answers_with_the_loaded_declaration(demo) -> None:
    base, _, _ = demo
    body = httpx.get(f"{base}/health").json()
    assert body["status"] == "ok"
    assert body["declaration_version"] == 1


def test_landing_page_shows_the_company_and_its_people(demo) -> None:
    base, folder, _ = demo
    page = httpx.get(f"{base}/").text
    assert "Nordlys Sykkel AS" in page
    assert "kari.nordmann@example.com" in page
    assert "customers" in page and "web_access_log" in page
    for link in ("/privacy", "/consent/cookies", "/demo/website", "/privacy-center", "/demo/outbox", "/docs"):
        assert f'href="{link}"' in page, link
        assert httpx.get(f"{base}{link}").status_code == 200, link
    assert (folder / "company.sqlite3").exists()


def test_admin_api_refuses_without_token_and_with_viewer(demo) -> None:
    base, folder, _ = demo
    assert httpx.get(f"{base}/api/v1/tokens").status_code == 401
    admin = (folder / "admin-token.txt").read_text().strip()
    created = httpx.post(
        f"{base}/api/v1/tokens", json={"name": "viewer", "role": "viewer"},
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert created.status_code == 201
    viewer = created.json()["token"]
    response = httpx.get(f"{base}/api/v1/tokens", headers={"Authorization": f"Bearer {viewer}"})
    assert response.status_code == 403
    assert httpx.get(f"{base}/api/v1/declaration", headers={"Authorization": f"Bearer {viewer}"}).status_code == 200


def test_a_second_start_reuses_the_folder(demo, tmp_path: Path) -> None:
    _, folder, _ = demo
    before = (folder / "company.sqlite3").stat().st_mtime_ns
    from datetime import date

    from personvern.demo.setup import prepare_demo_folder

    again = prepare_demo_folder(folder, today=date.today())
    assert (folder / "company.sqlite3").stat().st_mtime_ns == before
    assert again.summary.row_counts["customers"] == 120
