"""Working days and local days of the controller's country."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from personvern.deadlines import WorkingCalendar
from personvern.deadlines.calendar import UnknownCountry, country_timezone


@pytest.fixture(scope="module")
def norway() -> WorkingCalendar:
    return WorkingCalendar("NO")


@pytest.mark.parametrize(
    ("day", "why_en", "why_nb"),
    [
        (date(2026, 4, 6), "Easter Monday", "Andre påskedag"),
        (date(2026, 4, 2), "Maundy Thursday", "Skjærtorsdag"),
        (date(2029, 5, 17), "Constitution Day", "Grunnlovsdag"),  # a Thursday
        (date(2026, 5, 14), "Ascension Day", "Kristi himmelfartsdag"),
        (date(2026, 5, 25), "Pentecost Monday", "Andre pinsedag"),
        (date(2026, 12, 26), "Second Day of Christmas", "Andre juledag"),
        (date(2026, 1, 10), "Saturday", "lørdag"),
        (date(2026, 1, 11), "Sunday", "søndag"),
    ],
)
def test_holidays_and_weekends_are_not_working_days(norway, day, why_en, why_nb):
    assert not norway.is_working_day(day)
    assert norway.why_not_working(day, "nb") == why_nb
    assert norway.why_not_working(day, "en") == why_en


@pytest.mark.parametrize("day", [date(2026, 1, 12), date(2026, 12, 24), date(2026, 4, 1), date(2025, 5, 16)])
def test_ordinary_weekdays_are_working_days(norway, day):
    # 24 December is not a public holiday in Norway.
    assert norway.is_working_day(day)
    assert norway.why_not_working(day) is None
    assert norway.next_working_day(day) == day


def test_next_working_day_skips_the_whole_easter_weekend(norway):
    assert norway.next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)


def test_the_country_decides_which_days_are_holidays():
    sweden = WorkingCalendar("SE")
    assert sweden.timezone == "Europe/Stockholm"
    assert sweden.is_working_day(date(2029, 5, 17))  # only Norway's Constitution Day
    assert not sweden.is_working_day(date(2026, 6, 6))  # Sweden's National Day (a Saturday too)
    assert not sweden.is_working_day(date(2027, 6, 6))  # a Sunday in 2027; 2028 is a Tuesday
    assert not sweden.is_working_day(date(2028, 6, 6))
    assert WorkingCalendar("NO").is_working_day(date(2028, 6, 6))


def test_the_local_day_is_the_day_in_the_controllers_time_zone(norway):
    assert norway.timezone == "Europe/Oslo"
    assert norway.local_day(datetime(2026, 1, 31, 22, 59, tzinfo=UTC)) == date(2026, 1, 31)
    assert norway.local_day(datetime(2026, 1, 31, 23, 0, tzinfo=UTC)) == date(2026, 2, 1)
    assert norway.local_day(datetime(2026, 6, 30, 22, 0, tzinfo=UTC)) == date(2026, 7, 1)  # CEST


def test_a_day_ends_at_local_midnight(norway):
    assert norway.end_of_day(date(2026, 2, 28)) == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    assert norway.end_of_day(date(2026, 7, 1)) == datetime(2026, 7, 1, 22, 0, tzinfo=UTC)
    # the night summer time begins (29 March 2026) is one hour shorter, nothing is lost
    assert norway.end_of_day(date(2026, 3, 29)) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)


def test_a_naive_datetime_is_refused(norway):
    with pytest.raises(ValueError, match="naive"):
        norway.local_day(datetime(2026, 1, 1))


def test_an_unknown_country_is_named():
    with pytest.raises(UnknownCountry, match="XX"):
        WorkingCalendar("XX")
    with pytest.raises(UnknownCountry):
        country_timezone("XX")


def test_an_explicit_time_zone_wins():
    calendar = WorkingCalendar("NO", timezone="Europe/Berlin")
    assert calendar.timezone == "Europe/Berlin"
