"""Fictional Norwegian-style people for the demo company (emails on example.com).

Addresses use real Norwegian postal codes with ordinary street names; phone numbers look
like Norwegian mobile numbers (+47 4xx xx xxx); IP addresses come from the documentation
ranges (RFC 5737, RFC 3849), so nothing here points at a real person or machine.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

FIRST_NAMES = (
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg",
    "Hilde", "Anna", "Solveig", "Marianne", "Randi", "Ida", "Nina", "Maria", "Elisabeth",
    "Kristin", "Silje", "Ingeborg", "Nora", "Emma", "Sofie", "Thea", "Maja", "Tone", "Åse",
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas",
    "Hans", "Geir", "Tor", "Morten", "Terje", "Odd", "Erik", "Martin", "Andreas", "Jonas",
    "Magnus", "Emil", "Henrik", "Sindre", "Håkon", "Øyvind", "Eirik", "Sander", "Tobias",
)
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen",
    "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
    "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berge",
    "Moe", "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge", "Øvrebø",
)
STREETS = (
    "Storgata", "Kirkegata", "Skoleveien", "Fjordgata", "Bjørkeveien", "Sjøgata", "Elvegata",
    "Solbakken", "Granåsen", "Torget", "Havnegata", "Parkveien", "Bakkeveien", "Nordre gate",
    "Fjellveien", "Strandveien", "Stasjonsveien", "Lyngveien", "Furuveien", "Kongens gate",
)
PLACES = (
    ("0150", "Oslo"), ("0562", "Oslo"), ("0661", "Oslo"), ("1337", "Sandvika"),
    ("2317", "Hamar"), ("3015", "Drammen"), ("4006", "Stavanger"), ("4610", "Kristiansand"),
    ("5003", "Bergen"), ("5055", "Bergen"), ("6002", "Ålesund"), ("7010", "Trondheim"),
    ("7042", "Trondheim"), ("8006", "Bodø"), ("8300", "Svolvær"), ("9008", "Tromsø"),
    ("9019", "Tromsø"), ("9405", "Harstad"), ("9510", "Alta"), ("9600", "Hammerfest"),
)
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
)
_IPV4_NETS = ("192.0.2", "198.51.100", "203.0.113")
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": ""})


def ascii_slug(text: str) -> str:
    lowered = text.lower().translate(_ASCII)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch in ".-"))


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    email: str
    phone: str
    street: str
    postal_code: str
    city: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class PersonFactory:
    """Makes fictional people with unique emails from one random generator."""

    rng: random.Random
    _emails: set[str] = field(default_factory=set)

    def person(self, first_name: str | None = None, last_name: str | None = None,
               email: str | None = None) -> Person:
        first = first_name or self.rng.choice(FIRST_NAMES)
        last = last_name or self.rng.choice(LAST_NAMES)
        if email is not None:
            self.reserve(email)
        address = self.address()
        return Person(
            first_name=first,
            last_name=last,
            email=email or self._unique_email(first, last),
            phone=self.phone(),
            street=address[0],
            postal_code=address[1],
            city=address[2],
        )

    def _unique_email(self, first: str, last: str) -> str:
        stem = f"{ascii_slug(first)}.{ascii_slug(last)}"
        candidate, n = f"{stem}@example.com", 1
        while candidate in self._emails:
            n += 1
            candidate = f"{stem}{n}@example.com"
        self._emails.add(candidate)
        return candidate

    def reserve(self, email: str) -> None:
        self._emails.add(email)

    def phone(self) -> str:
        digits = [self.rng.randrange(10) for _ in range(7)]
        return "+47 4{}{} {}{} {}{}{}".format(*digits)

    def address(self) -> tuple[str, str, str]:
        postal_code, city = self.rng.choice(PLACES)
        return f"{self.rng.choice(STREETS)} {self.rng.randrange(1, 120)}", postal_code, city

    def ip_address(self) -> str:
        if self.rng.random() < 0.2:
            return "2001:db8:{:x}:{:x}::{:x}".format(
                self.rng.randrange(0x10, 0xFFFF), self.rng.randrange(0xFFFF),
                self.rng.randrange(1, 0xFFFF),
            )
        return f"{self.rng.choice(_IPV4_NETS)}.{self.rng.randrange(1, 255)}"
