"""Countries in a notice: readable names per language, and whether a country is in the EEA."""

from __future__ import annotations

# EU member states plus Iceland, Liechtenstein and Norway (EEA Agreement).
EEA = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
})

# code: (English, Norwegian bokmål)
NAMES: dict[str, tuple[str, str]] = {
    "AT": ("Austria", "Østerrike"), "BE": ("Belgium", "Belgia"), "BG": ("Bulgaria", "Bulgaria"),
    "HR": ("Croatia", "Kroatia"), "CY": ("Cyprus", "Kypros"), "CZ": ("Czechia", "Tsjekkia"),
    "DK": ("Denmark", "Danmark"), "EE": ("Estonia", "Estland"), "FI": ("Finland", "Finland"),
    "FR": ("France", "Frankrike"), "DE": ("Germany", "Tyskland"), "GR": ("Greece", "Hellas"),
    "HU": ("Hungary", "Ungarn"), "IE": ("Ireland", "Irland"), "IT": ("Italy", "Italia"),
    "LV": ("Latvia", "Latvia"), "LT": ("Lithuania", "Litauen"), "LU": ("Luxembourg", "Luxembourg"),
    "MT": ("Malta", "Malta"), "NL": ("the Netherlands", "Nederland"), "PL": ("Poland", "Polen"),
    "PT": ("Portugal", "Portugal"), "RO": ("Romania", "Romania"), "SK": ("Slovakia", "Slovakia"),
    "SI": ("Slovenia", "Slovenia"), "ES": ("Spain", "Spania"), "SE": ("Sweden", "Sverige"),
    "IS": ("Iceland", "Island"), "LI": ("Liechtenstein", "Liechtenstein"), "NO": ("Norway", "Norge"),
    "US": ("the United States", "USA"), "GB": ("the United Kingdom", "Storbritannia"),
    "CH": ("Switzerland", "Sveits"), "CA": ("Canada", "Canada"), "AU": ("Australia", "Australia"),
    "NZ": ("New Zealand", "New Zealand"), "JP": ("Japan", "Japan"), "KR": ("South Korea", "Sør-Korea"),
    "IN": ("India", "India"), "IL": ("Israel", "Israel"), "UY": ("Uruguay", "Uruguay"),
    "AR": ("Argentina", "Argentina"), "BR": ("Brazil", "Brasil"), "SG": ("Singapore", "Singapore"),
    "CN": ("China", "Kina"), "UA": ("Ukraine", "Ukraina"), "PH": ("the Philippines", "Filippinene"),
    "ZA": ("South Africa", "Sør-Afrika"), "MX": ("Mexico", "Mexico"), "RS": ("Serbia", "Serbia"),
}


def in_eea(code: str) -> bool:
    return code.upper() in EEA


def country_name(code: str, lang: str) -> str:
    names = NAMES.get(code.upper())
    if names is None:
        return code.upper()
    return names[0] if lang == "en" else names[1]


def sentence_start(name: str) -> str:
    """'the United States' at the start of a sentence or table cell."""
    return name[:1].upper() + name[1:]
