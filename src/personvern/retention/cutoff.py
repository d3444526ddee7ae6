"""Retention date arithmetic: pure functions, no database, no clock.

Periods are ISO-8601 date periods (``P30D``, ``P24M``, ``P5Y``, ``P1Y6M``, ``P2W``) counted on the
calendar: months and years move the date (31 January + 1 month = 28/29 February), weeks and
days add days. Retention works in whole days (UTC dates):

- an anchor gives each row a *base date*: the anchor's own date for a point in time
  (``collected``, ``last_activity``, ``end_of_relationship``, ``event``,
  ``until_consent_withdrawn``); the first day after the calendar year (``end_of_calendar_year``)
  or after the fiscal year (``end_of_fiscal_year``) that holds the anchor date;
- the row *expires on* base date + period, and a sweep on that day or later removes it.

So "5 years from the end of the calendar year" keeps a payment of 2020 through 31 December 2025
and removes it from 1 January 2026; "the day after the event" (``P1D`` from ``event``) removes a
registration for an event on 10 March on 11 March; ``P0D`` removes data on the day its anchor
happened.

``expires_on`` is monotone in the anchor date, so every row that has expired by ``today`` lies
before one date: ``cutoff(...)`` finds it (bisection over dates, exact also where month ends are
clamped), and a sweep is the indexable predicate ``anchor < cutoff``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

POINT_ANCHORS = frozenset({"collected", "last_activity", "end_of_relationship", "event",
                           "until_consent_withdrawn"})
YEAR_ANCHORS = frozenset({"end_of_calendar_year", "end_of_fiscal_year"})
ANCHORS = POINT_ANCHORS | YEAR_ANCHORS

_PERIOD = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0  # weeks included

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def __str__(self) -> str:
        parts = [f"{n}{unit}" for n, unit in ((self.years, "Y"), (self.months, "M"), (self.days, "D")) if n]
        return "P" + ("".join(parts) or "0D")


def parse_period(text: str) -> Period:
    """``P5Y`` -> Period(years=5); raises ValueError for anything that is not a date period."""
    match = _PERIOD.match(text or "")
    if match is None or text == "P":
        raise ValueError(f"not an ISO-8601 date period: {text!r} (e.g. P30D, P24M, P5Y)")
    years, months, weeks, days = (int(part) if part else 0 for part in match.groups())
    return Period(years=years, months=months, days=weeks * 7 + days)


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_period(day: date, period: Period | str) -> date:
    """``day`` + ``period``: months and years first (clamped), then days."""
    if isinstance(period, str):
        period = parse_period(period)
    return add_months(day, period.total_months) + timedelta(days=period.days)


def parse_month_day(text: str) -> tuple[int, int]:
    """A fiscal year start ``MM-DD``; 29 February is refused (it does not exist every year)."""
    match = re.fullmatch(r"(\d\d)-(\d\d)", text or "")
    if match is None:
        raise ValueError(f"fiscal_year_start must be MM-DD, not {text!r}")
    month, day = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2001, month)[1]:
        raise ValueError(f"fiscal_year_start {text!r} is not a day of every year")
    return month, day


def next_fiscal_year_start(day: date, fiscal_year_start: str = "01-01") -> date:
    """The first day of the fiscal year after the one that holds ``day``."""
    month, first = parse_month_day(fiscal_year_start)
    start = date(day.year, month, first)
    return date(day.year + 1, month, first) if start <= day else start


def base_date(anchor: str, day: date, fiscal_year_start: str = "01-01") -> date:
    """The day a rule's period starts counting from, for an anchor value on ``day``."""
    if anchor in POINT_ANCHORS:
        return day
    if anchor == "end_of_calendar_year":
        return date(day.year + 1, 1, 1)
    if anchor == "end_of_fiscal_year":
        return next_fiscal_year_start(day, fiscal_year_start)
    raise ValueError(f"unknown anchor {anchor!r}")


def expires_on(anchor: str, day: date, period: Period | str, fiscal_year_start: str = "01-01") -> date:
    """The first day on which data anchored on ``day`` is past its retention."""
    return add_period(base_date(anchor, day, fiscal_year_start), period)


def is_expired(anchor: str, day: date, period: Period | str, today: date,
               fiscal_year_start: str = "01-01") -> bool:
    return expires_on(anchor, day, period, fiscal_year_start) <= today


def cutoff(anchor: str, period: Period | str, today: date, fiscal_year_start: str = "01-01") -> date:
    """The smallest anchor date that has *not* expired by ``today``.

    Rows whose anchor date is before the cutoff have expired, all others have not: the sweep
    predicate is ``anchor < cutoff`` (at midnight UTC for timestamps).
    """
    if isinstance(period, str):
        period = parse_period(period)
    if anchor not in ANCHORS:
        raise ValueError(f"unknown anchor {anchor!r}")
    parse_month_day(fiscal_year_start)

    def expired(ordinal: int) -> bool:
        try:
            return expires_on(anchor, date.fromordinal(ordinal), period, fiscal_year_start) <= today
        except (OverflowError, ValueError):
            return False  # beyond year 9999: never expires

    low, high = date.min.toordinal(), date.max.toordinal()  # find the first ordinal not expired
    if expired(high):
        return date.max
    while low < high:
        middle = (low + high) // 2
        if expired(middle):
            low = middle + 1
        else:
            high = middle
    return date.fromordinal(low)


def review_cutoff(review_every: Period | str, today: date) -> date:
    """Rows whose last activity is before this date are due for review (``review_every``)."""
    return cutoff("last_activity", review_every, today)


def as_date(value: object) -> date | None:
    """A row's anchor value as a date: a date, a datetime (taken as UTC) or an ISO string."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date() if value.tzinfo is None else value.astimezone(UTC).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        try:
            return as_date(datetime.fromisoformat(text))
        except ValueError:
            return date.fromisoformat(text[:10])
    raise TypeError(f"not a date: {type(value).__name__}")


def midnight(day: date, *, aware: bool) -> datetime:
    """Midnight UTC at the start of ``day`` (naive for columns that store naive UTC)."""
    return datetime.combine(day, time(0), tzinfo=UTC if aware else None)

