"""Plain-English wording for pydantic's error types: what is wrong, and how to fix it."""

from __future__ import annotations

import re

from pydantic import StringConstraints
from pydantic_core import ErrorDetails

from personvern.declaration import model
from personvern.declaration.model import LocalText
from personvern.declaration.paths import did_you_mean


def _pattern_of(metadata: object) -> str:
    """The regex of a constrained string type of the model (so messages follow the model)."""
    return next(m.pattern for m in metadata if isinstance(m, StringConstraints) and m.pattern)


KEY_PATTERN = _pattern_of(model.Key.__metadata__)
TAXONOMY_PATTERN = _pattern_of(model.TaxonomyKey.__metadata__)
PERIOD_PATTERN = _pattern_of(model.Period.__metadata__)
COUNTRY_PATTERN = _pattern_of(model.CountryCode.__metadata__)
ENV_PATTERN = _pattern_of(model.DatasetRef.model_fields["connection_env"].metadata)
MONTH_DAY_PATTERN = _pattern_of(model.Controller.model_fields["fiscal_year_start"].metadata)


def _slug(value: str) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "_", value.strip().lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = "x_" + slug
    return slug


PATTERN_MESSAGES = {
    PERIOD_PATTERN: ("period", lambda v: "write an ISO-8601 period such as P30D, P6M or P5Y"),
    COUNTRY_PATTERN: (
        "country code",
        lambda v: "write the two-letter ISO 3166 code in capitals, e.g. NO, SE or DE",
    ),
    ENV_PATTERN: (
        "environment variable name",
        lambda v: (
            "name the variable that holds the database URL, in capitals (e.g. SHOP_DATABASE_URL), "
            "never the URL itself"
        ),
    ),
    MONTH_DAY_PATTERN: (
        "month and day",
        lambda v: 'write MM-DD in quotes, e.g. "01-01" or "07-01"',
    ),
    KEY_PATTERN: (
        "key",
        lambda v: (
            f"use lowercase letters, digits and _, starting with a letter (e.g. '{_slug(v)}')"
        ),
    ),
    TAXONOMY_PATTERN: (
        "taxonomy key",
        lambda v: "write a dotted lowercase fideslang key such as user.contact.email",
    ),
}


def _kind(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def _choices(error: ErrorDetails) -> list[str]:
    expected = str((error.get("ctx") or {}).get("expected", ""))
    quoted = re.findall(r"'([^']*)'", expected)
    return quoted or [part.strip() for part in re.split(r",| or ", expected) if part.strip()]


def unknown_key_message(key: str, allowed: list[str], label: str, where: str, model: object) -> str:
    if model is LocalText:
        return (
            f"unknown language '{key}' in {label}; texts can be given in en and nb "
            "(or as one plain text for every language)"
        )
    message = f"unknown key '{key}' {where}"
    suggestion = did_you_mean(key, allowed)
    if suggestion:
        return f"{message}; did you mean '{suggestion}'?"
    if allowed and len(allowed) <= 12:
        return f"{message}; remove it or use one of: {', '.join(allowed)}"
    return f"{message}; remove it (docs/declaration.md lists the keys allowed here)"


def _literal(error: ErrorDetails, label: str, shown: str, value: object, key: bool) -> str:
    choices = _choices(error)
    message = f"invalid value '{shown}' for {label}"
    if key:
        message = f"unknown key '{shown}' in {label}"
    if label == "'personvern'":
        return (
            f"unsupported format version '{shown}'; "
            "this version of personvern reads 'personvern: 1'"
        )
    suggestion = did_you_mean(str(value), choices)
    if suggestion:
        return f"{message}; did you mean '{suggestion}'? (allowed: {', '.join(choices)})"
    return f"{message}; use one of: {', '.join(choices)}"


def _pattern(error: ErrorDetails, label: str, shown: str) -> str:
    pattern = str((error.get("ctx") or {}).get("pattern", ""))
    thing, fix = PATTERN_MESSAGES.get(pattern, ("value", lambda v: f"it must match {pattern}"))
    return f"invalid {thing} '{shown}' for {label}; {fix(shown)}"


def type_error_message(
    error: ErrorDetails,
    label: str,
    shown: str,
    value: object,
    *,
    key: bool = False,
    fix: str | None = None,
) -> str:
    """The message for one pydantic error about the value ``shown`` (as written) at ``label``."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if fix is not None:
        return f"invalid value '{shown}' for {label}; {fix}"
    if value is None and kind == "literal_error":
        return f"{label} is empty; use one of: {', '.join(_choices(error))}"
    if value is None:
        return f"{label} is empty; give it a value or remove the key"
    if kind == "literal_error" and isinstance(value, (list, dict)):
        return f"{label} must be one of: {', '.join(_choices(error))}; not {_kind(value)}"
    if kind == "literal_error":
        return _literal(error, label, shown, value, key)
    if kind == "string_pattern_mismatch":
        return _pattern(error, label, shown)
    if kind == "string_type":
        if isinstance(value, (bool, int, float)):
            quoted, read_as = f'"{shown}"', _kind(value)
            fix = f"put it in quotes: {quoted}"
            return f"{label} must be text, but {shown} is read as {read_as}; {fix}"
        return f"{label} must be text, not {_kind(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{label} must be a whole number, not {_kind(value)} ('{shown}')"
    if kind in ("bool_type", "bool_parsing"):
        return f"{label} must be true or false, not '{shown}'"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }
        limit = next(iter(ctx.values()), "")
        return f"{label} must be {bounds[kind]} {limit}, not {shown}"
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"{label} must be a list (one '- item' per line, or [a, b]), not {_kind(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{label} must be a mapping of keys and values, not {_kind(value)}"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"{label} needs at least {count} entr{'y' if count == 1 else 'ies'}; add one"
    if kind == "too_long":
        return f"{label} has too many entries; at most {ctx.get('max_length')} are allowed"
    if kind == "string_too_long":
        return f"{label} is longer than {ctx.get('max_length')} characters; shorten it"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"invalid date '{shown}' for {label}; write it as YYYY-MM-DD, e.g. 2024-05-31"
    if kind == "value_error":
        reason = str(ctx.get("error", error["msg"]))
        return f"invalid value '{shown}' for {label}: {reason}"
    text = error["msg"]
    return f"{label}: {text[:1].lower()}{text[1:]}"
