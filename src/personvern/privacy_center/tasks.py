"""Jobs: execute an approved request and answer it; the sweep every five minutes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from huey import crontab

from personvern.jobs.queue import JobQueue
from personvern.privacy_center.context import EXECUTE

if TYPE_CHECKING:
    from personvern.container import Container

log = logging.getLogger("personvern.privacy_center")

SWEEP = "privacy_center.sweep"


def register(queue: JobQueue, container: Container) -> None:

    @queue.task(EXECUTE, retries=3, retry_delay=60, retry_backoff=2)
    def execute(request_id: int, actor: str = "system:worker") -> str:
        """Runs the request through the request engine, then sends the answer."""
        return container.privacy_center.workflow.run(request_id, actor)

    @queue.periodic(SWEEP, crontab(minute="*/5"))
    def sweep() -> None:
        report = container.privacy_center.sweep.run()
        if report.expired or report.answered or report.reminded or report.overdue:
            log.info(
                "privacy center sweep: %d unverified closed, %d answered, %d reminders, %d overdue",
                len(report.expired), len(report.answered), len(report.reminded), len(report.overdue),
            )
