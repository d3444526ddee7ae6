"""Sentences with their offsets: lines first, then sentence ends inside a line.

A sentence never crosses a line break (policies put headings and list items on lines of
their own). A period after a known abbreviation ("Art.", "nr.", "e.g.", "jf.") or after a
list number ("2.1.") does not end a sentence. Bullets are left out of the span.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "art", "nr", "no", "e.g", "i.e", "eg", "ie", "f.eks", "feks", "cf", "jf", "jfr", "bl.a", "ca",
    "mr", "mrs", "ms", "dr", "inc", "ltd", "co", "org", "org.nr", "tlf", "tel", "pkt", "st", "ref",
    "vs", "kap", "lit", "para", "pr", "dvs", "ev", "evt", "mva", "avd", "ca", "approx", "sec",
    "s", "p", "pp", "vol", "fig", "ifm", "iht", "mht", "vedr", "mfl", "m.fl", "m.m", "bl", "eks",
    "nos", "art.", "sect", "reg", "dir", "ff", "jan", "feb", "aug", "sept", "oct", "okt", "nov",
    "dec", "des",
}
BULLET = re.compile(r"^[\s\u00a0]*(?:[•·▪◦‣*\-–—]|\(?[a-z]\)|[a-z]\.|\d+(?:\.\d+)*\.?\)?)?[\s\u00a0]*")
_END = re.compile(r"[.!?]+[\"'”’)]*(?=[\s\u00a0]+)")
_WORD = re.compile(r"[\w.]+$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    heading: bool  # a line of its own without sentence punctuation (or a short question)
    line_start: int  # where its line starts (to see list items)


def _is_boundary(line: str, index: int, match_end: int) -> bool:
    """Whether the punctuation that ends at ``match_end`` (starting at ``index``) ends a sentence."""
    rest = line[match_end:].lstrip(" \u00a0\t")
    if not rest:
        return True
    first = rest[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘(•"):
        return False
    if line[index] != ".":
        return True
    word = _WORD.search(line[:index])
    token = word.group(0).lower() if word else ""
    if token in ABBREVIATIONS or token.rstrip(".") in ABBREVIATIONS:
        return False
    if re.fullmatch(r"[\d.]+", token) and line[:index].strip() == token:
        return False  # a list number at the start of the line: "2.1. To personalise"
    if re.fullmatch(r"[a-z]", token):
        # an initial or a list letter, unless it closes a citation: "jf. art. 6 (1) c. Next"
        return bool(re.search(r"(?:\(\s*\d\s*\)|\bbokstav|\blit\.?|\bletter|\bpoint|\d\.\d\.?)\s*[a-j]$", line[:index], re.I))
    return True


def split(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        pieces: list[tuple[int, int]] = []
        begin = 0
        for match in _END.finditer(body):
            if _is_boundary(body, match.start(), match.end()):
                pieces.append((begin, match.end()))
                begin = match.end()
        pieces.append((begin, len(body)))
        single = len(pieces) == 1 or (len(pieces) == 2 and not body[pieces[1][0]:].strip())
        for a, b in pieces:
            chunk = body[a:b]
            lead = BULLET.match(chunk) if a == 0 else re.match(r"[\s\u00a0]*", chunk)
            skip = lead.end() if lead else 0
            if a == 0 and skip and not re.search(r"\w", chunk[skip:]):
                skip = len(chunk) - len(chunk.lstrip())
            stripped = chunk[skip:].rstrip(" \t\u00a0")
            if not re.search(r"\w", stripped):
                continue
            start = line_start + a + skip
            end = start + len(stripped)
            words = len(stripped.split())
            heading = single and (
                (not re.search(r"[.!:;,]$", stripped) and words <= 14)
                or (stripped.endswith("?") and words <= 14)
            )
            sentences.append(Sentence(start, end, text[start:end], heading, line_start))
    return sentences


def sentence_at(sentences: list[Sentence], position: int) -> Sentence | None:
    """The sentence that contains ``position`` (sentences are in text order)."""
    index = bisect.bisect_right([s.start for s in sentences], position) - 1
    if index >= 0 and sentences[index].start <= position < sentences[index].end:
        return sentences[index]
    return None
