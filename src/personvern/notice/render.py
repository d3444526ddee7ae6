"""Rendering with Jinja2: HTML is autoescaped; links in declared text become anchors."""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from personvern.notice.context import NoticeView
from personvern.notice.cookies import CookieTable

_LINK = re.compile(
    r"(?P<url>https?://[^\s<>\"']+)|(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)
_TRAILING = ".,;:)»”"


def linkify(value: str) -> Markup:
    """Escape ``value`` and turn URLs and email addresses into links."""
    out: list[str] = []
    last = 0
    for match in _LINK.finditer(value):
        target = match.group(0)
        tail = ""
        while target and target[-1] in _TRAILING:
            tail = target[-1] + tail
            target = target[:-1]
        out.append(str(escape(value[last:match.start()])))
        href = target if match.group("url") else f"mailto:{target}"
        out.append(f'<a href="{escape(href)}">{escape(target)}</a>{escape(tail)}')
        last = match.end()
    out.append(str(escape(value[last:])))
    return Markup("".join(out))


def md_escape(value: str) -> str:
    """Keep declared text from turning into Markdown markup."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", value)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("personvern.notice", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["linkify"] = linkify
    env.filters["md"] = md_escape
    return env


def render_notice(view: NoticeView, fmt: str = "html", *, switch_to: str | None = None) -> str:
    """The whole notice as an HTML page or as Markdown; ``switch_to``: a language to link to
    (served pages only: the link is ``?lang=...``)."""
    if fmt not in ("html", "md"):
        raise ValueError(f"unknown notice format {fmt!r}: use html or md")
    template = environment().get_template(f"notice.{fmt}.j2")
    return template.render(v=view, t=view.t, switch_to=switch_to)


def render_cookie_snippet(table: CookieTable, labels: dict[str, str]) -> str:
    """The cookie table alone, to embed in a company's own pages."""
    return environment().get_template("cookies.html.j2").render(cookies=table, t=labels, heading=None)
