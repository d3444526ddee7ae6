"""`personvern serve --workers 2`: several API processes on one port, the job consumer in the supervisor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

from tests.cli.test_demo import _free_port

DECLARATION = Path(__file__).resolve().parents[1] / "consent" / "fixtures" / "personvern.yaml"


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def test_two_workers_serve_one_store(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PERSONVERN__DATA_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "personvern", "init", str(tmp_path)], env=env, check=True,
                   capture_output=True)
    token = subprocess.run(
        [sys.executable, "-m", "personvern", "token", "create", "--role", "viewer", "--name", "t"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "personvern", "serve", "--config", str(DECLARATION),
         "--port", str(port), "--workers", "2"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "no /health within 60 s"
            time.sleep(0.2)
        assert len(_children(proc.pid)) >= 2
        for _ in range(20):
            body = httpx.get(f"{base}/api/v1/declaration", headers={"Authorization": f"Bearer {token}"})
            assert body.status_code == 200
            assert body.json()["id"] == 1
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        log.close()
    assert proc.returncode == 0
