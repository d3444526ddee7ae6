"""The daily retention run on the job queue."""

from __future__ import annotations

from personvern.container import Container
from personvern.retention.tasks import DAILY, RUN
from tests.retention.shop import DECLARATION, keys


def test_the_daily_job_runs_retention_on_the_loaded_declaration(container: Container, sqlite_shop: str) -> None:
    assert {RUN, DAILY} <= set(container.jobs.names)
    nothing = container.jobs.enqueue(RUN)()
    assert "no declaration loaded" in nothing["error"]
    container.declarations.load_file(DECLARATION, actor="test")
    result = container.jobs.enqueue(RUN)()
    assert result["state"] == "finished" and result["deleted"] > 0
    assert keys(sqlite_shop, "messages") == {1, 3, 6}
    run = container.audit.list(action="retention.run.started", limit=1)[0]
    assert run.actor == "system:scheduler" and run.details["trigger"] == "schedule"
