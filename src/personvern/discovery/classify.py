"""The classifier: name, type, comment and value evidence for one column, combined.

Each source gives a kind a weight in [0, 1]; weights combine as independent evidence
(``1 - Π(1 - w)``). Value evidence is the share of the sampled non-empty values a detector
*validated*, times the detector's reliability (a random 8-digit number looks like a phone
number; a random string almost never validates as a fødselsnummer). Name evidence that the
values contradict (a ``name`` column full of product names) is mostly discarded. A text column
whose values contain validated data (an e-mail inside a note) is *free text* with every kind
found inside.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from personvern.discovery import detectors, names, special
from personvern.discovery.columns import Clue, comment_clues, name_clues
from personvern.discovery.kinds import KINDS, VALUE_KINDS
from personvern.discovery.mask import mask
from personvern.discovery.schema import ColumnMeta

PERSONAL = 0.5  # reported as personal data at or above this confidence
POSSIBLE = 0.3  # reported as possible personal data
EXAMPLES = 3
MAX_TEXT = 4000  # characters of a value that are examined
MIN_VALUES = 10  # fewer sampled values: the values neither confirm nor contradict the name

RELIABILITY = {
    "email": 0.99, "fodselsnummer": 0.99, "iban": 0.99, "card": 0.97, "ip": 0.95,
    "kontonr": 0.95, "orgnr": 0.9, "phone": 0.85, "name": 0.85, "first_name": 0.75,
    "street": 0.85, "gps": 0.8, "date_of_birth": 0.35, "postal_code": 0.3, "last_name": 0.3,
    "payment_ref": 0.6,
}
# Kinds that need a name or comment clue before their values count (a 4-digit number alone is
# not a postal code; a date alone is not a birth date; a capitalised word alone is no surname).
NEEDS_CLUE = {"postal_code", "date_of_birth", "last_name", "city", "payment_ref", "state",
              "house_number"}
# Numbers kept as numbers, and keys, are usually counters and codes: an 8-digit order number
# is not a phone number unless the column's name or comment says so.
NEEDS_CLUE_IF_NUMERIC = {"phone", "orgnr", "kontonr", "card"}
SPECIAL_VALUE_KINDS = {"health", "religion"}


@dataclass
class Finding:
    column: str
    kind: str
    categories: tuple[str, ...]
    confidence: float
    sampled: int = 0
    non_null: int = 0
    matched: int = 0
    examples: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()  # for free text: the kinds found inside
    alternatives: dict[str, float] = field(default_factory=dict)

    @property
    def hit_rate(self) -> float:
        return self.matched / self.non_null if self.non_null else 0.0

    @property
    def personal(self) -> bool:
        return self.confidence >= PERSONAL


@dataclass
class _Tally:
    counts: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    text_counts: Counter = field(default_factory=Counter)
    text_rows: int = 0
    non_null: int = 0
    plain_numbers: list[int] = field(default_factory=list)  # 8-digit phone hits, in memory only

    def sequential(self) -> bool:
        """Phone-like hits that are a run of counters (``20250001``, ``20250002``…)."""
        numbers = self.plain_numbers
        return len(numbers) >= MIN_VALUES and max(numbers) - min(numbers) < 50 * len(numbers)

    def hit(self, kind: str, shown: str, counter: Counter | None = None) -> None:
        (self.counts if counter is None else counter)[kind] += 1
        held = self.examples.setdefault(kind, [])
        if len(held) < EXAMPLES:
            held.append(mask(shown, kind))


def tally(values: list[object], column: ColumnMeta, clued: set[str], today: date) -> _Tally:
    result = _Tally()
    gps_hint = "gps" in clued
    for value in values:
        if value is None or value == "":
            continue
        result.non_null += 1
        if isinstance(value, (date,)):
            if "date_of_birth" in clued and names.birth_date(value, today):
                result.counts["date_of_birth"] += 1
            continue
        if isinstance(value, bool):
            continue
        if isinstance(value, (float, Decimal)):
            if gps_hint and -180 <= float(value) <= 180 and _decimals(value) >= 4:
                result.hit("gps", f"{float(value):.4f}")
            continue
        text = (value if isinstance(value, str) else str(value))[:MAX_TEXT]
        kind = detectors.classify_value(text)
        if kind is not None:
            result.hit(kind, text)
            if kind == "phone" and text.isdigit():
                result.plain_numbers.append(int(text))
            continue
        if "payment_ref" in clued and detectors.is_kid(text):
            result.hit("payment_ref", text)
            continue
        if isinstance(value, int):
            if "postal_code" in clued and names.is_postal_code(f"{value:04d}"):
                result.counts["postal_code"] += 1
            continue
        shaped = names.name_kind(text)
        if shaped is not None:
            result.hit(shaped, text)
            if "last_name" in clued or "city" in clued:
                result.counts["last_name" if "last_name" in clued else "city"] += 1
            continue
        if names.is_street(text) or ("street" in clued and names.is_street_name(text)):
            result.hit("street", text)
            continue
        if clued & {"last_name", "city"} and names.is_name_shaped(text):
            result.counts["last_name" if "last_name" in clued else "city"] += 1
            continue
        if "postal_code" in clued and names.is_postal_code(text):
            result.counts["postal_code"] += 1
            continue
        if "date_of_birth" in clued and names.birth_date(text, today):
            result.counts["date_of_birth"] += 1
            continue
        revealing = special.special_kind(text)
        if revealing is not None:
            result.hit(revealing, text)
            continue
        if len(text) >= 12 and " " in text:
            found = [(h.kind, h.text) for h in detectors.find_all(text)]
            word = special.health_words(text)
            if word is not None:
                found.append(("health", word))
            if found:
                result.text_rows += 1
                for kind in dict.fromkeys(k for k, _ in found):
                    shown = next(t for k, t in found if k == kind)
                    result.hit(kind, shown, result.text_counts)
    return result


def classify(column: ColumnMeta, values: list[object], today: date,
             references_personal: bool = False) -> Finding | None:
    """The column's most likely kind of personal data, or None when nothing points to any."""
    clues: list[Clue] = name_clues(column.name, column.kind) + comment_clues(column.comment, column.kind)
    if references_personal:
        clues.append(Clue("person_ref", 0.45, "foreign key"))
    clued = {c.kind for c in clues}
    found = tally(values, column, clued, today)
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    enough = found.non_null >= MIN_VALUES
    for clue in clues:
        weight = clue.weight
        if enough and clue.kind in VALUE_KINDS and clue.kind not in NEEDS_CLUE and \
                found.counts[clue.kind] / found.non_null < 0.1 and \
                not _related_hit(clue.kind, found.counts, found.non_null):
            weight *= 0.3  # the values contradict the name
        elif 3 <= found.non_null < MIN_VALUES and clue.kind in VALUE_KINDS and \
                clue.kind not in NEEDS_CLUE and found.counts[clue.kind] == 0 and \
                not _related_hit(clue.kind, found.counts, found.non_null):
            weight *= 0.6  # a few values, none of them fits: a weaker contradiction
        scores[clue.kind] = _combine(scores.get(clue.kind, 0.0), weight)
        reasons.setdefault(clue.kind, []).append(f"{clue.source} '{_source_text(clue, column)}'")
    numeric = column.kind in {"integer", "decimal"} or column.primary_key
    for kind, count in found.counts.items():
        if kind not in clued and (kind in NEEDS_CLUE or (numeric and kind in NEEDS_CLUE_IF_NUMERIC)):
            continue
        if kind == "phone" and kind not in clued and found.sequential():
            continue
        rate = count / found.non_null if found.non_null else 0.0
        if count < 2 and found.non_null >= 2:
            continue
        weight = rate * RELIABILITY.get(kind, 0.5)
        if kind in SPECIAL_VALUE_KINDS:  # a few answers that reveal health data are enough
            weight = min(0.95, 0.45 + 0.5 * rate)
        scores[kind] = _combine(scores.get(kind, 0.0), weight)
        reasons.setdefault(kind, []).append(f"{count} of {found.non_null} sampled values validated")
    if "first_name" in scores and "name" in scores and "first_name" not in clued:
        scores["name"] = _combine(scores["name"], scores.pop("first_name") * 0.5)
    text_finding = _free_text(column, found)
    if scores and max(scores.values()) >= POSSIBLE:
        kind = max(scores, key=lambda k: scores[k])
        best = Finding(
            column=column.name, kind=kind, categories=(KINDS[kind].category,),
            confidence=round(scores[kind], 3), sampled=len(values), non_null=found.non_null,
            matched=found.counts.get(kind, 0), examples=tuple(found.examples.get(kind, ())),
            reasons=tuple(reasons.get(kind, ())),
            alternatives={k: round(v, 3) for k, v in scores.items() if k != kind and v >= POSSIBLE},
        )
        if text_finding is None or best.confidence >= text_finding.confidence:
            return best
    return text_finding if text_finding and text_finding.confidence >= POSSIBLE else None


