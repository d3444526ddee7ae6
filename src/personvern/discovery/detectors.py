"""Value detectors: find personal data in a value and *validate* it, not merely match a shape.

One compiled scanner finds candidates (emails, IBANs, IP addresses, GPS pairs, runs of digits);
each candidate is then validated: python-stdnum for fødselsnummer / D- / H-numbers
(``stdnum.no.fodselsnummer``: both check digits and a real birth date), organisation numbers
(``stdnum.no.orgnr``), kontonummer (``stdnum.no.kontonr``), IBAN (``stdnum.iban``) and payment
cards (``stdnum.luhn`` plus an issuer prefix); ``ipaddress`` for IPv4/IPv6. Runs of digits are
classified by their length and grouping (``912 34 567`` is a phone number, ``1503.12.34567``
an account number, ``23.05.1990`` neither).

Every fødselsnummer is also a valid kontonummer (both end in the same MOD11 digit), so an
11-digit number valid as both is a fødselsnummer unless it is written as an account number
(``4.2.5`` groups) or a word before it says *konto*.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from stdnum import iban as _iban
from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.no import fodselsnummer, kontonr, orgnr

_SCANNER = re.compile(
    r"(?P<email>[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
    r"|(?P<iban>\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30})"
    r"|(?P<gps>(?<![\d.])-?\d{1,3}\.\d{4,}\s*[,;]\s*-?\d{1,3}\.\d{4,})"
    r"|(?P<ipv4>(?<![\d./])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]))"
    r"|(?P<ipv6>(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:.]))"
    r"|(?P<digits>(?:\+|(?<!\d)00)?(?<![\w./])\d(?:[ .-]?\d){5,22}(?![\w]))"
)
_GROUPS = re.compile(r"[ .-]")
_KONTO_CONTEXT = re.compile(r"konto|account|acct|bank", re.IGNORECASE)
_FNR_CONTEXT = re.compile(r"f(?:ø|o|oe)dsels|personn|\bf\.?nr|\bd-?nr|\bssn|national id",
                          re.IGNORECASE)
_PHONE_SHAPES = {(8,), (3, 2, 3), (2, 2, 2, 2), (4, 4), (2, 3, 3)}
_CARD_PREFIX = ("2", "3", "4", "5", "6")


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    text: str


def _valid(module, number: str) -> bool:
    try:
        module.validate(number)
    except (ValidationError, ValueError):
        return False
    return True


def is_fodselsnummer(digits: str) -> bool:
    return len(digits) == 11 and _valid(fodselsnummer, digits)


def is_kontonr(digits: str) -> bool:
    return len(digits) == 11 and _valid(kontonr, digits)


def is_orgnr(digits: str) -> bool:
    return len(digits) == 9 and digits[0] in "89" and _valid(orgnr, digits)


def is_card(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and digits[0] in _CARD_PREFIX and luhn.is_valid(digits)


def is_kid(text: str) -> bool:
    """A Norwegian payment reference (KID): 2-25 digits with a MOD10 (Luhn) or MOD11 check digit."""
    digits = text.strip()
    if not (2 <= len(digits) <= 25 and digits.isdigit()):
        return False
    return luhn.is_valid(digits) or _mod11_kid(digits)


def _mod11_kid(digits: str) -> bool:
    weights = [2, 3, 4, 5, 6, 7]
    total = sum(int(d) * weights[i % 6] for i, d in enumerate(reversed(digits[:-1])))
    check = 11 - total % 11
    expected = "0" if check == 11 else ("-" if check == 10 else str(check))
    return digits[-1] == expected


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def is_iban(text: str) -> bool:
    return _valid(_iban, text)


def _phone(raw: str, digits: str, shape: tuple[int, ...]) -> bool:
    if raw.startswith("+") or raw.startswith("00"):
        rest = digits[2:] if raw.startswith("00") else digits
        if rest.startswith("47"):
            return len(rest) == 10 and rest[2] in "23456789"
        return 8 <= len(rest) <= 15 and rest[0] != "0"
    return "." not in raw and len(digits) == 8 and digits[0] in "23456789" and shape in _PHONE_SHAPES


def classify_digits(raw: str, context: str = "") -> str | None:
    """The kind of a run of digits (with spaces, dots or dashes between groups), or None."""
    groups = [g for g in _GROUPS.split(raw.lstrip("+")) if g]
    digits = "".join(groups)
    shape = tuple(len(g) for g in groups)
    n = len(digits)
    if raw.startswith("+") or (raw.startswith("00") and n >= 10):
        return "phone" if _phone(raw, digits, shape) else None
    if n == 11:
        account_shape = shape == (4, 2, 5)
        if account_shape or (context and _KONTO_CONTEXT.search(context)
                             and not _FNR_CONTEXT.search(context)):
            if is_kontonr(digits):
                return "kontonr"
        if shape in {(11,), (6, 5)} and is_fodselsnummer(digits):
            return "fodselsnummer"
        if shape in {(11,), (4, 2, 5)} and is_kontonr(digits):
            return "kontonr"
        return None
    if n == 9:
        return "orgnr" if shape in {(9,), (3, 3, 3)} and is_orgnr(digits) else None
    if n == 8:
        return "phone" if _phone(raw, digits, shape) else None
    if 13 <= n <= 19 and "." not in raw and (shape == (n,) or set(shape) <= {4, 3, 5, 6}):
        return "card" if is_card(digits) else None
    return None


def _classify(group: str, text: str, context: str) -> str | None:
    if group == "email":
        local, _, domain = text.rpartition("@")
        return "email" if local and ".." not in text and not local.startswith(".") else None
    if group == "iban":
        return "iban" if is_iban(text) else None
    if group == "gps":
        lat, lon = (float(p) for p in re.split(r"\s*[,;]\s*", text))
        return "gps" if -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0, 0) else None
    if group in ("ipv4", "ipv6"):
        return "ip" if is_ip(text) else None
    return classify_digits(text, context)


def classify_value(value: str) -> str | None:
    """The kind of a whole value (an email column's cell), or None."""
    text = value.strip()
    if not text or len(text) > 64:
        return None
    match = _SCANNER.fullmatch(text)
    if match is None:
        return None
    return _classify(match.lastgroup or "", text, "")


def find_all(text: str) -> list[Hit]:
    """Every validated piece of personal data inside a free text."""
    hits: list[Hit] = []
    for match in _SCANNER.finditer(text):
        group = match.lastgroup or ""
        found = match.group()
        start = match.start()
        context = text[max(0, start - 30):start]
        kind = _classify(group, found, context)
        if kind is None and group == "iban":
            kind, found = _shrink_iban(found)
        if kind is None and group == "digits" and " " in found:
            hits.extend(_split_digits(found, start, context))
            continue
        if kind is not None:
            hits.append(Hit(kind, start, start + len(found), found))
    return hits


def kinds_in(text: str) -> set[str]:
    return {hit.kind for hit in find_all(text)}


def _shrink_iban(found: str) -> tuple[str | None, str]:
    parts = found.split(" ")
    while len(parts) > 2:
        parts.pop()
        candidate = " ".join(parts)
        if is_iban(candidate):
            return "iban", candidate
    return None, found


def _split_digits(run: str, offset: int, context: str) -> list[Hit]:
    """A run like ``91234567 12345678`` holds two numbers: the longest valid pieces, left first."""
    pieces = run.split(" ")
    hits: list[Hit] = []
    i = 0
    position = 0
    starts = []
    for piece in pieces:
        starts.append(position)
        position += len(piece) + 1
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            candidate = " ".join(pieces[i:j])
            if j - i == len(pieces):
                continue  # the whole run was already tried
            kind = classify_digits(candidate, context) if candidate[:1].isdigit() or \
                candidate[:1] == "+" else None
            if kind is not None:
                begin = offset + starts[i]
                hits.append(Hit(kind, begin, begin + len(candidate), candidate))
                i = j
                break
        else:
            i += 1
    return hits
