"""Hourly consent checkpoint: seals the new records into the audit chain (``ledger.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from huey import crontab

from personvern.jobs.queue import JobQueue

if TYPE_CHECKING:
    from personvern.container import Container


def register(queue: JobQueue, container: Container) -> None:

    @queue.task("consent.checkpoint")
    def checkpoint() -> dict[str, object] | None:
        made = container.consent.ledger.checkpoint(actor="system:scheduler")
        if made is None:
            return None
        return {"id": made.id, "first": made.first_record_id, "last": made.last_record_id,
                "count": made.count, "digest": made.digest}

    @queue.periodic("consent.checkpoint.hourly", crontab(minute="7"))
    def checkpoint_hourly() -> None:
        checkpoint.call_local()
