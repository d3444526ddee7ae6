"""GDPR Art. 6(1) and 9(2) citations in every notation policies use.

"Art. 6(1)(f)", "Article 6 (1) lit. f", "art. 6.1.f", "artikkel 6 nr. 1 bokstav b",
"personvernforordningen art. 6 (1) a", "artikkel 6 første ledd bokstav f", "GDPR 6(1)(a)-(b)",
"Art. 6 (1) (a), (b) and (f)", "point (f) of Article 6(1)", "bokstav f i artikkel 6 nr. 1",
"Art. 9(2)(a)". A range ("(a)-(c)", "a til c") gives every letter in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

I = re.IGNORECASE
_LAW = r"(?:GDPR|DSGVO|RGPD|personvernforordningen|forordningen|personopplysningsloven|the Regulation|the General Data Protection Regulation)"
ARTICLE = re.compile(
    rf"(?:\b(?:art(?:icle|ikkel|ikel)?s?\.?|artt\.)\s*|\b{_LAW}\s+(?=[69]\s*[(.]))(?P<n>[69])(?![\d/])",
    I,
)
PARA = re.compile(
    r"\s*(?:\(\s*(?P<p1>[1-4])\s*\)|\.\s?(?P<p2>[1-4])(?![\d])|,?\s+(?:nr\.?|no\.?|num\.?|paragraph|para\.?|ledd|stk\.?|sub-?paragraph)\s*"
    r"(?P<p3>[1-4])\b|\s+(?P<p4>første|1\.|annet|andre|2\.)\s+ledd|\s+(?P<p5>[1-4])\b(?=\s*[(a-j]))",
    I,
)
_FOLLOW = r"(?-i:(?=[\s\u00a0]*(?:$|[,.;:)\]–-]|[A-ZÆØÅ]|(?:og|and|or|eller|of|i|jf|cf|to|til|samt)\b)))"
LETTER = re.compile(
    rf"\s*,?\s*(?:\(\s*(?P<l1>[a-j])\s*\)|\.\s?(?P<l2>[a-j])\b|\s*(?:lit\.?|litra|letter|point|bokstav|bokst\.?)\s*\(?(?P<l3>[a-j])\)?"
    rf"|\s+(?-i:(?P<l4>[a-j]))\){_FOLLOW}|\s+(?-i:(?P<l5>[a-j])){_FOLLOW}|(?-i:(?P<l6>[a-j])){_FOLLOW})",
    I,
)
MORE = re.compile(
    r"\s*(?P<sep>-|–|—|to|til|through|and|og|or|eller|,|&|/|samt)\s*(?:(?:lit\.?|letter|point|bokstav)\s*)?"
    r"(?:\(\s*(?P<a>[a-j])\s*\)|(?-i:(?P<b>[a-j]))(?![\w]))",
    I,
)
REVERSED = re.compile(
    r"\b(?:point|letter|lit\.?|bokstav)\s*\(?(?P<l>[a-j])\)?\s+(?:of|in|i)\s+(?:GDPR\s+|personvernforordningen\s+)?"
    r"art(?:icle|ikkel)?\.?\s*(?P<n>[69])\s*(?:\(\s*[12]\s*\)|nr\.?\s*[12]|paragraph\s*[12]|første ledd|annet ledd|\.[12])",
    I,
)


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    bases: tuple[str, ...]


def _basis(article: str, letter: str) -> str | None:
    letter = letter.lower()
    if article == "6" and letter in "abcdef":
        return f"art6_1_{letter}"
    if article == "9" and letter in "abcdefghij":
        return f"art9_2_{letter}"
    return None


def _paragraph_ok(article: str, para: str | None) -> bool:
    if para is None:
        return True
    para = {"første": "1", "1.": "1", "annet": "2", "andre": "2", "2.": "2"}.get(para.lower(), para)
    return (article, para) in (("6", "1"), ("9", "2"))


def find_citations(text: str, offset: int = 0) -> list[Citation]:
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for match in REVERSED.finditer(text):
        basis = _basis(match.group("n"), match.group("l"))
        if basis:
            found.append(Citation(offset + match.start(), offset + match.end(), (basis,)))
            taken.append((match.start(), match.end()))
    for match in ARTICLE.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        article, pos = match.group("n"), match.end()
        para_match = PARA.match(text, pos)
        para = None
        if para_match:
            para = next((g for g in para_match.group("p1", "p2", "p3", "p4", "p5") if g), None)
            pos = para_match.end()
        if not _paragraph_ok(article, para):
            continue
        letter_match = LETTER.match(text, pos)
        if not letter_match:
            continue
        letters = [next(g for g in letter_match.group("l1", "l2", "l3", "l4", "l5", "l6") if g)]
        if letter_match.group("l6") and para is None:
            continue  # "Art. 6a" without a paragraph is another article
        pos = letter_match.end()
        while True:
            more = MORE.match(text, pos)
            if not more:
                break
            letter = (more.group("a") or more.group("b")).lower()
            if more.group("sep").lower() in ("-", "–", "—", "to", "til", "through"):
                first = letters[-1]
                letters.extend(chr(c) for c in range(ord(first) + 1, ord(letter) + 1))
            else:
                letters.append(letter)
            pos = more.end()
        bases = tuple(dict.fromkeys(b for b in (_basis(article, x) for x in letters) if b))
        if bases:
            found.append(Citation(offset + match.start(), offset + pos, bases))
    found.sort(key=lambda c: c.start)
    return found
