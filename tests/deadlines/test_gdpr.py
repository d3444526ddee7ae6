"""GDPR Art. 12(3): one month from receipt, moved off weekends and holidays, extendable once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from personvern.deadlines import (
    ExtensionRefused,
    WorkingCalendar,
    check_extension,
    extended_deadline,
    response_deadline,
)
from personvern.deadlines.gdpr import reminders_due

NOON = 11  # 12:00 in Oslo in winter, 13:00 in summer


@pytest.fixture(scope="module")
def norway() -> WorkingCalendar:
    return WorkingCalendar("NO")


def received(day: date, hour: int = NOON) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("receipt", "nominal", "last"),
    [
        (date(2026, 1, 15), date(2026, 2, 15), date(2026, 2, 16)),  # Sunday -> Monday
        (date(2026, 1, 14), date(2026, 2, 14), date(2026, 2, 16)),  # Saturday -> Monday
        (date(2026, 1, 12), date(2026, 2, 12), date(2026, 2, 12)),  # a Thursday stays
        (date(2025, 1, 31), date(2025, 2, 28), date(2025, 2, 28)),  # 31 Jan -> 28 Feb (Friday)
        (date(2024, 1, 31), date(2024, 2, 29), date(2024, 2, 29)),  # leap year (Thursday)
        (date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 2)),  # 28 Feb 2026 is a Saturday
        (date(2025, 3, 21), date(2025, 4, 21), date(2025, 4, 22)),  # Easter Monday 2025
        (date(2026, 3, 6), date(2026, 4, 6), date(2026, 4, 7)),  # Easter Monday 2026
        (date(2026, 3, 2), date(2026, 4, 2), date(2026, 4, 7)),  # Maundy Thursday..Easter Monday
        (date(2029, 4, 17), date(2029, 5, 17), date(2029, 5, 18)),  # 17 May on a Thursday
        (date(2027, 4, 17), date(2027, 5, 17), date(2027, 5, 18)),  # 17 May = Whit Monday 2027
        (date(2026, 4, 17), date(2026, 5, 17), date(2026, 5, 18)),  # 17 May on a Sunday
        (date(2026, 11, 25), date(2026, 12, 25), date(2026, 12, 28)),  # Christmas, weekend
        (date(2026, 11, 24), date(2026, 12, 24), date(2026, 12, 24)),  # Christmas Eve works
        (date(2026, 12, 1), date(2027, 1, 1), date(2027, 1, 4)),  # New Year's Day, weekend
    ],
)
def test_one_month_from_receipt_moved_to_a_working_day(norway, receipt, nominal, last):
    deadline = response_deadline(received(receipt), norway)
    assert deadline.started_on == receipt
    assert deadline.nominal_last_day == nominal
    assert deadline.last_day == last
    assert deadline.moved == (nominal != last)
    assert deadline.ends_at == norway.end_of_day(last)


def test_the_moved_deadline_names_the_days_it_skipped(norway):
    deadline = response_deadline(received(date(2026, 3, 2)), norway)
    assert deadline.skipped_days() == [date(2026, 4, d) for d in (2, 3, 4, 5, 6)]
    assert [norway.why_not_working(d, "nb") for d in deadline.skipped_days()] == [
        "Skjærtorsdag", "Langfredag", "lørdag", "Første påskedag", "Andre påskedag",
    ]


def test_the_deadline_ends_at_midnight_in_oslo(norway):
    winter = response_deadline(received(date(2026, 1, 12)), norway)
    assert winter.ends_at == datetime(2026, 2, 12, 23, 0, tzinfo=UTC)
    summer = response_deadline(received(date(2026, 6, 10)), norway)
    assert summer.last_day == date(2026, 7, 10)
    assert summer.ends_at == datetime(2026, 7, 10, 22, 0, tzinfo=UTC)
    assert summer.is_running(summer.ends_at - timedelta(seconds=1))
    assert not summer.is_running(summer.ends_at)


def test_receipt_just_after_midnight_in_oslo_counts_from_the_norwegian_date(norway):
    # 23:30 UTC on 31 January is 00:30 on 1 February in Oslo.
    deadline = response_deadline(datetime(2026, 1, 31, 23, 30, tzinfo=UTC), norway)
    assert deadline.started_on == date(2026, 2, 1)
    assert deadline.nominal_last_day == date(2026, 3, 1)  # a Sunday
    assert deadline.last_day == date(2026, 3, 2)


def test_every_deadline_of_four_years_is_a_working_day_with_no_working_day_skipped(norway):
    day = date(2024, 1, 1)
    while day < date(2028, 1, 1):
        deadline = response_deadline(received(day), norway)
        assert norway.is_working_day(deadline.last_day), day
        assert deadline.last_day >= deadline.nominal_last_day
        assert all(not norway.is_working_day(d) for d in deadline.skipped_days()), day
        assert deadline.last_day - deadline.nominal_last_day <= timedelta(days=5), day
        day += timedelta(days=1)


def test_another_country_moves_only_over_its_own_holidays():
    sweden = WorkingCalendar("SE")
    deadline = response_deadline(received(date(2029, 4, 17)), sweden)
    assert deadline.last_day == date(2029, 5, 17)


# --- extension -------------------------------------------------------------------------------

REASON = "Many requests after the newsletter incident; the search covers five systems."


def test_an_extension_within_the_first_month_gives_three_months_from_receipt(norway):
    start = received(date(2026, 1, 31))
    first = response_deadline(start, norway)
    check_extension(first=first, now=start + timedelta(days=20), reason=REASON, months=2,
                    already_extended=False)
    extended = extended_deadline(start, norway, 2)
    assert extended.months == 3
    assert extended.nominal_last_day == date(2026, 4, 30)
    assert extended.last_day == date(2026, 4, 30)


def test_an_extension_ending_on_a_holiday_moves_too(norway):
    start = received(date(2026, 2, 17))
    assert extended_deadline(start, norway, 2).nominal_last_day == date(2026, 5, 17)
    assert extended_deadline(start, norway, 2).last_day == date(2026, 5, 18)
    assert extended_deadline(start, norway, 1).last_day == date(2026, 4, 17)


def test_leap_year_extension(norway):
    start = received(date(2023, 11, 30))
    assert extended_deadline(start, norway, 2).last_day == date(2024, 2, 29)


def test_an_extension_after_the_first_month_is_refused(norway):
    start = received(date(2026, 1, 12))
    first = response_deadline(start, norway)
    with pytest.raises(ExtensionRefused, match="first month ended on 2026-02-12"):
        check_extension(first=first, now=first.ends_at, reason=REASON, months=2, already_extended=False)
    with pytest.raises(ExtensionRefused):
        check_extension(first=first, now=first.ends_at + timedelta(days=30), reason=REASON, months=1,
                        already_extended=False)
    check_extension(first=first, now=first.ends_at - timedelta(seconds=1), reason=REASON, months=2,
                    already_extended=False)


def test_an_extension_on_the_moved_last_day_is_still_within_the_first_month(norway):
    start = received(date(2026, 1, 31))
    first = response_deadline(start, norway)  # 28 Feb is a Saturday: runs until Monday 2 March
    monday_morning = datetime(2026, 3, 2, 8, tzinfo=UTC)
    check_extension(first=first, now=monday_morning, reason=REASON, months=2, already_extended=False)


@pytest.mark.parametrize(
    ("reason", "months", "already", "message"),
    [
        ("", 2, False, "reason"),
        ("   busy   ", 2, False, "reason"),
        (REASON, 3, False, "1 or 2"),
        (REASON, 0, False, "1 or 2"),
        (REASON, 2, True, "already been extended"),
    ],
)
def test_an_extension_needs_a_reason_at_most_two_months_and_only_once(norway, reason, months, already, message):
    start = received(date(2026, 1, 12))
    first = response_deadline(start, norway)
    with pytest.raises(ExtensionRefused, match=message):
        check_extension(first=first, now=start, reason=reason, months=months, already_extended=already)


def test_an_extension_refusal_is_a_4xx_domain_error():
    assert ExtensionRefused("x").status_code == 422


# --- reminders -------------------------------------------------------------------------------

def test_reminders_are_due_seven_and_two_days_before_and_overdue_is_negative(norway):
    start = received(date(2026, 1, 12))
    deadline = response_deadline(start, norway)  # last day Thursday 12 February
    assert reminders_due(deadline, received(date(2026, 2, 4)), norway) == []
    assert reminders_due(deadline, received(date(2026, 2, 5)), norway) == [7]
    assert reminders_due(deadline, received(date(2026, 2, 10)), norway) == [7, 2]
    assert deadline.days_left(received(date(2026, 2, 12)), norway) == 0
    assert deadline.days_left(received(date(2026, 2, 13)), norway) == -1
