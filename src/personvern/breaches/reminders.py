"""Reminders before each deadline, by mail to the privacy officer and the DPO.

For every open breach and every clock still running, a reminder is due at each of the declared
points before the deadline (``breach_duties.reminder_hours``, default 48, 24 and 6 hours) and
once when it is overdue. Each (breach, clock, point) is recorded, so a reminder goes out once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from personvern.audit.service import AuditService
from personvern.breaches.clocks import ClockState
from personvern.breaches.repository import BreachRepository
from personvern.breaches.service import BreachService
from personvern.db.database import Database
from personvern.declaration.model import BreachDuties, Declaration
from personvern.mail.message import Mail
from personvern.mail.render import MailRenderer

TEMPLATE = "breach_reminder"
Send = Callable[[Mail, str], None]  # (mail, audit target): hands the mail to the queue


@dataclass(frozen=True)
class Due:
    breach_id: int
    clock: ClockState
    key: str


def recipients(declaration: Declaration | None) -> list[str]:
    if declaration is None:
        return []
    found = [declaration.controller.email]
    if declaration.controller.dpo is not None:
        found.append(declaration.controller.dpo.email)
    return list(dict.fromkeys(found))


class Reminders:
    def __init__(self, database: Database, audit: AuditService, breaches: BreachService,
                 renderer: MailRenderer) -> None:
        self.database = database
        self.audit = audit
        self.breaches = breaches
        self.renderer = renderer

    def due(self) -> list[Due]:
        found: list[Due] = []
        for breach in self.breaches.list(state="open"):
            view = self.breaches.view_of(breach)
            declaration = self.breaches.declaration_of(breach)
            duties = (declaration.breach_duties if declaration else None) or BreachDuties()
            for clock in view.clocks:
                if clock.done_at is not None:
                    continue
                if view.now > clock.due_at:
                    found.append(Due(breach.id, clock, f"{clock.key}:overdue"))
                    continue
                passed = [h for h in duties.reminder_hours if view.now >= clock.due_at - timedelta(hours=h)]
                if passed:
                    found.append(Due(breach.id, clock, f"{clock.key}:{min(passed)}h"))
        return found

    def send_due(self, send: Send) -> int:
        """Queues the reminders that are due; each point is recorded after its mails are queued, so a
        crash in between repeats a reminder rather than losing it (a deadline matters more)."""
        sent = 0
        for item in self.due():
            with self.database.read() as session:
                if BreachRepository(session).reminder_sent(item.breach_id, item.key):
                    continue
            breach = self.breaches.get(item.breach_id)
            declaration = self.breaches.declaration_of(breach)
            zone = self.breaches.zone_of(declaration)
            lang = "nb" if declaration and "nb" in declaration.controller.languages else "en"
            to = recipients(declaration)
            now = self.breaches.clock.now()
            for address in to:
                send(self.renderer.render(
                    TEMPLATE, lang, address, ref=breach.id, title=breach.title,
                    clock=item.clock.label_nb if lang == "nb" else item.clock.label_en,
                    due=self.breaches.local(item.clock.due_at, zone).strftime("%d.%m.%Y %H:%M"), zone=zone,
                    overdue=item.key.endswith(":overdue"),
                    hours_left=round((item.clock.due_at - now).total_seconds() / 3600, 1)), breach.target)
            with self.database.write() as session:
                repo = BreachRepository(session)
                if repo.reminder_sent(item.breach_id, item.key):
                    continue
                repo.add_reminder(item.breach_id, item.key, now)
                self.audit.record(session, actor="system:scheduler", action="breach.reminder", target=breach.target,
                                  details={"clock": item.clock.key, "point": item.key, "recipients": len(to)})
            sent += 1
        return sent
