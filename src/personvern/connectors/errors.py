"""Database errors in words fit for the user: what failed, where, and why; no stack trace, no
password, and no row values (a database error can quote the value it refused)."""

from __future__ import annotations

import re

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError, StatementError

_QUOTED = re.compile(r"'[^']*'")
_NAMED = re.compile(r"\b(column|key|table|constraint|index|database|schema|type|role|user|relation)\s+$",
                    re.IGNORECASE)


def where(engine: Engine) -> str:
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database or ':memory:'}"
    host = url.host or "localhost"
    port = f":{url.port}" if url.port else ""
    return f"{url.get_backend_name()} database '{url.database}' on {host}{port}"


def _redact(text: str) -> str:
    """Quoted literals become '…', except names (column 'x', key 'y')."""

    def replace(match: re.Match[str]) -> str:
        before = text[max(0, match.start() - 12):match.start()]
        return match.group(0) if _NAMED.search(before) else "'…'"

    return _QUOTED.sub(replace, text)


def _first_line(exc: BaseException) -> str:
    origin = getattr(exc, "orig", None) or exc
    args = getattr(origin, "args", ())
    if len(args) >= 2 and isinstance(args[0], int):  # PyMySQL: (code, message)
        text = f"{args[1]} (error {args[0]})"
    else:
        text = str(origin)
    line = next((part.strip() for part in text.splitlines() if part.strip()), type(origin).__name__)
    return line[:300]


def _constraint(exc: BaseException) -> str | None:
    origin = getattr(exc, "orig", None)
    diag = getattr(origin, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name:
        return name
    match = re.search(r"for key '([^']+)'|constraint (?:failed: )?([\w.\"]+)", str(origin or ""))
    if match:
        return match.group(1) or match.group(2)
    return None


def describe_error(exc: BaseException, action: str, engine: Engine) -> str:
    place = where(engine)
    if isinstance(exc, (OperationalError, InterfaceError)) and (
        getattr(exc, "connection_invalidated", False) or "connect" in str(exc).lower()
        or action == "connecting"
    ):
        return f"cannot connect to the {place}: {_redact(_first_line(exc))}"
    if isinstance(exc, IntegrityError):
        name = _constraint(exc)
        named = f" ({name})" if name else ""
        return f"{action} in the {place} was refused by a constraint{named}"
    if isinstance(exc, DBAPIError):
        return f"{action} in the {place} failed: {_redact(_first_line(exc))}"
    if isinstance(exc, StatementError) and exc.orig is not None:  # e.g. a value it cannot bind
        return f"{action} in the {place} failed: {type(exc.orig).__name__}: {_redact(_first_line(exc))}"
    return f"{action} in the {place} failed: {type(exc).__name__}"
