"""The scan job (``scan.run``) and the daily scan of the configured site."""

from __future__ import annotations

from typing import TYPE_CHECKING

from huey import crontab

from personvern.jobs.queue import JobQueue

if TYPE_CHECKING:
    from personvern.container import Container

RUN = "scan.run"


def register(queue: JobQueue, container: Container) -> None:
    @queue.task(RUN)
    def run(actor: str = "system:scheduler", url: str | None = None) -> dict[str, int | str]:
        return container.scan.run(actor=actor, url=url)

    settings = container.settings.scan
    if settings.url:
        @queue.periodic("scan.daily", crontab(hour=str(settings.hour), minute="17"))
        def daily() -> None:
            run.call_local()
