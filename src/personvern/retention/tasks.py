"""The daily retention run (and runs started through the API), on the job queue."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from huey import crontab

from personvern.errors import Conflict, DomainError
from personvern.jobs.queue import JobQueue

if TYPE_CHECKING:
    from personvern.container import Container

log = logging.getLogger("personvern.retention")

RUN = "retention.run"
DAILY = "retention.run.daily"


def register(queue: JobQueue, container: Container) -> None:

    config = container.settings.retention

    @queue.task(RUN)
    def run(actor: str = "system:scheduler", trigger: str = "schedule",
            batch_size: int | None = None) -> dict[str, Any]:
        service = container.retention
        try:
            done = service.run(service.current_target(), actor=actor, trigger=trigger, batch_size=batch_size)
        except Conflict as exc:  # another process is running it; it finishes there
            log.info("retention run not started: %s", exc.message)
            return {"skipped": exc.message}
        except DomainError as exc:  # no declaration loaded yet, an invalid one
            log.warning("retention run not possible: %s", exc.message)
            return {"error": exc.message}
        return {"run": done.id, "state": done.state, **done.totals}

    @queue.periodic(DAILY, crontab(hour=str(config.schedule_hour), minute=str(config.schedule_minute)))
    def daily() -> None:
        run.call_local()
