"""One configuration for the server and every command (personvern.toml), and no silent new state.

Run as a user would: the demo serves in its folder; a person asks for erasure through the privacy
center's pages; `personvern requests approve` run in that folder, with nothing sourced, queues the
work on the demo's own queue, the running demo executes it and the mail is in the outbox.
"""

from __future__ import annotations

import email
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

OLA = "ola.nordmann@example.com"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clean_env() -> dict[str, str]:
    """The shell of a person who sourced nothing: no personvern settings, no dataset URLs."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("PERSONVERN") and k != "NORDLYS_DB_URL"}


def personvern(*args: str, cwd: Path, code: int | None = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "personvern", *args], cwd=cwd, env=_clean_env(),
                          capture_output=True, text=True, timeout=120)
    if code is not None:
        assert done.returncode == code, done.stdout + done.stderr
    return done


def _mails(outbox: Path, to: str) -> list[email.message.Message]:
    found = []
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime):
        message = email.message_from_bytes(path.read_bytes())
        if to in str(message["To"]):
            found.append(message)
    return found


def _text(message: email.message.Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode("utf-8")
    return ""


def _wait_for(condition, what: str, seconds: float = 30.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {seconds} s")


@pytest.fixture(scope="module")
def served_demo(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("demo")
    port = _free_port()
    log = (folder.parent / "demo-config.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "personvern", "demo", "--dir", str(folder), "--port", str(port)],
                            env=_clean_env(), stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"demo exited: {(folder.parent / 'demo-config.log').read_text()}")
        try:
            return httpx.get(f"{base}/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    _wait_for(up, "the demo answers /health", 60)
    yield base, folder
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    log.close()


def _verified_erasure(base: str, outbox: Path, address: str) -> int:
    with httpx.Client(base_url=base, follow_redirects=False) as browser:
        form = browser.get("/privacy-center?lang=en")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
        sent = browser.post("/privacy-center", data={"asked": "erasure", "email": address, "lang": "en",
                                                      "scope": "", "csrf": csrf})
        assert sent.status_code == 303, sent.text
        verify_path = sent.headers["location"]
        code = _wait_for(lambda: [m for t in map(_text, _mails(outbox, address))
                                  for m in re.findall(r"^(\d{6})$", t, re.M)], "the code mail")[-1]
        page = browser.get(verify_path)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        verified = browser.post(verify_path.split("?")[0], data={"code": code, "csrf": csrf})
        assert verified.status_code == 303, verified.text
        return int(re.search(r"/privacy-center/status/(\d+)", verified.headers["location"]).group(1))  # type: ignore[union-attr]


def test_the_demo_writes_the_folder_configuration(served_demo) -> None:
    _, folder = served_demo
    text = (folder / "personvern.toml").read_text()
    assert 'sqlite_path = "jobs.sqlite3"' in text and 'env_file = "demo.env"' in text
    assert not (folder / "personvern-jobs.sqlite3").exists()


def test_approve_in_the_demo_folder_is_executed_by_the_running_demo(served_demo) -> None:
    base, folder = served_demo
    outbox = folder / "outbox"
    request_id = _verified_erasure(base, outbox, OLA)
    listed = personvern("requests", "list", "--state", "verified", cwd=folder).stdout
    assert re.search(rf"^{request_id}\terasure\tverified", listed, re.M), listed
    before = len(_mails(outbox, OLA))
    approved = personvern("requests", "approve", str(request_id), cwd=folder)
    assert f"request {request_id} approved" in approved.stdout
    assert str(folder / "jobs.sqlite3") in approved.stdout + approved.stderr  # says where the work is queued
    _wait_for(lambda: len(_mails(outbox, OLA)) > before, "the outcome mail in the demo's outbox")
    shown = _wait_for(lambda: "completed" in (out := personvern("requests", "show", str(request_id),
                                                                  cwd=folder).stdout) and out, "completed")
    assert "state: completed" in shown or "completed" in shown
    assert not (folder / "personvern-jobs.sqlite3").exists()


def test_retention_plan_and_access_find_the_company_database_without_sourcing(served_demo) -> None:
    _, folder = served_demo
    plan = personvern("retention", "plan", cwd=folder).stdout
    assert "rows would be deleted, anonymised or wiped" in plan
    access = personvern("dsr", "access", "--identity", "email=kari.nordmann@example.com", "--out",
                        str(folder / "kari.zip"), cwd=folder)
    assert "records from" in access.stdout and (folder / "kari.zip").stat().st_size > 1000


def test_a_command_in_an_empty_folder_names_it_and_creates_nothing(tmp_path: Path) -> None:
    done = personvern("requests", "list", cwd=tmp_path, code=1)
    assert f"no personvern store at {tmp_path / 'personvern.sqlite3'}" in done.stderr
    assert "personvern init" in done.stderr and "--config" in done.stderr
    assert list(tmp_path.iterdir()) == []
    for args in (["audit", "verify"], ["token", "list"], ["consent", "integrity"], ["db", "upgrade"]):
        assert personvern(*args, cwd=tmp_path, code=1).returncode == 1, args
    assert list(tmp_path.iterdir()) == []


def test_config_points_a_command_at_the_folder(served_demo, tmp_path: Path) -> None:
    _, folder = served_demo
    by_option = personvern("--config", str(folder / "personvern.toml"), "audit", "verify", cwd=tmp_path)
    assert by_option.returncode == 0
    by_env = subprocess.run([sys.executable, "-m", "personvern", "audit", "verify"], cwd=tmp_path,
                            env={**_clean_env(), "PERSONVERN_CONFIG": str(folder)}, capture_output=True, text=True)
    assert by_env.returncode == 0, by_env.stderr
    missing = personvern("--config", str(tmp_path / "nope.toml"), "audit", "verify", cwd=tmp_path, code=1)
    assert f"the configuration file {tmp_path / 'nope.toml'} does not exist" in missing.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_creates_a_folder_and_refuses_an_existing_one(tmp_path: Path) -> None:
    made = personvern("init", str(tmp_path / "company"), cwd=tmp_path)
    assert "created" in made.stdout
    assert {p.name for p in (tmp_path / "company").iterdir()} >= {"personvern.toml", "personvern.sqlite3", "secret.key"}
    personvern("audit", "verify", cwd=tmp_path / "company")
    again = personvern("init", str(tmp_path / "company"), cwd=tmp_path, code=1)
    assert "exists already" in again.stderr


def test_a_secret_that_does_not_match_the_store_is_refused(tmp_path: Path) -> None:
    personvern("init", str(tmp_path), cwd=tmp_path)
    (tmp_path / "secret.key").write_text("another-secret-0123456789abcdef0123456789abcdef")
    refused = personvern("consent", "integrity", cwd=tmp_path, code=1)
    assert "the secret key does not match this store" in refused.stderr
    (tmp_path / "secret.key").unlink()
    missing = personvern("consent", "integrity", cwd=tmp_path, code=1)
    assert "the store's secret is missing" in missing.stderr
    assert not (tmp_path / "secret.key").exists()
