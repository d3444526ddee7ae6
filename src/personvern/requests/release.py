"""When data kept under a retention rule is released: pure date arithmetic.

The release date is the anchor date moved to the end of its period (calendar or fiscal
year) when the anchor says so, plus the rule's period. Data is kept *through* that date.
Used by erasure to name the date in the Art. 17(3)(b) refusal; a retention engine may
reuse it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from personvern.declaration.model import Retention

_PERIOD = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def parse_period(period: str) -> relativedelta:
    """An ISO-8601 date period (``P5Y``, ``P24M``, ``P2W``, ``P30D``, or a combination)."""
    match = _PERIOD.match(period)
    if match is None or period == "P":
        raise ValueError(f"not an ISO-8601 date period: {period!r}")
    years, months, weeks, days = (int(part) if part else 0 for part in match.groups())
    return relativedelta(years=years, months=months, weeks=weeks, days=days)


def add_period(start: date, period: str) -> date:
    """``start`` plus ``period``; month arithmetic clamps to the month's last day."""
    return start + parse_period(period)


def as_date(value: object) -> date | None:
    """A date from a row value: a date, a datetime, or an ISO-8601 string; None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            return date.fromisoformat(text[:10])
    raise TypeError(f"not a date: {type(value).__name__}")


def end_of_calendar_year(day: date) -> date:
    return date(day.year, 12, 31)


def end_of_fiscal_year(day: date, fiscal_year_start: str = "01-01") -> date:
    """The last day of the fiscal year containing ``day``; the year begins on MM-DD."""
    month, first = (int(part) for part in fiscal_year_start.split("-"))
    start = date(day.year, month, first)
    if day < start:
        start = date(day.year - 1, month, first)
    return start + relativedelta(years=1, days=-1)


def period_start(anchor: str, day: date, fiscal_year_start: str = "01-01") -> date:
    """The date the rule's period runs from, for an anchor value ``day``."""
    if anchor == "end_of_calendar_year":
        return end_of_calendar_year(day)
    if anchor == "end_of_fiscal_year":
        return end_of_fiscal_year(day, fiscal_year_start)
    return day


def release_date(
    rule: Retention, anchor_value: object, *, fiscal_year_start: str = "01-01"
) -> date | None:
    """The last day data under ``rule`` must be kept, or None while it cannot be known.

    None means the anchor has not happened yet (its date field is empty: an unpaid
    invoice, an ongoing customer relationship), so the period has not started.
    """
    day = as_date(anchor_value)
    if day is None:
        return None
    start = period_start(rule.anchor, day, fiscal_year_start)
    return add_period(start, rule.period) if rule.period else start


def anchor_field(rule: Retention, address: str) -> str | None:
    """The date field of ``rule`` in the collection ``dataset.collection`` (or ``dataset:collection``)."""
    dotted = address.replace(":", ".", 1)
    if rule.fields:
        return rule.fields.get(dotted) or rule.fields.get(address) or rule.field
    return rule.field
