"""Periods in months, Regulation 1182/71 Art. 3.

- Art. 3(1): the day of the event that starts the period is not counted in it.
- Art. 3(2)(c): a period in months ends with the expiry of the last hour of the day in the
  last month that falls on the same date as the day from which it runs; when that date does
  not exist in the last month, with the expiry of its last day (31 January + 1 month ends on
  28 February, or 29 February in a leap year).
- Art. 3(4): a period whose last day is a Saturday, a Sunday or a public holiday ends with the
  expiry of the last hour of the following working day (see ``calendar.WorkingCalendar``).

``dateutil.relativedelta`` adds months with exactly that clamping to the month's last day.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta


def add_months(start: date, months: int) -> date:
    """The nominal last day of a period of ``months`` months running from ``start``.

    ``start`` is the day of the event (not itself counted, Art. 3(1)); the period ends on the
    same date ``months`` months later, or on the last day of that month when the date does
    not exist in it (Art. 3(2)(c)).
    """
    if months < 0:
        raise ValueError("a period cannot be negative")
    return start + relativedelta(months=months)
