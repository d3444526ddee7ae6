"""An acknowledged consent is never lost, also when the server is killed right after answering.

`personvern serve` runs in a subprocess; clients post consents without pause; the server
is killed with SIGKILL while requests are in flight; every record whose 201 answer
arrived must be in the store, intact.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import create_engine, text

from tests.consent.conftest import FIXTURE
from tests.e2e.conftest import free_port

ACKNOWLEDGED_BEFORE_KILL = 120


def _start(data_dir: Path, database_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ, "PERSONVERN__DATA_DIR": str(data_dir), "PERSONVERN__DATABASE__URL": database_url,
        "PERSONVERN__JOBS__BACKEND": "memory", "PERSONVERN__LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "personvern", "serve", "--config", str(FIXTURE), "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return server, url
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    server.wait()
    raise AssertionError("personvern serve did not start")


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_acknowledged_consents_survive_a_kill(store: str, tmp_path: Path, request) -> None:
    database_url = (
        request.getfixturevalue("pg_url") if store == "postgres"
        else f"sqlite:///{tmp_path / 'personvern.sqlite3'}"
    )
    server, url = _start(tmp_path, database_url)
    try:
        config = httpx.get(f"{url}/consent/v1/config", timeout=10).json()
        body = {"version": config["v"], "banner_hash": config["t"]["en"]["h"], "lang": "en",
                "page_url": f"{url}/demo/website", "method": "accept_all"}
        acknowledged: list[int] = []
        lock = threading.Lock()
        enough = threading.Event()

        def client() -> None:
            with httpx.Client(base_url=url, timeout=10) as http:
                while True:
                    try:
                        answer = http.post("/consent/v1/records", json=body)
                    except httpx.HTTPError:
                        return  # the server is gone
                    assert answer.status_code == 201, answer.text
                    with lock:
                        acknowledged.append(answer.json()["record"])
                        if len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL:
                            enough.set()

        threads = [threading.Thread(target=client) for _ in range(6)]
        for thread in threads:
            thread.start()
        assert enough.wait(60)
        os.kill(server.pid, signal.SIGKILL)  # no shutdown, no flush: gone
        for thread in threads:
            thread.join(30)
    finally:
        server.kill()
        server.wait()

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            stored = {seal[:16] for seal in conn.execute(text("SELECT seal FROM consent_records")).scalars()}
    finally:
        engine.dispose()
    assert len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL
    assert set(acknowledged) <= stored
