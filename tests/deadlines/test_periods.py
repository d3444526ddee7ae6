"""Regulation 1182/71 Art. 3(2)(c): a period in months ends on the same date, or the month's last day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from personvern.deadlines import add_months


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # 31 January + 1 month: 28 February
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # ... 29 February in a leap year
        (date(2000, 1, 31), 1, date(2000, 2, 29)),  # 2000 is a leap year (divisible by 400)
        (date(2100, 1, 31), 1, date(2100, 2, 28)),  # 2100 is not (divisible by 100)
        (date(2026, 1, 30), 1, date(2026, 2, 28)),
        (date(2026, 1, 29), 1, date(2026, 2, 28)),
        (date(2024, 1, 29), 1, date(2024, 2, 29)),
        (date(2026, 2, 28), 1, date(2026, 3, 28)),  # not the end of March: the same date
        (date(2024, 2, 29), 1, date(2024, 3, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 5, 31), 1, date(2026, 6, 30)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),  # across the year
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),  # three months (an extended period)
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
        (date(2026, 6, 10), 0, date(2026, 6, 10)),
    ],
)
def test_month_periods_end_on_the_same_date_or_the_last_day_of_the_month(start, months, end):
    assert add_months(start, months) == end


def test_every_day_of_four_years_gives_the_same_date_or_a_clamped_month_end():
    day = date(2024, 1, 1)
    while day < date(2028, 1, 1):
        end = add_months(day, 1)
        expected_month = day.month % 12 + 1
        assert end.month == expected_month
        assert end.year == day.year + (1 if day.month == 12 else 0)
        if end.day != day.day:  # only when the date does not exist in the next month
            assert end.day < day.day
            assert (end + timedelta(days=1)).day == 1, f"{day} -> {end} is not a month end"
        day += timedelta(days=1)


def test_a_negative_period_is_refused():
    with pytest.raises(ValueError, match="negative"):
        add_months(date(2026, 1, 1), -1)
