from __future__ import annotations

import pytest

from personvern.policytext.durations import find_durations


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("kept for 30 days", "P30D"),
        ("for up to 10 (ten) full fiscal years", "P10Y"),
        ("for a period of five years from", "P5Y"),
        ("retained for twenty-four months", "P24M"),
        ("for a year after", "P1Y"),
        ("for half a year after", "P6M"),
        ("for one and a half years", "P18M"),
        ("a 14-day trial of retention", "P14D"),
        ("lagres i fem år etter", "P5Y"),
        ("i tolv måneder", "P12M"),
        ("i inntil 1 måned", "P1M"),
        ("i tjuefire måneder", "P24M"),
        ("i ett og et halvt år", "P18M"),
        ("i et halvt år", "P6M"),
        ("i to uker", "P2W"),
        ("i 3 mnd. etter", "P3M"),
        ("i fem hele kalenderår", "P5Y"),
        ("kept for 36 hours", "PT36H"),
    ],
)
def test_periods_in_words_and_digits_become_iso_durations(text: str, iso: str) -> None:
    found = find_durations(text)
    assert [d.iso for d in found] == [iso]
    assert text[found[0].start : found[0].end].strip()


@pytest.mark.parametrize(
    "text",
    ["under 16 years of age", "people who are at least 16 years old", "the end of a calendar year", "once a year"],
)
def test_ages_and_calendar_phrases_are_not_periods(text: str) -> None:
    assert find_durations(text) == []


def test_offsets_are_shifted_into_the_document() -> None:
    (found,) = find_durations("deleted after 12 months", offset=100)
    assert (found.start, found.end) == (114, 123)
