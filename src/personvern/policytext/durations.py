"""Periods written in words or digits, in English and Norwegian, as ISO-8601 durations.

"30 days", "twelve months", "10 (ten) full fiscal years", "a year", "half a year", "24-month",
"fem år", "tolv måneder", "ett og et halvt år", "30 dager", "3 mnd." — each becomes a
``Duration`` with its span, e.g. P30D, P12M, P10Y, P1Y, P6M, P24M, P5Y, P18M.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS_EN = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
            "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
            "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
            "hundred": 100, "single": 1, "couple of": 2}
UNITS_NB = {"en": 1, "ett": 1, "ei": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4,
            "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11,
            "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17,
            "atten": 18, "nitten": 19, "tjue": 20, "tyve": 20, "tretti": 30, "førti": 40,
            "femti": 50, "seksti": 60, "sytti": 70, "åtti": 80, "nitti": 90, "hundre": 100}
WORDS = {**UNITS_NB, **UNITS_EN}
# Norwegian compounds: "tjuefire", "trettiseks", "tjue-fire"; English "twenty-four".
_TENS = "tjue|tyve|tretti|førti|femti|seksti|sytti|åtti|nitti|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "en|ett|to|tre|fire|fem|seks|sju|syv|åtte|ni|one|two|three|four|five|six|seven|eight|nine"
_WORD_ALT = "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True))
NUMBER = (
    rf"(?:\d+(?:[.,]\d+)?|(?:{_TENS})[- ]?(?:{_ONES})\b|(?:{_WORD_ALT}))"
)
UNIT_PATTERNS = (
    ("Y", r"(?:(?:calendar|fiscal|financial|accounting|full|whole|complete|hele|fulle)\s+)*"
          r"(?:kalender|regnskaps)?(?:years?|yrs?|år(?:et|ene)?s?)"),
    ("M", r"(?:(?:calendar|full|whole|hele|fulle)\s+)*(?:months?|mos?\.?|måned(?:er|en|ene|s)?|mnd\.?)"),
    ("W", r"(?:weeks?|wks?|uker?|ukers|uka|uken)"),
    ("D", r"(?:calendar |working |business |virke|arbeids|kalender)?(?:days?|dag(?:er|en|ene|s)?|døgn)"),
    ("H", r"(?:hours?|hrs?|timer?|timers)"),
)
_UNIT = "|".join(f"(?P<u{code}>{pattern})" for code, pattern in UNIT_PATTERNS)
DURATION = re.compile(
    rf"(?<![\w-])(?P<num>{NUMBER})"
    rf"(?:\s*\((?:{NUMBER})\))?"  # "10 (ten)"
    rf"(?P<half>\s+(?:and a half|og en halv|og et halvt|og ei halv))?"
    rf"(?:\s+|-|\s*)(?P<unit>{_UNIT})(?![\w])"
    rf"(?P<half2>\s+(?:and a half|og en halv|og et halvt))?"
    rf"(?!\s+(?:of age|old|gamle?|eldre)\b)",
    re.IGNORECASE,
)
HALF_YEAR = re.compile(r"(?<!og )(?<!and )(?<!og )\b(?:half a year|six-month|et halvt år|halvår(?:et)?)\b", re.IGNORECASE)


ARTICLES = {"a", "an", "en", "ei", "et", "ett", "single"}
ARTICLE_OK = re.compile(
    r"\b(?:for|after|up to|within|than|to|about|approximately|around|period of|i|etter|inntil|opptil|innen"
    r"|enn|på|periode på|omtrent|cirka|ca\.|minst|at least|maximum|maks|maksimalt|høyst|additional|another|ytterligere)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Duration:
    start: int
    end: int
    iso: str
    unit: str  # Y, M, W, D, H
    amount: float


def number_value(word: str) -> float | None:
    word = word.strip().lower()
    if re.fullmatch(r"\d+(?:[.,]\d+)?", word):
        return float(word.replace(",", "."))
    word = word.replace("-", " ")
    if word in WORDS:
        return float(WORDS[word])
    for tens in _TENS.split("|"):
        if word.startswith(tens):
            rest = word[len(tens):].strip()
            if rest in WORDS and WORDS[rest] < 10:
                return float(WORDS[tens] + WORDS[rest])
    return None


def iso(amount: float, unit: str) -> str:
    if unit == "Y" and amount != int(amount):
        return f"P{int(round(amount * 12))}M"
    if unit == "M" and amount != int(amount):
        return f"P{int(round(amount * 30))}D"
    value = int(amount) if amount == int(amount) else amount
    if unit == "H":
        return f"PT{value}H"
    return f"P{value}{unit}"


def find_durations(text: str, offset: int = 0) -> list[Duration]:
    """Every duration in ``text``; offsets are shifted by ``offset``."""
    found: list[Duration] = []
    halves = [(m.start(), m.end()) for m in HALF_YEAR.finditer(text)]
    for a, b in halves:
        found.append(Duration(offset + a, offset + b, "P6M", "M", 6))
    for match in DURATION.finditer(text):
        if any(a <= match.start() < b or match.start() <= a < match.end() for a, b in halves):
            continue
        raw = match.group("num")
        if raw.lower() in ARTICLES and not ARTICLE_OK.search(text[max(0, match.start() - 30) : match.start()]):
            continue  # "the end of a calendar year", "once a year": not a length of time
        value = number_value(raw)
        if value is None or value <= 0:
            continue
        unit = next(code for code, _ in UNIT_PATTERNS if match.group(f"u{code}"))
        if match.group("half") or match.group("half2"):
            value += 0.5
        found.append(Duration(offset + match.start(), offset + match.end(), iso(value, unit), unit, value))
    found.sort(key=lambda d: d.start)
    return found
