"""The clocks of a breach, counted in hours.

Art. 33(1): the authority within 72 hours of the controller's awareness. Regulation 1182/71
Art. 3 moves the end of periods expressed in days, weeks, months or years off weekends and
holidays, but not periods expressed in hours: 72 hours are 72 elapsed hours, so awareness on a
Friday at 17:00 ends on the Monday at 17:00, and across a change to summer time the local wall
clock reads one hour later. Times are kept in UTC and shown in the controller's zone.

Parallel clocks, only where the declaration says they apply (``breach_duties``):
- the processor's duty to tell the controller "without undue delay" (Art. 33(2)), with an
  internal target in hours, when the company is the processor;
- NIS2 / the digital security act: early warning within 24 hours, incident notification within
  72 hours, final report one month after the notification.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from personvern.breaches.facts import BreachFacts
from personvern.declaration.model import BreachDuties

ART33_HOURS = 72


@dataclass(frozen=True)
class ClockState:
    key: str
    label_en: str
    label_nb: str
    starts_at: datetime
    due_at: datetime
    done_at: datetime | None
    overdue: bool  # past due and not done, or done after the deadline
    late: bool  # done after the deadline

    def remaining(self, now: datetime) -> timedelta:
        return self.due_at - now

    def local(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        return self.starts_at.astimezone(zone), self.due_at.astimezone(zone)

    def as_dict(self, now: datetime, zone: ZoneInfo) -> dict[str, object]:
        start, due = self.local(zone)
        hours_left = round(self.remaining(now).total_seconds() / 3600, 1)
        return {
            "key": self.key, "label_en": self.label_en, "label_nb": self.label_nb,
            "starts_at": self.starts_at.isoformat(), "due_at": self.due_at.isoformat(),
            "starts_local": start.isoformat(), "due_local": due.isoformat(),
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "hours_left": hours_left if self.done_at is None else None,
            "overdue": self.overdue, "late": self.late,
        }


def art33_deadline(aware_at: datetime) -> datetime:
    return aware_at + timedelta(hours=ART33_HOURS)


def _state(key: str, en: str, nb: str, start: datetime, due: datetime, done: datetime | None,
           now: datetime) -> ClockState:
    late = done is not None and done > due
    overdue = late or (done is None and now > due)
    return ClockState(key, en, nb, start, due, done, overdue, late)


def clocks(facts: BreachFacts, duties: BreachDuties | None, now: datetime, *,
           authority_notified_at: datetime | None, notify_authority: bool | None) -> list[ClockState]:
    """Every clock that applies to this breach; ``notify_authority`` False stops the Art. 33 clock."""
    duties = duties or BreachDuties()
    aware = facts.aware_at
    found: list[ClockState] = []
    if facts.role == "processor":
        found.append(_state(
            "processor", "Processor tells the controller (Art. 33(2))",
            "Databehandler varsler behandlingsansvarlig (art. 33 nr. 2)",
            aware, aware + timedelta(hours=duties.processor_notice_hours), facts.processor_notified_at, now))
    elif notify_authority is not False:
        found.append(_state(
            "art33", "Notify the supervisory authority (Art. 33(1), 72 hours)",
            "Melde til Datatilsynet (art. 33 nr. 1, 72 timer)",
            aware, art33_deadline(aware), authority_notified_at, now))
    if duties.nis2:
        found.append(_state("nis2_early_warning", "NIS2 early warning (24 hours)",
                            "NIS2 tidlig varsling (24 timer)", aware, aware + timedelta(hours=24),
                            facts.nis2_early_warning_at, now))
        notification_due = aware + timedelta(hours=72)
        found.append(_state("nis2_notification", "NIS2 incident notification (72 hours)",
                            "NIS2 hendelsesvarsel (72 timer)", aware, notification_due,
                            facts.nis2_notification_at, now))
        base = facts.nis2_notification_at or notification_due
        found.append(_state("nis2_final", "NIS2 final report (one month after the notification)",
                            "NIS2 sluttrapport (en måned etter varselet)", base, base + relativedelta(months=1),
                            facts.nis2_final_report_at, now))
    return found
