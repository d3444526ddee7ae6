"""The job ledger: a failing job is retried with backoff and then shown as failed, never
dropped; a job the queue cannot take is parked in the store and handed over when it is back."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personvern.cli.main import app
from personvern.clock import FrozenClock
from personvern.container import Container
from personvern.db.migrate import upgrade
from tests.conftest import make_settings

DEAD_REDIS = "redis://127.0.0.1:9/0"  # the discard port: nothing listens


def _container(tmp_path: Path, **jobs: object) -> Container:
    built = Container(make_settings(tmp_path, jobs={"sqlite_path": tmp_path / "jobs.sqlite3", **jobs}),
                      clock=FrozenClock())
    upgrade(built.db)
    return built


def _wait(condition, seconds: float = 30.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)
    raise AssertionError("not within the time")


def test_a_failing_job_is_retried_with_backoff_then_kept_as_failed(tmp_path: Path, monkeypatch) -> None:
    container = _container(tmp_path, backend="sqlite")
    queue = container.jobs
    calls: list[float] = []

    @queue.task("test.always_fails", retries=2, retry_delay=0.2, retry_backoff=2)
    def always_fails(request_id: int) -> None:
        calls.append(time.monotonic())
        raise ConnectionRefusedError("the company database is away")

    consumer = queue.consumer(1, embedded=True)
    consumer.start()
    try:
        queue.enqueue("test.always_fails", 41)
        (job,) = _wait(lambda: [j for j in queue.ledger.jobs(("failed",)) if j.name == "test.always_fails"])
    finally:
        consumer.stop(graceful=True)
    assert len(calls) == 3 and job.attempts == 3 and job.ref == 41
    assert job.error == "ConnectionRefusedError"  # the class only: nothing personal

    monkeypatch.setenv("PERSONVERN__DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PERSONVERN__SECURITY__SECRET_KEY", container.settings.security.secret_key.get_secret_value())
    monkeypatch.setenv("PERSONVERN__JOBS__SQLITE_PATH", str(tmp_path / "jobs.sqlite3"))
    shown = CliRunner().invoke(app, ["jobs", "status"])
    assert shown.exit_code == 1, shown.output  # a failed job is a problem to look at
    assert re.search(r"failed\s+test\.always_fails #41\s+queued .* ago, 3 attempt\(s\)\s+\(ConnectionRefusedError\)",
                     shown.output), shown.output
    assert "failed 1" in shown.output
    container.close()


@pytest.mark.redis
def test_a_job_the_queue_cannot_take_is_parked_and_sent_when_it_is_back(tmp_path: Path, redis_url: str) -> None:
    away = _container(tmp_path, backend="redis", redis_url=DEAD_REDIS)
    assert away.jobs.enqueue("audit.verify") is None  # no exception for the caller
    (parked,) = away.jobs.ledger.jobs(("unsent",))
    assert parked.name == "audit.verify" and parked.error in ("ConnectionError", "ConnectionRefusedError")
    assert away.jobs.redispatch() == 0  # still away: it stays parked
    away.close()

    back = _container(tmp_path, backend="redis", redis_url=redis_url)  # the same store, the queue is back
    assert back.jobs.ledger.jobs(("unsent",)) == []  # handed over when the queue was built
    consumer = back.jobs.consumer(1, embedded=True)
    consumer.start()
    try:
        _wait(lambda: [a for a in back.audit.list() if a.action == "audit.verified"])
    finally:
        consumer.stop(graceful=True)
    assert _wait(lambda: back.jobs.ledger.counts().get("done") == 1)
    back.close()


def test_the_privacy_center_answers_when_the_queue_is_away(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from personvern.demo.setup import prepare_demo_folder
    from personvern.web.app import create_app

    folder = prepare_demo_folder(tmp_path / "demo", today=FrozenClock().now().date())
    container = _container(tmp_path / "store", backend="redis", redis_url=DEAD_REDIS, run_in_service=False)
    container.declarations.load_file(folder.declaration, actor="test")
    with TestClient(create_app(container.settings, container=container)) as client:
        form = client.get("/privacy-center?lang=en")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
        sent = client.post("/privacy-center", data={"asked": "access", "email": "kari.nordmann@example.com",
                                                    "lang": "en", "scope": "", "csrf": csrf}, follow_redirects=False)
    assert sent.status_code == 303  # not a 500: the code mail waits in the store
    (parked,) = container.jobs.ledger.jobs(("unsent",))
    assert parked.name == "mail.send"
    container.close()


def test_failed_jobs_are_in_the_admin_api(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from personvern.web.app import create_app

    container = _container(tmp_path, backend="memory")
    queue = container.jobs

    @queue.task("test.fails_once_more", retries=0)
    def fails(request_id: int) -> None:
        raise TimeoutError("away")

    queue.enqueue("test.fails_once_more", 7)  # the in-process queue runs it at once
    token = container.tokens.create(name="t", role="viewer", actor="test").secret
    with TestClient(create_app(container.settings, container=container)) as client:
        assert client.get("/api/v1/jobs").status_code == 401
        listed = client.get("/api/v1/jobs", params={"ref": 7}, headers={"Authorization": f"Bearer {token}"})
        assert client.get("/api/v1/jobs", params={"ref": 2**40},
                          headers={"Authorization": f"Bearer {token}"}).status_code == 422
    assert listed.status_code == 200
    (job,) = listed.json()
    assert (job["name"], job["state"], job["attempts"], job["error"]) == ("test.fails_once_more", "failed", 1, "TimeoutError")
    container.close()
