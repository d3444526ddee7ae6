"""English or Norwegian bokmål (or both), from the share of each language's common words."""

from __future__ import annotations

import re

NB_WORDS = frozenset(
    "og i det som er en til på av for med har ikke vi du deg din dine ditt vil kan om eller når hvis dersom"
    " våre vår oss ved fra etter skal blir ble slik også hvor hva hvordan hvilke denne dette disse andre"
    " opplysninger personopplysninger behandling samtykke rett innsyn sletting lagrer lagres".split()
)
EN_WORDS = frozenset(
    "the and of to in is are we you your our for with that this be by or as on it not may will can if"
    " which from at have has any data personal information processing consent right rights store".split()
)
WORD = re.compile(r"[a-zæøå]+", re.IGNORECASE)


def shares(text: str) -> tuple[float, float]:
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return 0.0, 0.0
    nb = sum(1 for w in words if w in NB_WORDS)
    en = sum(1 for w in words if w in EN_WORDS)
    return nb / len(words), en / len(words)


def detect(text: str) -> str:
    """"en", "nb", or "nb+en" / "en+nb" when both make up a substantial part of the text."""
    nb, en = shares(text)
    if nb == en == 0:
        return "en"
    major, minor = ("nb", "en") if nb > en else ("en", "nb")
    if min(nb, en) > 0.35 * max(nb, en):
        first_nb, first_en = shares(text[: max(1, len(text) // 3)])
        first, second = ("nb", "en") if first_nb > first_en else ("en", "nb")
        return f"{first}+{second}"
    return major
