"""The cookie declaration: every declared cookie with its provider, purpose, category and
duration, as a table (for the notice and the embeddable snippet) and as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from personvern.declaration.model import Declaration, text
from personvern.notice.periods import cookie_duration, period_words

CATEGORY_ORDER = ("necessary", "preferences", "statistics", "marketing")

_CATEGORIES = {
    "en": {
        "necessary": ("Strictly necessary", "Needed for the website to work. They cannot be switched off."),
        "preferences": ("Preferences", "Remember your choices, such as language."),
        "statistics": ("Statistics", "Help us understand how the website is used."),
        "marketing": ("Marketing", "Used to show you relevant advertising and measure it."),
    },
    "nb": {
        "necessary": ("Nødvendige", "Nødvendige for at nettstedet skal fungere. De kan ikke slås av."),
        "preferences": ("Preferanser", "Husker valgene dine, for eksempel språk."),
        "statistics": ("Statistikk", "Hjelper oss å forstå hvordan nettstedet brukes."),
        "marketing": ("Markedsføring", "Brukes til å vise deg relevant reklame og måle effekten av den."),
    },
}


@dataclass(frozen=True)
class CookieRow:
    name: str
    provider: str
    purpose: str
    category: str
    category_name: str
    duration: str
    duration_text: str
    service: str
    first_party: bool


@dataclass(frozen=True)
class CategoryView:
    key: str
    name: str
    description: str


@dataclass(frozen=True)
class CookieTable:
    lang: str
    controller: str
    validity: str
    categories: list[CategoryView]
    rows: list[CookieRow]

    def as_json(self, version: int | None = None) -> dict[str, object]:
        return {
            "controller": self.controller,
            "lang": self.lang,
            "version": version,
            "consent_validity": self.validity,
            "categories": [asdict(c) for c in self.categories],
            "cookies": [asdict(r) for r in self.rows],
        }


def category_name(declaration: Declaration, key: str, lang: str) -> tuple[str, str]:
    default_name, default_description = _CATEGORIES[lang][key]
    custom = declaration.cookies.categories.get(key)  # type: ignore[call-overload]
    if custom is None:
        return default_name, default_description
    return (text(custom.name, lang) or default_name, text(custom.description, lang) or default_description)


def cookie_table(declaration: Declaration, lang: str) -> CookieTable:
    processors = {p.key: p.name for p in declaration.processors}
    used = {s.category for s in declaration.cookies.services}
    categories = [CategoryView(k, *category_name(declaration, k, lang)) for k in CATEGORY_ORDER if k in used]
    rows = []
    services = sorted(declaration.cookies.services, key=lambda s: CATEGORY_ORDER.index(s.category))
    for service in services:
        provider = processors.get(service.provider, service.provider)
        for cookie in service.cookies:
            rows.append(CookieRow(
                name=cookie.name,
                provider=provider,
                purpose=text(cookie.purpose, lang),
                category=service.category,
                category_name=category_name(declaration, service.category, lang)[0],
                duration=cookie.duration,
                duration_text=cookie_duration(cookie.duration, lang),
                service=service.name,
                first_party=cookie.first_party,
            ))
    return CookieTable(
        lang=lang, controller=declaration.controller.name,
        validity=period_words(declaration.cookies.validity, lang), categories=categories, rows=rows,
    )
