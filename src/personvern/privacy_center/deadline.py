"""A case's deadline, from the moment its clock started and the months it runs (1, or 3 when extended)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from personvern.deadlines import FIRST_PERIOD_MONTHS, Deadline, response_deadline
from personvern.declaration.model import Declaration
from personvern.privacy_center.choices import calendar_of
from personvern.privacy_center.entities import Case
from personvern.privacy_center.wording import day


def clock_start(declaration: Declaration, received_at: datetime, verified_at: datetime | None) -> datetime | None:
    """When the month starts: at receipt (the default) or at verification (``requests.clock_starts``)."""
    if declaration.requests.clock_starts == "verification":
        return verified_at
    return received_at


def started_values(declaration: Declaration, started: datetime) -> dict[str, Any]:
    """The case's columns when its clock starts at ``started``: one month, moved off holidays."""
    deadline = response_deadline(started, calendar_of(declaration), FIRST_PERIOD_MONTHS)
    return {"clock_started_at": started, "first_due_at": deadline.ends_at, "due_at": deadline.ends_at,
            "due_on": deadline.last_day}


def case_deadline(case: Case, declaration: Declaration) -> Deadline | None:
    if case.clock_started_at is None:
        return None
    return response_deadline(
        case.clock_started_at, calendar_of(declaration), FIRST_PERIOD_MONTHS + case.extension_months
    )


def first_deadline(case: Case, declaration: Declaration) -> Deadline | None:
    if case.clock_started_at is None:
        return None
    return response_deadline(case.clock_started_at, calendar_of(declaration), FIRST_PERIOD_MONTHS)


def moved_words(deadline: Deadline | None, declaration: Declaration, lang: str) -> str:
    """'Constitution Day 17 May 2026' for the days the last day was moved over, or ''."""
    if deadline is None or not deadline.moved:
        return ""
    calendar = calendar_of(declaration)
    return ", ".join(f"{calendar.why_not_working(d, lang)} {day(d, lang)}" for d in deadline.skipped_days())
