"""The kinds of personal data discovery recognises, and the fideslang data category of each.

A *kind* is what a detector finds (``email``, ``fodselsnummer``); its category is the fideslang
data category a dataset would give a column holding it. Categories are checked against
fideslang's default taxonomy when the module is imported by the tests (``test_kinds``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    category: str
    label: str
    special: bool = False  # GDPR Art. 9 (or Art. 10) data


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("email", "user.contact.email", "email address"),
    Kind("phone", "user.contact.phone_number", "phone number"),
    Kind("fodselsnummer", "user.government_id.national_identification_number",
         "fødselsnummer / D-number / H-number"),
    Kind("orgnr", "user.contact.organization", "organisation number"),
    Kind("kontonr", "user.financial.bank_account", "Norwegian bank account number (kontonummer)"),
    Kind("iban", "user.financial.bank_account", "IBAN"),
    Kind("card", "user.financial.credit_card", "payment card number"),
    Kind("ip", "user.device.ip_address", "IP address"),
    Kind("street", "user.contact.address.street", "street address"),
    Kind("house_number", "user.contact.address.street", "house number"),
    Kind("postal_code", "user.contact.address.postal_code", "postal code"),
    Kind("city", "user.contact.address.city", "city"),
    Kind("state", "user.contact.address.state", "state or region"),
    Kind("country", "user.contact.address.country", "country"),
    Kind("date_of_birth", "user.demographic.date_of_birth", "date of birth"),
    Kind("first_name", "user.name.first", "first name"),
    Kind("last_name", "user.name.last", "last name"),
    Kind("name", "user.name", "person name"),
    Kind("gps", "user.location.precise", "GPS coordinates"),
    Kind("payment_ref", "user.financial", "payment reference (KID)"),
    Kind("person_ref", "user.unique_id", "key of a person's row"),
    Kind("username", "user.account.username", "user name"),
    Kind("password", "user.authorization.password", "password or password hash"),
    Kind("gender", "user.demographic.gender", "gender"),
    Kind("health", "user.health_and_medical", "health data", special=True),
    Kind("religion", "user.demographic.religious_belief", "religious belief", special=True),
    Kind("ethnicity", "user.demographic.race_ethnicity", "racial or ethnic origin", special=True),
    Kind("political", "user.demographic.political_opinion", "political opinion", special=True),
    Kind("sexual_orientation", "user.demographic.sexual_orientation", "sexual orientation",
         special=True),
    Kind("biometric", "user.biometric", "biometric data", special=True),
    Kind("genetic", "user.health_and_medical.genetic", "genetic data", special=True),
    Kind("criminal", "user.criminal_history", "criminal convictions and offences", special=True),
)}

# Kinds a detector can validate in values (the others come from names, types and comments).
VALUE_KINDS = ("email", "phone", "fodselsnummer", "orgnr", "kontonr", "iban", "card", "ip",
               "street", "postal_code", "date_of_birth", "first_name", "name", "gps", "payment_ref")

# fideslang categories (and their children) that GDPR Art. 9 / Art. 10 protect.
SPECIAL_ROOTS = (
    "user.health_and_medical", "user.biometric", "user.demographic.race_ethnicity",
    "user.demographic.religious_belief", "user.demographic.political_opinion",
    "user.demographic.sexual_orientation", "user.criminal_history",
    "user.authorization.biometric",
)


def is_special(category: str, extra: tuple[str, ...] = ()) -> bool:
    return any(category == root or category.startswith(root + ".") for root in SPECIAL_ROOTS + extra)


def covers(declared: str, found: str) -> bool:
    """``declared`` names ``found`` or one of its parents or children (``user.name`` covers
    ``user.name.first``, ``user.contact.email`` covers ``user.contact.email``)."""
    return (declared == found or found.startswith(declared + ".")
            or declared.startswith(found + "."))
