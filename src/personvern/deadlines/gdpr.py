"""The time limit for answering a data-subject request, GDPR Art. 12(3).

"Without undue delay and in any event within one month of receipt of the request. That
period may be extended by two further months where necessary, taking into account the
complexity and number of the requests. The controller shall inform the data subject of any
such extension within one month of receipt of the request, together with the reasons."

Counting follows Regulation 1182/71 (``periods``): the month runs from the day of receipt
(EDPB Guidelines 01/2022 § 160: received 5 May, answer by 5 June); a last day on a Saturday,
Sunday or public holiday moves to the next working day. An extended period is three months
counted from the same day (the first month and two further months), moved the same way.
The extension must be decided and told to the person while the first month still runs,
with a reason, and only once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from personvern.deadlines.calendar import WorkingCalendar
from personvern.deadlines.periods import add_months
from personvern.errors import Invalid

FIRST_PERIOD_MONTHS = 1
EXTENSION_MONTHS = 2  # at most "two further months"
REMINDER_DAYS = (7, 2)  # reminders this many days before the last day
MIN_REASON_LENGTH = 10


@dataclass(frozen=True)
class Deadline:
    started_on: date  # the day of the event; not itself counted (Art. 3(1))
    months: int
    nominal_last_day: date  # same date ``months`` later (Art. 3(2)(c))
    last_day: date  # moved to a working day (Art. 3(4))
    ends_at: datetime  # UTC instant at which the last day has expired
    timezone: str

    @property
    def moved(self) -> bool:
        return self.last_day != self.nominal_last_day

    def skipped_days(self) -> list[date]:
        """The Saturdays, Sundays and holidays the last day was moved over."""
        days, day = [], self.nominal_last_day
        while day < self.last_day:
            days.append(day)
            day += timedelta(days=1)
        return days

    def is_running(self, now: datetime) -> bool:
        return now < self.ends_at

    def days_left(self, now: datetime, calendar: WorkingCalendar) -> int:
        """Calendar days from today (in the controller's country) to the last day; < 0 when overdue."""
        return (self.last_day - calendar.local_day(now)).days


class ExtensionRefused(Invalid):
    """An extension GDPR Art. 12(3) does not allow."""


def response_deadline(
    started_at: datetime, calendar: WorkingCalendar, months: int = FIRST_PERIOD_MONTHS
) -> Deadline:
    """The end of a period of ``months`` months running from ``started_at``."""
    started_on = calendar.local_day(started_at)
    nominal = add_months(started_on, months)
    last = calendar.next_working_day(nominal)
    return Deadline(
        started_on=started_on, months=months, nominal_last_day=nominal, last_day=last,
        ends_at=calendar.end_of_day(last), timezone=calendar.timezone,
    )


def check_extension(
    *, first: Deadline, now: datetime, reason: str, months: int, already_extended: bool
) -> None:
    """Raises ``ExtensionRefused`` with the rule that forbids this extension, if one does."""
    if already_extended:
        raise ExtensionRefused("the deadline has already been extended once; it cannot be extended again")
    if months < 1 or months > EXTENSION_MONTHS:
        raise ExtensionRefused(f"an extension is 1 or {EXTENSION_MONTHS} further months (GDPR Art. 12(3))")
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise ExtensionRefused(
            "an extension needs its reason (the complexity or number of requests), told to the person"
        )
    if not first.is_running(now):
        raise ExtensionRefused(
            f"the first month ended on {first.last_day.isoformat()}; an extension must be decided and "
            "told to the person within it (GDPR Art. 12(3))"
        )


def extended_deadline(started_at: datetime, calendar: WorkingCalendar, months: int) -> Deadline:
    """The deadline after an extension by ``months`` further months (1 or 2)."""
    return response_deadline(started_at, calendar, FIRST_PERIOD_MONTHS + months)


def reminders_due(deadline: Deadline, now: datetime, calendar: WorkingCalendar) -> list[int]:
    """The reminder thresholds (days before the last day) that have been reached by now."""
    left = deadline.days_left(now, calendar)
    return [days for days in REMINDER_DAYS if left <= days]
