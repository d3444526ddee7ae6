"""Background work: execute a request, resume interrupted ones, delete expired packages."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from huey import crontab

from personvern.errors import Conflict
from personvern.jobs.queue import JobQueue

if TYPE_CHECKING:
    from personvern.container import Container

log = logging.getLogger("personvern.requests")

EXECUTE = "requests.execute"
RESUME = "requests.resume"
PURGE = "requests.purge_exports"


def register(queue: JobQueue, container: Container) -> None:

    @queue.task(EXECUTE, retries=3, retry_delay=60, retry_backoff=2)
    def execute(request_id: int, actor: str = "system:worker") -> dict[str, Any]:
        try:
            request = container.requests.execute(request_id, actor=actor)
        except Conflict as exc:  # running elsewhere, or not runnable: nothing to retry
            log.info("request %s not executed: %s", request_id, exc.message)
            return {"request": request_id, "skipped": exc.message}
        return {"request": request_id, "state": request.state}

    @queue.periodic(RESUME, crontab(minute="*/10"))
    def resume() -> None:
        """Requests left ``executing`` by a worker that died are picked up again."""
        for request_id in container.requests.ids_to_resume():
            queue.enqueue(EXECUTE, request_id, "system:scheduler")

    @queue.periodic(PURGE, crontab(minute="23"))
    def purge() -> None:
        container.requests.purge_expired_packages()
