from __future__ import annotations

import pytest

from personvern.policytext.citations import find_citations


@pytest.mark.parametrize(
    ("text", "bases"),
    [
        ("(Article 6(1)(b) of the GDPR)", ("art6_1_b",)),
        ("Art. 6 (1) lit. f DSGVO", ("art6_1_f",)),
        ("jf. personvernforordningen art. 6 (1) a, og", ("art6_1_a",)),
        ("artikkel 6 nr. 1 bokstav b", ("art6_1_b",)),
        ("artikkel 6 første ledd bokstav f.", ("art6_1_f",)),
        ("cf. GDPR art. 6(1)(a)-(b). If", ("art6_1_a", "art6_1_b")),
        ("art. 6 (1) a til c", ("art6_1_a", "art6_1_b", "art6_1_c")),
        ("Art. 6 (1) (a), (b) and (f) GDPR", ("art6_1_a", "art6_1_b", "art6_1_f")),
        ("art. 6 nr. 1 bokstav a og f", ("art6_1_a", "art6_1_f")),
        ("point (f) of Article 6(1) GDPR", ("art6_1_f",)),
        ("bokstav f i artikkel 6 nr. 1", ("art6_1_f",)),
        ("Art. 6.1.f", ("art6_1_f",)),
        ("GDPR 6(1)(c)", ("art6_1_c",)),
        ("explicit consent (Art. 9(2)(a) GDPR)", ("art9_2_a",)),
        ("art. 9 nr. 2 bokstav h", ("art9_2_h",)),
    ],
)
def test_every_notation_gives_its_bases(text: str, bases: tuple[str, ...]) -> None:
    (citation,) = find_citations(text)
    assert citation.bases == bases
    assert text[citation.start : citation.end].lower().startswith(("art", "gdpr", "point", "bokstav"))


@pytest.mark.parametrize(
    "text", ["Article 6(1) of the GDPR", "Art. 6 (4)", "Article 13 GDPR", "art. 6 a", "Art. 6 (1) a lawful basis"]
)
def test_incomplete_or_other_articles_are_not_bases(text: str) -> None:
    assert find_citations(text) == []
