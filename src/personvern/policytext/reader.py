"""A policy file (.txt, .md, .html) as plain text; every offset refers to this text.

Text and Markdown are used as they are (so offsets are offsets into the file); HTML is
rendered to text first (block elements become line breaks, scripts and styles are dropped),
and offsets refer to that rendered text, which ``policy extract --format text`` can print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from personvern.errors import Invalid

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
           ".html": "html", ".htm": "html"}
BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "dt", "dd", "hr", "address", "main",
    "nav", "aside", "title", "td", "th",
}
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


class PolicyUnreadable(Invalid):
    """The policy file cannot be read as text."""


@dataclass(frozen=True)
class PolicyDocument:
    name: str
    text: str
    format: str  # text | markdown | html


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skipping += 1
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def from_text(text: str, name: str = "policy.txt", fmt: str = "text") -> PolicyDocument:
    if fmt == "html":
        text = html_to_text(text)
    return PolicyDocument(name=name, text=text, format=fmt)


def read_policy(path: Path) -> PolicyDocument:
    """Reads ``path``; raises ``PolicyUnreadable`` with the reason when it cannot."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PolicyUnreadable(
            f"{path}: unknown file type '{path.suffix or '(none)'}'; give a .txt, .md or .html file"
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PolicyUnreadable(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise PolicyUnreadable(f"{path}: is a folder; give the policy file") from None
    except OSError as exc:
        raise PolicyUnreadable(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PolicyUnreadable(
            f"{path}:{line}: the file is not UTF-8 text; save it with UTF-8 encoding"
        ) from None
    if not text.strip():
        raise PolicyUnreadable(f"{path}: the file is empty")
    return from_text(text, name=path.name, fmt=fmt)
