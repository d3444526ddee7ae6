"""Working days and local time of the controller's country.

Public holidays come from the maintained ``holidays`` library (Norway: Easter, Ascension,
Whit Monday, 1 and 17 May, Christmas...); Saturdays and Sundays are never working days
(Regulation 1182/71 Art. 3(4)). The day on which something happened is the date in the
controller's time zone, read from the time-zone database's country table (``zone.tab``,
which names a country's own zone: Europe/Oslo for NO).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

import holidays

WEEKEND = {5: ("Saturday", "lørdag"), 6: ("Sunday", "søndag")}
# Languages of the holidays library for our languages, tried in order.
HOLIDAY_LANGUAGES = {"en": ("en_US", "en_GB", "en"), "nb": ("no", "nb", "nn")}


class UnknownCountry(ValueError):
    """No public-holiday calendar is known for this country code."""


@dataclass
class WorkingCalendar:
    """Public holidays and the time zone of one country (an ISO 3166 alpha-2 code)."""

    country: str
    timezone: str = ""
    _holidays: holidays.HolidayBase = field(init=False, repr=False)

    def __post_init__(self) -> None:
        try:
            self._holidays = holidays.country_holidays(self.country)
        except NotImplementedError:
            raise UnknownCountry(f"no public-holiday calendar for country {self.country!r}") from None
        if not self.timezone:
            self.timezone = country_timezone(self.country)
        self._zone = zoneinfo.ZoneInfo(self.timezone)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return self._zone

    def holiday(self, day: date) -> str | None:
        """The (English) name of the public holiday on ``day``, or None."""
        return self._holidays.get(day)

    def holiday_name(self, day: date, lang: str) -> str | None:
        """The name of the public holiday on ``day`` in ``lang`` (en, nb) when the library has it."""
        if self.holiday(day) is None:
            return None
        return _holiday_name(self.country, day, lang) or self.holiday(day)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in WEEKEND and self.holiday(day) is None

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def why_not_working(self, day: date, lang: str = "en") -> str | None:
        """Why ``day`` is not a working day ('Saturday', 'Constitution Day'), or None."""
        name = self.holiday_name(day, lang)
        if name:
            return name
        if day.weekday() in WEEKEND:
            english, norwegian = WEEKEND[day.weekday()]
            return norwegian if lang == "nb" else english
        return None

    def local_day(self, instant: datetime) -> date:
        """The date on which ``instant`` (timezone-aware) falls in this country."""
        if instant.tzinfo is None:
            raise ValueError("a naive datetime has no place in time")
        return instant.astimezone(self._zone).date()

    def end_of_day(self, day: date) -> datetime:
        """The instant (UTC) at which ``day`` has expired here: local midnight after it."""
        return datetime.combine(day + timedelta(days=1), time(0), self._zone).astimezone(UTC)


def country_timezone(country: str) -> str:
    """The main time zone of a country (the first listed for it in the tz database)."""
    zones = _zone_table().get(country.upper())
    if not zones:
        raise UnknownCountry(f"no time zone known for country {country!r}")
    return zones[0]


@lru_cache(maxsize=1)
def _zone_table() -> dict[str, list[str]]:
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / "zone.tab"
        if path.exists():
            return _parse_zone_table(path.read_text(encoding="utf-8"))
    try:  # the tzdata wheel, where there is no system time-zone database
        from importlib.resources import files

        data = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    return _parse_zone_table(data)


def _parse_zone_table(content: str) -> dict[str, list[str]]:
    """zone.tab lines: 'NO<TAB>coordinates<TAB>Europe/Oslo[<TAB>comment]'; main zone first."""
    table: dict[str, list[str]] = {}
    for line in content.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            table.setdefault(parts[0], []).append(parts[2])
    return table


@lru_cache(maxsize=64)
def _localised(country: str, lang: str) -> holidays.HolidayBase | None:
    cls = holidays.country_holidays(country).__class__
    supported = getattr(cls, "supported_languages", ()) or ()
    for candidate in HOLIDAY_LANGUAGES.get(lang, ()):
        if candidate in supported:
            return holidays.country_holidays(country, language=candidate)
    return None


def _holiday_name(country: str, day: date, lang: str) -> str | None:
    localised = _localised(country, lang)
    return localised.get(day) if localised is not None else None
