"""Evidence from a column's name, type and comment.

Names are split into lower-case words (``deliveryStreet`` and ``delivery_street`` both give
``delivery street``); each kind has a pattern over those words and a weight. A type that cannot
hold the kind (an ``email_verified`` boolean, an ``email_sent_at`` timestamp) cancels the name's
evidence. Comments are searched for the same words in prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# kind -> (pattern over the words of the name joined by single spaces, weight)
_NAME_RULES: tuple[tuple[str, str, float], ...] = (
    ("email", r"(^| )(e ?mail|epost|e post|mail)( address| adresse| addr)?$", 0.6),
    ("phone", r"(^| )(phone|tlf|telefon|telefonnummer|mobil|mobile|mobilnummer|cell|"
              r"telephone|msisdn)( number| nr| no)?$", 0.6),
    ("fodselsnummer", r"(^| )(f[oø]dselsnummer|f[oø]dselsnr|fnr|personnummer|personnr|ssn|"
                      r"national id|nin|d nummer|dnr|national identification number)$", 0.7),
    ("orgnr", r"(^| )(orgnr|org nr|organisasjonsnummer|organisation number|"
              r"organization number|org number|company number)$", 0.6),
    ("kontonr", r"(^| )(kontonummer|kontonr|konto|bank account|account number|bankkonto)$", 0.6),
    ("iban", r"(^| )iban$", 0.7),
    ("card", r"(^| )(card number|ccn|credit card|kortnummer|pan|card no|cc number)$", 0.6),
    ("ip", r"(^| )(ip|ip address|ip addr|remote addr|client ip|ipaddress|ip adresse)$", 0.6),
    ("street", r"(^| )(street|gate|gateadresse|address|adresse|address line ?\d?|addr|"
               r"street address)$", 0.55),
    ("house_number", r"(^| )(house|house number|house no|husnummer|husnr)$", 0.5),
    ("state", r"(^| )(state|region|county|fylke|province)$", 0.35),
    ("postal_code", r"(^| )(postal code|postcode|zip|zip code|zipcode|postnr|postnummer)$", 0.6),
    ("city", r"(^| )(city|poststed|town)$", 0.5),
    ("country", r"(^| )(country|land)$", 0.3),
    ("date_of_birth", r"(^| )(date of birth|dob|birth date|birthdate|birthday|f[oø]dselsdato|"
                      r"born|f[oø]dt)$", 0.7),
    ("first_name", r"(^| )(first name|firstname|fornavn|given name|forename)$", 0.7),
    ("last_name", r"(^| )(last name|lastname|etternavn|surname|family name)$", 0.7),
    ("name", r"^((customer|delivery|contact|full|user|person|employee|billing|shipping|"
             r"recipient|owner|member|patient|applicant|kunde|card ?holder|holder) )?(name|navn)$",
     0.5),
    ("gps", r"(^| )(lat|latitude|lon|lng|long|longitude|breddegrad|lengdegrad|coordinates?|"
            r"geo|gps|geolocation)$", 0.5),
    ("username", r"(^| )(username|user name|brukernavn|login|screen name|handle)$", 0.5),
    ("password", r"(^| )(password|passord|pwd|passwd|password hash|pass hash)$", 0.7),
    ("gender", r"(^| )(gender|kj[oø]nn|sex)$", 0.6),
    ("health", r"(^| )(health|helse|diagnos[ie]s?|diagnose|allerg(y|ies|ier)|diet|dietary|"
               r"food preferences?|medical|medisin|medication|sykdom|illness|disability|"
               r"handicap|pregnan\w*)( \w+)?$", 0.6),
    ("religion", r"(^| )(religion|religious|faith|trossamfunn|livssyn)$", 0.6),
    ("ethnicity", r"(^| )(ethnic|ethnicity|race|etnisitet)$", 0.6),
    ("political", r"(^| )(political|political party|parti|politisk)$", 0.5),
    ("sexual_orientation", r"(^| )(sexual orientation|orientation|legning)$", 0.5),
    ("biometric", r"(^| )(fingerprint|biometric|face template|retina)$", 0.6),
    ("genetic", r"(^| )(genetic|dna|genome)$", 0.6),
    ("criminal", r"(^| )(criminal record|conviction|straffeattest|offen[cs]e)$", 0.6),
    ("payment_ref", r"(^| )(kid|kid number|kid nr|kidnummer|payment reference|"
                    r"betalingsreferanse)$", 0.55),
    ("person_ref", r"^(customer|user|person|member|kunde|employee|patient|subscriber|applicant|"
                   r"client|contact|account holder) id$", 0.5),
)
_COMPILED = tuple((kind, re.compile(pattern), weight) for kind, pattern, weight in _NAME_RULES)

_COMMENT_RULES: tuple[tuple[str, str], ...] = (
    ("health", r"allerg|diet|health|helse|diagnos|medical|art\.? ?9|special categor|særlig"),
    ("fodselsnummer", r"f[oø]dselsnummer|national id|d-nummer|personnummer"),
    ("email", r"e-?mail|e-post"),
    ("phone", r"phone|telefon|mobil"),
    ("card", r"card number|kortnummer"),
    ("kontonr", r"kontonummer|bank account"),
    ("date_of_birth", r"birth|f[oø]dselsdato"),
    ("ip", r"\bip[ -]address|ip-adresse"),
    ("criminal", r"criminal|straff"),
)
_COMMENT_COMPILED = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _COMMENT_RULES)
_NEGATING = re.compile(r"\b(never|not|no|ikke|aldri|only the last)\b", re.IGNORECASE)

# Which coarse column kinds (connectors.types.kind_of) can hold each kind of data.
_TEXT = {"string", "other", "json"}
_TYPES: dict[str, set[str]] = {
    "fodselsnummer": _TEXT | {"integer", "decimal"},
    "orgnr": _TEXT | {"integer", "decimal"},
    "kontonr": _TEXT | {"integer", "decimal"},
    "card": _TEXT | {"integer", "decimal"},
    "phone": _TEXT | {"integer", "decimal"},
    "postal_code": _TEXT | {"integer"},
    "house_number": _TEXT | {"integer"},
    "ip": _TEXT | {"ip"},
    "date_of_birth": _TEXT | {"date", "datetime"},
    "gps": _TEXT | {"float", "decimal", "array"},
    "person_ref": _TEXT | {"integer", "uuid", "decimal"},
    "payment_ref": _TEXT | {"integer", "decimal"},
    "health": _TEXT | {"boolean", "enum", "array"},
    "gender": _TEXT | {"enum", "integer"},
    "religion": _TEXT | {"enum"},
    "ethnicity": _TEXT | {"enum"},
    "political": _TEXT | {"enum"},
    "sexual_orientation": _TEXT | {"enum"},
    "password": _TEXT | {"bytes"},
    "biometric": _TEXT | {"bytes"},
    "genetic": _TEXT | {"bytes"},
}


@dataclass(frozen=True)
class Clue:
    kind: str
    weight: float
    source: str  # "name", "comment", "type"


def words(name: str) -> str:
    spaced = re.sub(r"([a-zæøå0-9])([A-ZÆØÅ])", r"\1 \2", name)
    return " ".join(w for w in re.split(r"[^0-9A-Za-zÆØÅæøå]+", spaced.lower()) if w)


def type_allows(kind: str, column_kind: str) -> bool:
    return column_kind in _TYPES.get(kind, _TEXT)


def name_clues(name: str, column_kind: str) -> list[Clue]:
    text = words(name)
    found = [Clue(kind, weight, "name") for kind, pattern, weight in _COMPILED
             if pattern.search(text) and type_allows(kind, column_kind)]
    if column_kind == "ip" and not any(c.kind == "ip" for c in found):
        found.append(Clue("ip", 0.6, "type"))
    return found


def comment_clues(comment: str | None, column_kind: str) -> list[Clue]:
    if not comment or _NEGATING.search(comment):
        return []
    return [Clue(kind, 0.4, "comment") for kind, pattern in _COMMENT_COMPILED
            if pattern.search(comment) and type_allows(kind, column_kind)]