def _free_text(column: ColumnMeta, found: _Tally) -> Finding | None:
    if not found.text_rows or found.non_null == 0:
        return None
    kinds = sorted(found.text_counts, key=lambda k: -found.text_counts[k])
    rate = found.text_rows / found.non_null
    if found.text_rows < 2 and found.non_null >= 2:
        return None
    confidence = round(min(0.99, 0.55 + rate), 3)
    shown = tuple(e for k in kinds for e in found.examples.get(k, ()))[:EXAMPLES]
    return Finding(
        column=column.name, kind="free_text",
        categories=tuple(dict.fromkeys(KINDS[k].category for k in kinds)),
        confidence=confidence, sampled=found.non_null, non_null=found.non_null,
        matched=found.text_rows, examples=shown, contains=tuple(kinds),
        reasons=(f"{found.text_rows} of {found.non_null} sampled texts contain "
                 + ", ".join(f"{KINDS[k].label} ({found.text_counts[k]})" for k in kinds),),
    )


def _related_hit(kind: str, counts: Counter, non_null: int) -> bool:
    related = {"name": ("first_name",), "first_name": ("name",), "kontonr": ("fodselsnummer",),
               "fodselsnummer": ("kontonr",), "street": ("name",)}.get(kind, ())
    return any(counts[r] / non_null >= 0.1 for r in related)


def _combine(a: float, b: float) -> float:
    return 1 - (1 - a) * (1 - b)


def _decimals(value: float | Decimal) -> int:
    text = format(value, "f") if isinstance(value, Decimal) else repr(float(value))
    return len(text.split(".", 1)[1].rstrip("0")) if "." in text else 0


def _source_text(clue: Clue, column: ColumnMeta) -> str:
    if clue.source == "name":
        return column.name
    if clue.source == "type":
        return column.type_name
    if clue.source == "foreign key":
        return ", ".join(column.references)
    return (column.comment or "")[:60]
