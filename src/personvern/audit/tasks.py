"""A daily check of the audit chain; a broken chain is recorded as its own audit entry."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from huey import crontab

from personvern.jobs.queue import JobQueue

if TYPE_CHECKING:
    from personvern.container import Container

log = logging.getLogger("personvern.audit")


def register(queue: JobQueue, container: Container) -> None:
    @queue.task("audit.verify")
    def verify_chain() -> dict[str, object]:
        result = container.audit.verify()
        if not result.ok:
            log.error("audit chain broken at entry %s: %s", result.broken_id, result.reason)
        with container.db.write() as session:
            container.audit.record(
                session, actor="system:scheduler", action="audit.verified",
                details={"ok": result.ok, "checked": result.checked, "broken_id": result.broken_id},
            )
        return {"ok": result.ok, "checked": result.checked, "broken_id": result.broken_id}

    @queue.periodic("audit.verify.daily", crontab(hour="3", minute="17"))
    def verify_daily() -> None:
        verify_chain.call_local()
