"""Every package's jobs, registered on the queue at start-up (one line per package)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from personvern.jobs.queue import JobQueue

if TYPE_CHECKING:
    from personvern.container import Container


def register_all(queue: JobQueue, container: Container) -> None:
    from personvern.audit import tasks as audit_tasks

    audit_tasks.register(queue, container)
