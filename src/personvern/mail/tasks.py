"""``mail.send``: deliver one sealed mail, with retries when the SMTP server is away."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from personvern.jobs.queue import JobQueue

if TYPE_CHECKING:
    from personvern.container import Container

log = logging.getLogger("personvern.mail")

RETRIES = 8
RETRY_DELAY_SECONDS = 60


def register(queue: JobQueue, container: Container) -> None:
    @queue.task("mail.send", retries=RETRIES, retry_delay=RETRY_DELAY_SECONDS, retry_backoff=2)
    def send(sealed: str, target: str = "") -> None:
        mailer = container.mailer
        mail = mailer.open(sealed)
        try:
            where = mailer.deliver(mail)
        except OSError as exc:  # smtplib errors are OSErrors: retried by the queue
            log.warning("mail %s for %s not delivered: %s", mail.template, target or "-", type(exc).__name__)
            raise
        with container.db.write() as session:
            container.audit.record(
                session, actor="system:mail", action="mail.sent", target=target,
                details={"template": mail.template, "language": mail.language,
                         "backend": container.settings.mail.backend,
                         "file": where if container.settings.mail.backend == "outbox" else ""},
            )
