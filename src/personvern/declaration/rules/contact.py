"""Who is who: organisation number, email addresses, web addresses, the fiscal year.

These rules read the raw values, so they also run when the controller section has other
problems.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from datetime import date
from urllib.parse import urlsplit

from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from personvern.declaration.paths import PathKey, get
from personvern.declaration.problems import Problem
from personvern.declaration.rules.context import RuleContext

# stdnum modules that validate a company's registration (or VAT) number, by country. A number
# is accepted when one of them accepts it; countries not listed are not checked.
COMPANY_NUMBER_MODULES = {
    "NO": ("no.orgnr",),
    "SE": ("se.orgnr", "se.vat"),
    "DK": ("dk.cvr",),
    "FI": ("fi.ytunnus", "fi.alv"),
    "IS": ("is_.kennitala", "is_.vsk"),
    "EE": ("ee.registrikood", "ee.kmkr"),
    "FR": ("fr.siren", "fr.siret", "fr.tva"),
    "DE": ("de.handelsregisternummer", "de.vat"),
    "AT": ("at.businessid", "at.uid"),
    "BE": ("be.vat",),
    "PL": ("pl.regon", "pl.nip"),
    "CH": ("ch.uid", "ch.vat"),
    "ES": ("es.cif", "es.nif"),
    "IT": ("it.iva",),
    "IE": ("ie.vat",),
}

_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
EMAIL = re.compile(
    r"^[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
    rf"@(?:{_LABEL}\.)+[^\W\d_]{{2,63}}$"
)


def valid_email(value: str) -> bool:
    """A plain address (local@domain.tld), without a display name, comments or quotes."""
    return len(value) <= 254 and EMAIL.match(value) is not None


def _reason(exc: ValidationError) -> str:
    if isinstance(exc, InvalidChecksum):
        return "the check digit does not match"
    if isinstance(exc, InvalidLength):
        return "it has the wrong number of digits"
    if isinstance(exc, (InvalidFormat, InvalidComponent)):
        return "it has characters or parts that do not belong in it"
    return str(exc)


def organisation_number(ctx: RuleContext) -> Iterator[Problem]:
    number, country = (
        get(ctx.data, ("controller", "organisation_number")),
        get(ctx.data, ("controller", "country")),
    )
    if (
        not isinstance(number, str)
        or not isinstance(country, str)
        or country not in COMPANY_NUMBER_MODULES
    ):
        return
    errors = []
    for name in COMPANY_NUMBER_MODULES[country]:
        module = importlib.import_module(f"stdnum.{name}")
        try:
            module.validate(number)
            return
        except ValidationError as exc:
            errors.append(exc)
    path = ("controller", "organisation_number")
    if country == "NO":
        yield ctx.problem(
            path,
            (
                f"invalid Norwegian organisation number '{number}': {_reason(errors[0])}; copy the "
                "9 digits "
                "from Brønnøysundregistrene (https://www.brreg.no)"
            ),
        )
    else:
        yield ctx.problem(
            path,
            (
                f"invalid organisation number '{number}' for {country}: {_reason(errors[0])}; copy "
                "it from the "
                "business register (or give the VAT number)"
            ),
        )


EMAIL_PATHS: tuple[PathKey, ...] = (
    ("controller", "email"),
    ("controller", "dpo", "email"),
    ("controller", "representative", "email"),
    ("controller", "supervisory_authority", "email"),
)
URL_PATHS: tuple[PathKey, ...] = (
    ("controller", "website"),
    ("controller", "privacy_center_url"),
    ("controller", "supervisory_authority", "website"),
)


def _list_paths(ctx: RuleContext, section: tuple[str, ...], field: str) -> Iterator[PathKey]:
    entries = get(ctx.data, section)
    for index in range(len(entries) if isinstance(entries, list) else 0):
        yield (*section, index, field)


def emails(ctx: RuleContext) -> Iterator[Problem]:
    paths = [*EMAIL_PATHS, *_list_paths(ctx, ("clients",), "email")]
    contacts = [
        p for p in _list_paths(ctx, ("processors",), "contact") if "@" in str(get(ctx.data, p))
    ]
    for path in [*paths, *contacts]:
        value = get(ctx.data, path)
        if isinstance(value, str) and value.startswith("mailto:"):
            value = value[len("mailto:") :]
        if (
            isinstance(value, str)
            and not valid_email(value)
            and not value.startswith(("http://", "https://"))
        ):
            yield ctx.problem(
                path,
                (
                    f"invalid email address '{value}' for {ctx.name(path)}; write one plain "
                    "address such as "
                    "privacy@example.com (no name, spaces or brackets)"
                ),
            )


def valid_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value


def urls(ctx: RuleContext) -> Iterator[Problem]:
    for path in [*URL_PATHS, *_list_paths(ctx, ("clients",), "website")]:
        value = get(ctx.data, path)
        if isinstance(value, str) and not valid_url(value):
            example = value if "://" not in value else value.split("://", 1)[1]
            yield ctx.problem(
                path,
                (
                    f"invalid web address '{value}' for {ctx.name(path)}; write the full address "
                    "with "
                    f"https://, e.g. https://{example.strip('/') or 'www.example.com'}"
                ),
            )


def fiscal_year_start(ctx: RuleContext) -> Iterator[Problem]:
    path = ("controller", "fiscal_year_start")
    value = get(ctx.data, path)
    if not isinstance(value, str) or not re.fullmatch(r"\d\d-\d\d", value):
        return
    month, day = int(value[:2]), int(value[3:])
    try:
        date(2001, month, day)  # not a leap year: a fiscal year cannot start on 29 February
    except ValueError:
        yield ctx.problem(
            path,
            (
                f"fiscal_year_start '{value}' is not a day of the year; write month-day as MM-DD, "
                'e.g. "01-01" '
                'or "07-01"'
            ),
        )


RULES = (organisation_number, emails, urls, fiscal_year_start)
