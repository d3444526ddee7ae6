"""The cookie banner's settings: the origins allowed to post consent."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from personvern.declaration.paths import get
from personvern.declaration.problems import Problem
from personvern.declaration.rules.context import RuleContext


def origin_of(value: str) -> str | None:
    """``value`` if it is an origin (scheme://host[:port]), else None."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        return None
    if port is not None and not 0 < port < 65536:
        return None
    return value


def _suggestion(value: str) -> str:
    parts = urlsplit(value if "://" in value else f"https://{value}")
    host = parts.netloc.rsplit("@", 1)[-1] or "www.example.com"
    return f"{parts.scheme or 'https'}://{host}"


def sites(ctx: RuleContext) -> Iterator[Problem]:
    entries = get(ctx.data, ("cookies", "sites"))
    seen: set[str] = set()
    for index, value in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(value, str):
            continue
        path = ("cookies", "sites", index)
        if origin_of(value) is None:
            yield ctx.problem(
                path,
                (
                    f"cookies.sites entry '{value}' is not an origin; write scheme://host[:port] "
                    "without a path, "
                    f"e.g. {_suggestion(value)}"
                ),
            )
        elif value in seen:
            yield ctx.problem(path, f"cookies.sites lists '{value}' twice; remove one")
        seen.add(value)


RULES = (sites,)
