"""Background work of the breach register: deadline reminders and the notification run."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from huey import crontab

from personvern.breaches.notify import TEXTS, build_notice_service
from personvern.breaches.reminders import Reminders
from personvern.errors import Conflict
from personvern.jobs.queue import JobQueue
from personvern.mail.message import Mail
from personvern.mail.render import MailRenderer
from personvern.mail.service import MAIL_TEXTS

if TYPE_CHECKING:
    from personvern.container import Container

log = logging.getLogger("personvern.breaches")

REMIND = "breaches.reminders"
NOTIFY = "breaches.notify"


def reminders_of(container: Container) -> Reminders:
    return Reminders(container.db, container.audit, container.breaches, MailRenderer([TEXTS, MAIL_TEXTS]))


def register(queue: JobQueue, container: Container) -> None:

    def send(mail: Mail, target: str) -> None:
        queue.enqueue("mail.send", container.mailer.seal(mail), target)

    @queue.periodic(REMIND, crontab(minute="*/5"))
    def remind() -> int:
        """Mails the privacy officer and the DPO at the set points before each deadline, and when overdue."""
        return reminders_of(container).send_due(send)

    @queue.task(NOTIFY, retries=3, retry_delay=60)
    def notify(breach_id: int, actor: str = "system:worker") -> dict[str, Any]:
        notices = build_notice_service(container)
        try:
            notices.prepare(breach_id, actor=actor)
            result = notices.run(breach_id, actor=actor)
        except Conflict as exc:
            log.info("breach %s: notices not sent: %s", breach_id, exc.message)
            return {"breach": breach_id, "skipped": exc.message}
        return {"breach": breach_id, "sent": result.sent, "settled": result.settled,
                "uncertain": result.uncertain, "remaining": result.remaining}
