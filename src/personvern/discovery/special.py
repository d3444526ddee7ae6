"""Words in values that reveal special-category data (GDPR Art. 9): health and religion.

Whole words only, Norwegian and English, with Norwegian compounds ending in the word
(``nøtteallergi``) but not words that merely start with it (``allergivennlig``). A short value
(``Fiskeallergi``) counts for the column; inside longer free text only the unambiguous health
words count, so a product text saying *glutenfri* is not health data.
"""

from __future__ import annotations

import re

_HEALTH_STRONG = (
    r"\w*allergi(?:sk|en)?|allergy|allergies|allergic|c[oø]liaki|coeliac|celiac|diabetes|diabetiker|"
    r"epilepsi|epilepsy|astma|asthma|diagnose[rn]?|diagnosis|sykemeld\w*|sick leave|depresjon|"
    r"depression|gravid|pregnant|pregnancy|hiv|kreft|cancer|laktoseintoleran\w*|lactose intoleran\w*|"
    r"rullestol|wheelchair|demens|dementia|adhd|autism\w*"
)
_HEALTH_SHORT = r"glutenfri|gluten[- ]free|laktosefri|lactose[- ]free|melkefri|dairy[- ]free"
_RELIGION_SHORT = r"halal|kosher"

_STRONG = re.compile(rf"\b(?:{_HEALTH_STRONG})\b", re.IGNORECASE)
_SHORT_HEALTH = re.compile(rf"\b(?:{_HEALTH_SHORT})\b", re.IGNORECASE)
_SHORT_RELIGION = re.compile(rf"\b(?:{_RELIGION_SHORT})\b", re.IGNORECASE)
SHORT = 60  # characters (and at most four words): a value this short is an answer, not a text


def special_kind(value: str) -> str | None:
    """``health`` or ``religion`` for a short value that says so, else None."""
    if len(value) > SHORT or value.count(" ") > 3:
        return None
    if _STRONG.search(value) or _SHORT_HEALTH.search(value):
        return "health"
    if _SHORT_RELIGION.search(value):
        return "religion"
    return None


def health_words(text: str) -> str | None:
    """The first unambiguous health word inside a free text, or None."""
    match = _STRONG.search(text)
    return match.group() if match else None
