"""Mail texts from Jinja2 templates, one per text and language, plain text first.

A template ``<name>.<lang>.txt`` has two blocks, ``subject`` and ``body``. The HTML part is
made from the plain text by ``templates/layout.html`` (paragraphs, lists, links; inline
styles only, nothing loaded from anywhere), so the two parts can never say different things.
"""

from __future__ import annotations

import re
from itertools import groupby
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from personvern.mail.message import Mail

LAYOUT_DIR = Path(__file__).parent / "templates"
LANGUAGES = ("en", "nb")
_URL = re.compile(r"https?://[^\s<>\"']+")


class MailRenderer:
    def __init__(self, folders: Sequence[Path]) -> None:
        self._text = Environment(
            loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
            undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._html = Environment(
            loader=FileSystemLoader(str(LAYOUT_DIR)), undefined=StrictUndefined,
            autoescape=select_autoescape(["html"]),
        )

    def render(self, name: str, lang: str, to: str, **context: Any) -> Mail:
        lang = lang if lang in LANGUAGES else "en"
        template = self._text.get_template(f"{name}.{lang}.txt")
        ctx = template.new_context({**context, "lang": lang})
        subject = " ".join("".join(template.blocks["subject"](ctx)).split())
        body = _tidy("".join(template.blocks["body"](ctx)))
        html = self._html.get_template("layout.html").render(
            lang=lang, subject=subject, blocks=text_blocks(body)
        )
        return Mail(to=to, subject=subject, text=body, html=html, language=lang, template=name)


def _tidy(text: str) -> str:
    """No runs of blank lines, no trailing spaces, one final newline."""
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def linkify(text: str) -> Markup:
    """Escaped text with every http(s) URL made a link."""
    parts, last = [], 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:)")
        end = match.start() + len(url)
        parts.append(escape(text[last:match.start()]))
        parts.append(Markup('<a href="{0}" style="color:#0b57d0">{0}</a>').format(url))
        last = end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def text_blocks(body: str) -> list[dict[str, Any]]:
    """The plain text as ``{"kind": "p"|"ul", "lines": [Markup]}`` blocks.

    Paragraphs are separated by blank lines; inside one, consecutive lines starting with
    "- " are a list and the other lines a paragraph, in their order.
    """
    blocks: list[dict[str, Any]] = []
    for paragraph in body.strip().split("\n\n"):
        for is_list, run in groupby(paragraph.splitlines(), key=lambda line: line.startswith("- ")):
            lines = list(run)
            if is_list:
                blocks.append({"kind": "ul", "lines": [linkify(line[2:]) for line in lines]})
            else:
                blocks.append({"kind": "p", "lines": [linkify(line) for line in lines]})
    return blocks
