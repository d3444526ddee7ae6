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

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer

from personvern.jobs.ledger import QUEUE_DOWN, JobLedger
from personvern.settings import Settings

log = logging.getLogger("personvern.jobs")

REDISPATCH = "jobs.redispatch"
FORGET = "jobs.forget_finished"


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
    """Named tasks on one Huey instance; packages register theirs at start-up.

    With a ledger, every job is followed from queued to done or failed, and a job the queue
    cannot take (Redis or the queue file briefly away) is parked in the store and handed over
    when the queue is back, instead of failing the request that queued it."""

    def __init__(self, huey: Huey, ledger: JobLedger | None = None) -> None:
        self.huey = huey
        self.ledger = ledger
        self._tasks: dict[str, Any] = {}
        if ledger is not None:
            ledger.attach(huey)
            self.periodic(REDISPATCH, crontab())(lambda: ledger.redispatch(huey))
            self.periodic(FORGET, crontab(minute="17", hour="3"))(ledger.forget_finished)

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
        task = self._tasks[name].s(*args, **kwargs)
        try:
            return self.huey.enqueue(task)
        except QUEUE_DOWN as exc:
            if self.ledger is None:
                raise
            self.ledger.park(task, self.huey.serialize_task(task), type(exc).__name__)
            log.warning("the queue is unreachable (%s): job %s parked in the store, sent when it is back",
                        type(exc).__name__, name)
            return None

    def redispatch(self) -> int:
        """Hand jobs parked while the queue was away to it (also every minute by the consumer)."""
        return self.ledger.redispatch(self.huey) if self.ledger is not None else 0

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
