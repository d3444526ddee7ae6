from datetime import date, datetime

import pytest

from personvern.declaration.model import Retention
from personvern.requests.release import (
    add_period,
    anchor_field,
    as_date,
    end_of_fiscal_year,
    parse_period,
    release_date,
)


def test_periods_add_years_months_weeks_and_days():
    assert add_period(date(2024, 3, 10), "P5Y") == date(2029, 3, 10)
    assert add_period(date(2024, 1, 31), "P1M") == date(2024, 2, 29)  # clamped to the month's end
    assert add_period(date(2024, 1, 1), "P2W") == date(2024, 1, 15)
    assert add_period(date(2024, 1, 1), "P1Y6M10D") == date(2025, 7, 11)
    assert add_period(date(2024, 1, 1), "P0D") == date(2024, 1, 1)
    with pytest.raises(ValueError):
        parse_period("5 years")
    with pytest.raises(ValueError):
        parse_period("P")


def test_end_of_calendar_year_plus_five_years_is_the_bookkeeping_release():
    rule = Retention(anchor="end_of_calendar_year", period="P5Y", field="paid_at")
    assert release_date(rule, datetime(2024, 3, 10, 12, 0)) == date(2029, 12, 31)
    assert release_date(rule, "2024-12-31") == date(2029, 12, 31)
    assert release_date(rule, None) is None  # not settled yet: the period has not started


def test_end_of_fiscal_year_follows_the_declared_start():
    assert end_of_fiscal_year(date(2024, 3, 10), "01-01") == date(2024, 12, 31)
    assert end_of_fiscal_year(date(2024, 3, 10), "07-01") == date(2024, 6, 30)
    assert end_of_fiscal_year(date(2024, 8, 1), "07-01") == date(2025, 6, 30)
    rule = Retention(anchor="end_of_fiscal_year", period="P10Y", field="cancelled_at")
    assert release_date(rule, date(2020, 9, 1), fiscal_year_start="07-01") == date(2031, 6, 30)


def test_plain_anchors_count_from_the_date_itself():
    rule = Retention(anchor="collected", period="P30D", field="ts")
    assert release_date(rule, "2026-01-01T10:00:00+00:00") == date(2026, 1, 31)


def test_row_values_become_dates():
    assert as_date(datetime(2024, 5, 1, 23, 59)) == date(2024, 5, 1)
    assert as_date("2024-05-01 10:00:00.000000") == date(2024, 5, 1)
    assert as_date("") is None
    with pytest.raises(TypeError):
        as_date(20240501)


def test_anchor_field_per_collection():
    rule = Retention(anchor="collected", period="P5Y", field="created", fields={"shop.invoices": "paid_at"})
    assert anchor_field(rule, "shop:invoices") == "paid_at"
    assert anchor_field(rule, "shop:orders") == "created"
