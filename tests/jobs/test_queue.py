"""The job queue on its embedded (SQLite) backend and on Redis, with a real consumer."""

from __future__ import annotations

from pathlib import Path

import pytest

from personvern.clock import FrozenClock
from personvern.container import Container
from personvern.db.migrate import upgrade
from tests.conftest import make_settings


@pytest.fixture(params=["sqlite", "redis"])
def queued_container(request, tmp_path: Path):
    jobs: dict[str, object] = {"backend": request.param, "sqlite_path": tmp_path / "jobs.sqlite3"}
    if request.param == "redis":
        jobs["redis_url"] = request.getfixturevalue("redis_url")
    built = Container(make_settings(tmp_path, jobs=jobs), clock=FrozenClock())
    upgrade(built.db)
    yield built
    built.close()


def test_a_consumer_runs_an_enqueued_job(queued_container: Container) -> None:
    queue = queued_container.jobs
    assert "audit.verify" in queue.names
    consumer = queue.consumer(2, embedded=True)
    consumer.start()
    try:
        result = queue.enqueue("audit.verify")
        outcome = result.get(blocking=True, timeout=30)
    finally:
        consumer.stop(graceful=True)
    assert outcome == {"ok": True, "checked": 0, "broken_id": None}
    assert [e.action for e in queued_container.audit.list()] == ["audit.verified"]


def test_unknown_job_names_the_registered_ones(queued_container: Container) -> None:
    with pytest.raises(KeyError, match="audit.verify"):
        queued_container.jobs.enqueue("no.such.job")
