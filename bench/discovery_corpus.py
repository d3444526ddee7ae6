"""The labelled synthetic corpus of bench/discovery.py: short records, each holding at most one
labelled piece of personal data (kind, start, end), or none (negatives with look-alike numbers)."""

from __future__ import annotations

import random

from stdnum import iban as iban_mod
from stdnum import luhn

from personvern.discovery.synthetic import fodselsnummer_for, kontonummer_for

FIRST = ["Kari", "Ola", "Ingrid", "Lars", "Sofie", "Emil", "Nora", "Jonas", "Maja", "Henrik"]
LAST = ["Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Dahl", "Haugen"]


def _email(r):
    v = f"{r.choice(FIRST).lower()}.{r.choice(LAST).lower()}{r.randrange(100)}@example.com"
    return v, r.choice(["Send til {}", "e-post: {} takk", "Contact {} for details", "{}"])


def _phone(r):
    d = str(r.choice([4, 9, 2, 5])) + "".join(str(r.randrange(10)) for _ in range(7))
    v = r.choice([f"{d[:3]} {d[3:5]} {d[5:]}", d, f"+47 {d[:3]} {d[3:5]} {d[5:]}", f"+47{d}",
                  f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", f"0047 {d}"])
    return v, r.choice(["Ring meg på {}", "tlf {}", "Mobil: {} (kveld)", "call {} today", "{}"])


def _e164(r):
    v = r.choice([f"+44 20 {r.randrange(1000, 9999)} {r.randrange(1000, 9999)}",
                  f"+1 415 555 {r.randrange(1000, 9999)}", f"+4930{r.randrange(10**7, 10**8)}",
                  f"+46 8 {r.randrange(100, 999)} {r.randrange(100, 999)} {r.randrange(10, 99)}"])
    return v, r.choice(["Phone {}", "ring {} ved spørsmål", "{}"])


def _fnr(r):
    n = fodselsnummer_for(r, kind=r.choice("FFFFDH"))
    v = n if r.random() < 0.7 else f"{n[:6]} {n[6:]}"
    return v, r.choice(["Fødselsnummer {}", "fnr: {}", "Pasient {} innlagt", "{}", "id {} registrert"])


def _kontonr(r):
    n = kontonummer_for(r)
    roll = r.random()
    if roll < 0.45:
        v, t = f"{n[:4]}.{n[4:6]}.{n[6:]}", r.choice(["Betal til {}", "{}", "Refusjon til {}"])
    elif roll < 0.6:
        v, t = f"{n[:4]} {n[4:6]} {n[6:]}", r.choice(["konto {}", "{}"])
    else:
        v, t = n, r.choice(["Kontonummer {}", "betal til konto {}", "bankkonto: {}", "Account no. {}"])
    return v, t


def _orgnr(r):
    while True:
        base = str(r.choice([8, 9])) + "".join(str(r.randrange(10)) for _ in range(7))
        total = sum(int(d) * w for d, w in zip(base, (3, 2, 7, 6, 5, 4, 3, 2), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            n = base + str(check)
            break
    v = n if r.random() < 0.6 else f"{n[:3]} {n[3:6]} {n[6:]}"
    return v, r.choice(["Org.nr. {}", "Leverandør {} AS", "{} MVA", "{}"])


def _iban(r):
    n = kontonummer_for(r)
    country = r.choice(["NO", "NO", "DE", "GB", "SE"])
    if country == "NO":
        bban = n
    elif country == "DE":
        bban = "".join(str(r.randrange(10)) for _ in range(18))
    elif country == "GB":
        bban = "NWBK" + "".join(str(r.randrange(10)) for _ in range(14))
    else:
        bban = "".join(str(r.randrange(10)) for _ in range(20))
    check = iban_mod.calc_check_digits(country + "00" + bban)
    raw = country + check + bban
    v = raw if r.random() < 0.5 else " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))
    return v, r.choice(["IBAN {}", "Pay to {} please", "{}"])


def _card(r):
    prefix = r.choice(["4", "51", "55", "37", "6011"])
    length = 15 if prefix == "37" else 16
    body = prefix + "".join(str(r.randrange(10)) for _ in range(length - len(prefix) - 1))
    n = body + luhn.calc_check_digit(body)
    v = n if r.random() < 0.5 else " ".join(n[i:i + 4] for i in range(0, len(n), 4))
    return v, r.choice(["Kort {}", "card number {} exp 12/27", "{}"])


def _ip(r):
    if r.random() < 0.6:
        v = ".".join(str(r.randrange(1, 255)) for _ in range(4))
    else:
        v = "2001:db8:" + ":".join(f"{r.randrange(65536):x}" for _ in range(3)) + "::" + f"{r.randrange(65536):x}"
    return v, r.choice(["login from {}", "IP {} blokkert", "{}", "GET /cart from {} 200"])


def _negative(r):
    return r.choice([
        f"Ordre {r.randrange(10**5, 10**7)} sendt {r.randrange(1, 28):02d}.{r.randrange(1, 12):02d}.2025",
        f"Beløp kr {r.randrange(100, 99999)},{r.randrange(10, 99)}",
        f"Version {r.randrange(1, 9)}.{r.randrange(0, 20)}.{r.randrange(0, 9)} released",
        f"Levering mellom {r.randrange(8, 12)}:00 og {r.randrange(13, 20)}:00",
        f"Varenummer {r.randrange(10**9, 10**10)}",
        f"Faktura {r.randrange(10**10, 10**11)} forfaller",  # 11 digits, mostly invalid
        f"KID {r.randrange(10**12, 10**13)}",
        "Kunden ønsker levering på døra",
        f"Temperatur {r.randrange(-20, 30)}.{r.randrange(10)} grader",
    ]), None


GENERATORS = {"email": _email, "phone": _phone, "phone_e164": _e164, "fodselsnummer": _fnr,
              "kontonr": _kontonr, "orgnr": _orgnr, "iban": _iban, "card": _card, "ip": _ip}


def corpus(n: int, seed: int = 42) -> list[tuple[str, str | None, int, int]]:
    """(record, kind or None, start, end) — equal shares of every kind plus 20 % negatives."""
    r = random.Random(seed)
    kinds = list(GENERATORS)
    out = []
    for i in range(n):
        if i % 5 == 4:
            text, _ = _negative(r)
            out.append((text, None, 0, 0))
            continue
        kind = kinds[i % len(kinds)]
        value, template = GENERATORS[kind](r)
        text = template.format(value)
        start = text.index(value)
        out.append((text, kind, start, start + len(value)))
    return out
