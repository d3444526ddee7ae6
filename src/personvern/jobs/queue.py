"""The job queue.

Huey was chosen because one small library covers both deployments personvern has: an
embedded queue in one SQLite file (no extra server, `personvern serve` consumes it in
threads) and Redis with any number of `personvern worker` processes on several machines.
It has retries, scheduling, periodic (cron) tasks and task locks, and no other dependency.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey
from huey.consumer import Consumer

from personvern.settings import Settings

log = logging.getLogger("personvern.jobs")


def queue_location(settings: Settings) -> str:
    """Where queued work goes, in words (every command that queues work says so)."""
    jobs = settings.jobs
    if jobs.backend == "redis":
        return jobs.redis_url.split("@")[-1]
    if jobs.backend == "memory":
        return "this process (memory: done before the command returns)"
    return str(settings.resolve(jobs.sqlite_path))


def create_huey(settings: Settings) -> Huey:
    jobs = settings.jobs
    if jobs.backend == "redis":
        return RedisHuey("personvern", url=jobs.redis_url, utc=True)
    if jobs.backend == "memory":
        return MemoryHuey("personvern", immediate=True, utc=True)
    path = settings.resolve(jobs.sqlite_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("personvern", filename=str(path), utc=True)


class EmbeddedConsumer(Consumer):
    """A consumer that runs in threads inside another program (the web service).

    The host program owns the signal handlers, so this one installs none.
    """

    def _set_signal_handlers(self) -> None:
        return None


class JobQueue:
    """Named tasks on one Huey instance; packages register theirs at start-up."""

    def __init__(self, huey: Huey) -> None:
        self.huey = huey
        self._tasks: dict[str, Any] = {}

    def task(self, name: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        def decorate(func: Callable[..., Any]) -> Any:
            wrapped = self.huey.task(name=name, **options)(func)
            self._tasks[name] = wrapped
            return wrapped

        return decorate

    def periodic(self, name: str, schedule: Callable[..., bool], **options: Any) -> Callable[..., Any]:
        def decorate(func: Callable[..., Any]) -> Any:
            wrapped = self.huey.periodic_task(schedule, name=name, **options)(func)
            self._tasks[name] = wrapped
            return wrapped

        return decorate

    def enqueue(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if name not in self._tasks:
            raise KeyError(f"no job named {name!r}; registered: {sorted(self._tasks)}")
        return self._tasks[name](*args, **kwargs)

    @property
    def names(self) -> list[str]:
        return sorted(self._tasks)

    def consumer(self, workers: int, *, embedded: bool) -> Consumer:
        cls = EmbeddedConsumer if embedded else Consumer
        # max_delay: an idle worker polls at least every second, so a job waits at most ~1 s.
        return cls(
            self.huey, workers=workers, worker_type="thread", periodic=True,
            check_worker_health=True, max_delay=1.0,
        )
