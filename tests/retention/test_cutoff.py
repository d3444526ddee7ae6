"""The retention date arithmetic, checked against its definition day by day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from personvern.retention.cutoff import (
    ANCHORS,
    Period,
    add_period,
    as_date,
    base_date,
    cutoff,
    expires_on,
    is_expired,
    midnight,
    next_fiscal_year_start,
    parse_month_day,
    parse_period,
)


def days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


@pytest.mark.parametrize(("text", "period"), [
    ("P30D", Period(days=30)), ("P24M", Period(months=24)), ("P5Y", Period(years=5)),
    ("P2W", Period(days=14)), ("P1Y6M", Period(years=1, months=6)), ("P0D", Period()),
    ("P1Y2M3W4D", Period(1, 2, 25)),
])
def test_periods_parse(text: str, period: Period) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["P", "", "30D", "P1H", "PT1H", "P-1D", "P1.5Y"])
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not an ISO-8601 date period"):
        parse_period(text)


def test_months_are_calendar_months_clamped_to_the_month_end() -> None:
    assert add_period(date(2024, 1, 31), "P1M") == date(2024, 2, 29)
    assert add_period(date(2023, 1, 31), "P1M") == date(2023, 2, 28)
    assert add_period(date(2024, 2, 29), "P1Y") == date(2025, 2, 28)
    assert add_period(date(2024, 2, 29), "P4Y") == date(2028, 2, 29)
    assert add_period(date(2023, 3, 31), "P24M") == date(2025, 3, 31)
    assert add_period(date(2023, 12, 15), "P1M20D") == date(2024, 2, 4)  # months first, then days


def test_a_point_anchor_expires_on_the_anchor_date_plus_the_period() -> None:
    assert expires_on("collected", date(2026, 1, 1), "P30D") == date(2026, 1, 31)
    assert not is_expired("collected", date(2026, 1, 1), "P30D", date(2026, 1, 30))
    assert is_expired("collected", date(2026, 1, 1), "P30D", date(2026, 1, 31))
    # "the day after the event": P1D from the event date
    assert is_expired("event", date(2026, 3, 10), "P1D", date(2026, 3, 11))
    assert not is_expired("event", date(2026, 3, 10), "P1D", date(2026, 3, 10))
    # P0D: on the day it happens (an account cancelled today loses its settings today)
    assert is_expired("end_of_relationship", date(2026, 3, 10), "P0D", date(2026, 3, 10))
    assert not is_expired("end_of_relationship", date(2026, 3, 10), "P0D", date(2026, 3, 9))


def test_calendar_year_rule_on_the_new_year_boundary() -> None:
    """Payments are kept 5 years from the end of the calendar year of the transaction."""
    for paid in (date(2020, 1, 1), date(2020, 7, 1), date(2020, 12, 31)):
        assert base_date("end_of_calendar_year", paid) == date(2021, 1, 1)
        assert not is_expired("end_of_calendar_year", paid, "P5Y", date(2025, 12, 31))
        assert is_expired("end_of_calendar_year", paid, "P5Y", date(2026, 1, 1))
    assert not is_expired("end_of_calendar_year", date(2021, 1, 1), "P5Y", date(2026, 1, 1))
    assert cutoff("end_of_calendar_year", "P5Y", date(2025, 12, 31)) == date(2020, 1, 1)
    assert cutoff("end_of_calendar_year", "P5Y", date(2026, 1, 1)) == date(2021, 1, 1)
    assert cutoff("end_of_calendar_year", "P5Y", date(2026, 12, 31)) == date(2021, 1, 1)


@pytest.mark.parametrize("today", [date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 15)])
def test_calendar_year_cutoff_is_the_start_of_year_now_minus_the_years(today: date) -> None:
    assert cutoff("end_of_calendar_year", "P5Y", today) == date(today.year - 5, 1, 1)
    assert cutoff("end_of_calendar_year", "P10Y", today) == date(today.year - 10, 1, 1)


def test_fiscal_year_with_a_non_calendar_year() -> None:
    """Fiscal year 1 July - 30 June; 10 full fiscal years after cancellation."""
    assert next_fiscal_year_start(date(2015, 6, 30), "07-01") == date(2015, 7, 1)
    assert next_fiscal_year_start(date(2015, 7, 1), "07-01") == date(2016, 7, 1)
    cancelled_june, cancelled_july = date(2015, 6, 30), date(2015, 7, 1)
    assert expires_on("end_of_fiscal_year", cancelled_june, "P10Y", "07-01") == date(2025, 7, 1)
    assert expires_on("end_of_fiscal_year", cancelled_july, "P10Y", "07-01") == date(2026, 7, 1)
    assert cutoff("end_of_fiscal_year", "P10Y", date(2025, 6, 30), "07-01") == date(2014, 7, 1)
    assert cutoff("end_of_fiscal_year", "P10Y", date(2025, 7, 1), "07-01") == date(2015, 7, 1)
    assert cutoff("end_of_fiscal_year", "P10Y", date(2026, 6, 30), "07-01") == date(2015, 7, 1)
    assert cutoff("end_of_fiscal_year", "P10Y", date(2026, 7, 1), "07-01") == date(2016, 7, 1)
    # with a calendar fiscal year it is the calendar-year rule
    assert cutoff("end_of_fiscal_year", "P5Y", date(2026, 1, 1)) == date(2021, 1, 1)


@pytest.mark.parametrize("text", ["02-29", "13-01", "04-31", "7-1", "00-10"])
def test_fiscal_year_starts_that_are_not_a_day_of_every_year(text: str) -> None:
    with pytest.raises(ValueError):
        parse_month_day(text)
    with pytest.raises(ValueError):
        cutoff("end_of_fiscal_year", "P1Y", date(2026, 1, 1), text)


@pytest.mark.parametrize("anchor", sorted(ANCHORS))
@pytest.mark.parametrize("period", ["P0D", "P1D", "P30D", "P1M", "P24M", "P1Y6M", "P5Y"])
@pytest.mark.parametrize("fiscal", ["01-01", "07-01", "03-31"])
def test_cutoff_splits_expired_from_kept_exactly(anchor: str, period: str, fiscal: str) -> None:
    """Every anchor date before the cutoff has expired, every one from it on has not."""
    for today in (date(2024, 2, 29), date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 31)):
        limit = cutoff(anchor, period, today, fiscal)
        for day in days(limit - timedelta(days=400), limit + timedelta(days=400)):
            assert is_expired(anchor, day, period, today, fiscal) == (day < limit), (anchor, period, today, day)


def test_cutoff_of_a_period_ending_beyond_the_calendar() -> None:
    assert cutoff("collected", "P9999Y", date(2026, 1, 1)) == date(1, 1, 1)


def test_anchor_values_become_utc_dates() -> None:
    assert as_date(datetime(2025, 12, 31, 23, 30)) == date(2025, 12, 31)  # naive: UTC
    oslo = datetime(2026, 1, 1, 0, 30, tzinfo=UTC) - timedelta(hours=1)
    assert as_date(oslo) == date(2025, 12, 31)
    assert as_date("2026-01-01T00:00:00Z") == date(2026, 1, 1)
    assert as_date(date(2026, 1, 1)) == date(2026, 1, 1)
    assert as_date(None) is None
    assert midnight(date(2026, 1, 1), aware=True) == datetime(2026, 1, 1, tzinfo=UTC)
    assert midnight(date(2026, 1, 1), aware=False).tzinfo is None
