"""The banner's built-in wording in English and Norwegian (bokmål).

The declaration names the services, cookies and purposes, and may override a category's
name and description (``cookies.categories``); everything else the visitor reads is here.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "nb")

UI: dict[str, dict[str, str]] = {
    "en": {
        "title": "{controller} uses cookies",
        "body": "We use strictly necessary cookies to make this site work. With your consent we "
        "also use the cookies described under Settings. Refusing is as easy as accepting, and you "
        "can change or withdraw your choice at any time with the cookie button.",
        "accept": "Accept all",
        "reject": "Reject all",
        "settings": "Settings",
        "save": "Save choices",
        "withdraw": "Withdraw consent",
        "close": "Close",
        "always": "Always on",
        "notice": "Privacy notice",
        "open": "Cookie settings",
        "services": "Services",
        "cookie": "Cookie",
        "duration": "Duration",
        "purpose": "Purpose",
        "provider": "Provider",
        "gpc": "Your browser sends a Global Privacy Control signal: marketing stays off unless "
        "you switch it on here.",
    },
    "nb": {
        "title": "{controller} bruker informasjonskapsler",
        "body": "Vi bruker strengt nødvendige informasjonskapsler for at nettstedet skal virke. "
        "Med ditt samtykke bruker vi også informasjonskapslene som er beskrevet under "
        "Innstillinger. Det er like enkelt å avslå som å godta, og du kan endre eller trekke "
        "tilbake valget ditt når som helst med knappen for informasjonskapsler.",
        "accept": "Godta alle",
        "reject": "Avslå alle",
        "settings": "Innstillinger",
        "save": "Lagre valg",
        "withdraw": "Trekk tilbake samtykke",
        "close": "Lukk",
        "always": "Alltid på",
        "notice": "Personvernerklæring",
        "open": "Innstillinger for informasjonskapsler",
        "services": "Tjenester",
        "cookie": "Informasjonskapsel",
        "duration": "Varighet",
        "purpose": "Formål",
        "provider": "Leverandør",
        "gpc": "Nettleseren din sender et Global Privacy Control-signal: markedsføring er av "
        "med mindre du slår det på her.",
    },
}

CATEGORIES: dict[str, dict[str, tuple[str, str]]] = {
    "necessary": {
        "en": ("Strictly necessary", ("Needed for the site to work, for example to remember your "
               "cookie choice. Always on.")),
        "nb": ("Strengt nødvendige", ("Trengs for at nettstedet skal virke, for eksempel for å huske "
               "valget ditt om informasjonskapsler. Alltid på.")),
    },
    "preferences": {
        "en": ("Preferences", "Remember your settings, such as language or region."),
        "nb": ("Preferanser", "Husker innstillingene dine, som språk eller region."),
    },
    "statistics": {
        "en": ("Statistics", "Help us understand how the site is used, so that we can improve it."),
        "nb": ("Statistikk", ("Hjelper oss å forstå hvordan nettstedet brukes, slik at vi kan "
               "forbedre det.")),
    },
    "marketing": {
        "en": ("Marketing", ("Used to show you relevant advertising and to measure it, also on "
               "other sites.")),
        "nb": ("Markedsføring", ("Brukes til å vise deg relevant reklame og måle den, også på andre "
               "nettsteder.")),
    },
}

CONSENT_COOKIE_PURPOSE = {
    "en": "Remembers your cookie choice and proves it (signed by the server).",
    "nb": "Husker valget ditt om informasjonskapsler og beviser det (signert av serveren).",
}
CONSENT_SERVICE_NAME = {"en": "Consent choice", "nb": "Samtykkevalg"}

_UNITS = {
    "en": {"Y": ("year", "years"), "M": ("month", "months"), "W": ("week", "weeks"),
           "D": ("day", "days")},
    "nb": {"Y": ("år", "år"), "M": ("måned", "måneder"), "W": ("uke", "uker"),
           "D": ("dag", "dager")},
}
_SESSION = {"en": "session", "nb": "økt"}
_PERIOD = re.compile(r"(\d+)([YMWD])")


def duration(value: str, lang: str) -> str:
    """``P13M`` -> "13 months" / "13 måneder"; ``session`` -> "session" / "økt"."""
    if value == "session":
        return _SESSION[lang]
    parts = []
    for number, unit in _PERIOD.findall(value):
        singular, plural = _UNITS[lang][unit]
        parts.append(f"{int(number)} {singular if int(number) == 1 else plural}")
    return ", ".join(parts) or value
