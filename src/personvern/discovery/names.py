"""Evidence in values for names and address parts (shapes plus a shipped first-name list).

A value is a *person name* when it is 2-4 capitalised words and the first is a known given name
(``data/first_names.txt``, see its header for source and licence); a single known given name is
a *first name*. Street addresses are a word, a house number and perhaps a letter, usually with a
Norwegian or English street suffix. These shapes alone are weak evidence; the classifier weighs
them with the column's name (see ``columns.py``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from importlib.resources import files

_WORD = r"[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéèáíóúñ'-]+"
_NAME = re.compile(rf"^{_WORD}(?:[ -]{_WORD}){{0,3}}$")
_STREET = re.compile(
    r"^(?:[A-ZÆØÅa-zæøå][\wæøåÆØÅ.' -]{1,60}?\s\d{1,4}\s?[A-Za-z]?"
    r"|\d{1,5}[A-Za-z]?\s[A-ZÆØÅa-zæøå][\wæøåÆØÅ.' -]{1,60})(?:,.*)?$"
)
_STREET_WORD = re.compile(
    # Norwegian and Swedish street words also end compounds (Storgata, Kirkeveien)
    r"(?:gate|gata|veien|vei|vegen|veg|plass|plassen|allé|alle|bakken|stien|lia|ringen|tunet|"
    r"kroken|svingen|haugen|brekka|torget|strasse|straße|gatan|vägen)\b"
    r"|\b(?:gt\.?|vn\.?|road|rd\.?|street|st\.?|avenue|ave\.?|lane|drive|way|place|court)(?:\s|$|,|\.)",
    re.IGNORECASE,
)
_POSTAL = re.compile(r"^(?:\d{4}|\d{5}|\d{3} \d{2}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_NO_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    text = files("personvern.discovery").joinpath("data/first_names.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def name_kind(value: str) -> str | None:
    """``"name"`` (a full name), ``"first_name"`` (a known given name alone) or None."""
    text = value.strip()
    if len(text) > 80 or not _NAME.match(text):
        return None
    words = re.split(r"[ -]", text)
    known = words[0].lower() in first_names()
    if len(words) == 1:
        return "first_name" if known else None
    return "name" if known and " " in text else None


def is_name_shaped(value: str) -> bool:
    """Capitalised words only (a surname, a name not in the list)."""
    text = value.strip()
    return bool(text) and len(text) <= 80 and bool(_NAME.match(text))


def is_street(value: str) -> bool:
    text = value.strip()
    return bool(_STREET.match(text)) and bool(_STREET_WORD.search(text))


def is_street_name(value: str) -> bool:
    """A street without a house number (``Kirkeveien``, ``Example Ave``)."""
    text = value.strip()
    return 0 < len(text) <= 80 and bool(_STREET_WORD.search(text + " ")) and not any(
        ch.isdigit() for ch in text)


def is_postal_code(value: object) -> bool:
    text = str(value).strip()
    return bool(_POSTAL.match(text)) and text != "0000"


def birth_date(value: object, today: date) -> date | None:
    """``value`` as a date that could be a living person's birth date (0-120 years ago)."""
    found: date | None = None
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, str):
        text = value.strip()
        iso = _ISO_DATE.match(text)
        local = _NO_DATE.match(text) if iso is None else None
        try:
            if iso:
                found = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            elif local:
                found = date(int(local.group(3)), int(local.group(2)), int(local.group(1)))
        except ValueError:
            return None
    if found is None or not (today.year - 120 <= found.year and found <= today):
        return None
    return found
