"""Synthetic, valid Norwegian numbers for tests and benchmarks (fictional people only)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.no import fodselsnummer, kontonr


def fodselsnummer_for(rng: random.Random, *, kind: str = "F") -> str:
    """A valid fødselsnummer (``F``), D-number (``D``) or H-number (``H``)."""
    while True:
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 65))
        day, month = born.day + (40 if kind == "D" else 0), born.month + (40 if kind == "H" else 0)
        if born.year < 2000:
            individual = rng.randrange(0, 500)
        else:
            individual = rng.randrange(500, 1000)
        base = f"{day:02d}{month:02d}{born.year % 100:02d}{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        if len(k1) != 1:
            continue
        k2 = fodselsnummer.calc_check_digit2(base + k1)
        if len(k2) != 1:
            continue
        number = base + k1 + k2
        if fodselsnummer.is_valid(number):
            return number


BANKS = ("1503", "1607", "1254", "1822", "2801", "3000", "3201", "3632", "4202", "6063", "7694",
         "8601", "9365", "9710", "1594", "2050", "3610", "4750", "5082", "9802")


def kontonummer_for(rng: random.Random) -> str:
    while True:
        base = rng.choice(BANKS) + f"{rng.randrange(0, 10**6):06d}"
        check = kontonr._calc_check_digit(base)  # noqa: SLF001 - stdnum keeps it private
        if len(check) == 1:
            return base + check
