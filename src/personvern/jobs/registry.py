"""Every package's jobs, registered on the queue at start-up (one line per package)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from personvern.jobs.queue import JobQueue

if TYPE_CHECKING:
    from personvern.container import Container


def register_all(queue: JobQueue, container: Container) -> None:
    from personvern.audit import tasks as audit_tasks

    audit_tasks.register(queue, container)
    from personvern.consent import tasks as consent_tasks

    consent_tasks.register(queue, container)
    from personvern.requests import tasks as requests_tasks

    requests_tasks.register(queue, container)
    from personvern.mail import tasks as mail_tasks

    mail_tasks.register(queue, container)
    from personvern.privacy_center import tasks as privacy_center_tasks

    privacy_center_tasks.register(queue, container)
    from personvern.retention import tasks as retention_tasks

    retention_tasks.register(queue, container)
    from personvern.breaches import tasks as breaches_tasks

    breaches_tasks.register(queue, container)
    from personvern.scan import tasks as scan_tasks

    scan_tasks.register(queue, container)
