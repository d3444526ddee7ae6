"""Every GDPR Art. 13/14 item is in the rendered notice, for every activity of every example
declaration, in both languages: with its content, not only a heading."""

from __future__ import annotations

from datetime import date

import pytest

from personvern.declaration.model import text
from personvern.notice import legal
from personvern.notice.context import NoticeMeta, build_notice
from personvern.notice.countries import in_eea
from personvern.notice.periods import retention_sentences
from personvern.notice.render import render_notice
from personvern.notice.supervisory import authority_of
from tests.notice.htmlcheck import Node, parse, problems

LANGS = ["en", "nb"]
# Per language: a word that must appear in the text of each right (Art. 7(3), 15-18, 20, 21).
RIGHTS = {
    "en": {"access": "copy", "rectification": "correct", "erasure": "delete", "restriction": "restrict",
           "portability": "machine-readable", "objection": "absolute right to object to direct marketing",
           "withdrawal": "does not affect the lawfulness"},
    "nb": {"access": "kopi", "rectification": "rette", "erasure": "slette", "restriction": "begrense",
           "portability": "maskinlesbart", "objection": "ubetinget rett til å protestere",
           "withdrawal": "påvirker ikke lovligheten"},
}
ARTICLE_6 = {"en": "GDPR Art. 6(1)({})", "nb": "personvernforordningen artikkel 6 nr. 1 bokstav {}"}
BASIS_LETTER = {"consent": "a", "contract": "b", "legal_obligation": "c", "vital_interests": "d",
                "public_task": "e", "legitimate_interests": "f"}


def rendered(loaded, lang: str) -> tuple[Node, str]:
    meta = NoticeMeta(7, loaded.content_hash, date(2026, 1, 15))
    html = render_notice(build_notice(loaded.declaration, lang, meta), "html")
    root, errors = parse(html)
    assert errors == []
    return root, html


def item(article: Node, key: str) -> str:
    """The text of an activity's labelled item; fails when missing or empty."""
    values = [dd for dd in article.find_all("dd") if dd.attrs.get("data-item") == key]
    labels = [dt for dt in article.find_all("dt") if dt.attrs.get("data-item") == key]
    assert values and labels, f"{article.attrs['id']}: no {key}"
    content = values[0].text()
    assert len(content) > 3, f"{article.attrs['id']}: {key} is empty"
    return content


@pytest.mark.parametrize("lang", LANGS)
def test_every_activity_has_every_item(loaded, lang):
    d = loaded.declaration
    root, _html = rendered(loaded, lang)
    processors = {p.key: p for p in d.processors}
    for activity in d.activities:
        article = root.by_id(f"activity-{activity.key}".replace("_", "-"))
        assert article is not None, f"activity {activity.key} is missing"
        assert article.find_all("h3") or article.find_all("h4")
        if activity.role.kind == "processor":  # the client is the controller: refer to it
            client = next(c for c in d.clients if c.key == activity.role.on_behalf_of)
            assert client.email in item(article, "controller")
            continue
        # Art. 13(1)(c) purposes and legal basis
        item(article, "purpose")
        basis = item(article, "legal_basis")
        assert ARTICLE_6[lang].format(BASIS_LETTER[activity.legal_basis]) in basis
        if activity.law:
            assert activity.law in basis
        # Art. 13(1)(d) the legitimate interest pursued
        if activity.legal_basis == "legitimate_interests":
            interest = item(article, "legitimate_interest")
            assert text(activity.legitimate_interest.interest, lang).strip() in interest
        if activity.article9_condition:
            assert "9" in item(article, "article9")
        # Art. 14(1)(d) categories of data; the data subjects
        item(article, "data")
        item(article, "subjects")
        # Art. 13(1)(e) recipients
        recipients = item(article, "recipients")
        for key in activity.recipients:
            assert processors[key].name in recipients
        for other in activity.other_recipients:
            assert text(other, lang) in recipients
        # Art. 13(1)(f) transfers with the safeguard
        transfers = item(article, "transfers")
        for key in activity.recipients:
            p = processors[key]
            if not in_eea(p.country):
                assert p.name in transfers
                assert legal.mechanism_words(p.transfer, lang) in transfers
        # Art. 13(2)(a) retention, in words
        retention = item(article, "retention")
        for sentence in retention_sentences(activity, lang):
            assert " ".join(sentence.split()) in retention
        # Art. 13(2)(e) statutory / contractual requirement
        assert legal.requirement_sentence(activity, lang).split(".")[0] in item(article, "requirement")
        # Art. 13(2)(f) automated decision-making
        automated = item(article, "automated")
        if activity.automated_decisions:
            assert text(activity.automated_decisions, lang).strip()[:40] in automated
        # Art. 14(2)(f) the source
        source = item(article, "source")
        if activity.source.kind != "data_subject" and activity.source.description:
            assert text(activity.source.description, lang).strip()[:30] in source
        # Art. 13(2)(c) withdrawal of consent
        if activity.legal_basis == "consent":
            assert RIGHTS[lang]["withdrawal"] in item(article, "choices")


@pytest.mark.parametrize("lang", LANGS)
def test_notice_wide_items(loaded, lang):
    d, c = loaded.declaration, loaded.declaration.controller
    root, html = rendered(loaded, lang)
    controller = root.by_id("controller").text()
    # Art. 13(1)(a) identity and contact; (b) the DPO
    assert c.name in controller and c.email in controller and c.address.street in controller
    if c.dpo:
        assert c.dpo.email in controller
    if c.representative:
        assert c.representative.email in controller
    # Art. 13(2)(b), (c) the rights, each explained
    rights = root.by_id("rights").text()
    for key, words in RIGHTS[lang].items():
        assert root.by_id(f"right-{key}") is not None, key
        assert words in rights, key
    # how to reach the privacy center
    assert (c.privacy_center_url or c.email) in rights
    # Art. 13(2)(d) complaint to the supervisory authority, with its address
    complaint = root.by_id("complaint").text()
    authority = authority_of(c)
    if authority is not None:
        assert authority.name in complaint
        assert authority.address in complaint
    # the age limit when declared
    if c.age_limit is not None:
        assert str(c.age_limit) in root.by_id("children").text()
    # the cookie declaration is part of the notice
    cookies = root.by_id("cookies").text()
    for service in d.cookies.services:
        for cookie in service.cookies:
            assert cookie.name in cookies
    # the version and its date
    assert "15" in root.by_id("version").text() and "2026" in root.by_id("version").text()
    assert f'content="{loaded.content_hash}"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_html_is_valid_and_accessible(loaded, lang):
    _root, html = rendered(loaded, lang)
    assert html.startswith("<!DOCTYPE html>")
    assert problems(html) == []


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_renders_every_activity(loaded, lang):
    meta = NoticeMeta(7, loaded.content_hash, date(2026, 1, 15))
    md = render_notice(build_notice(loaded.declaration, lang, meta), "md")
    for activity in loaded.declaration.activities:
        assert f'<a id="activity-{activity.key.replace("_", "-")}"></a>' in md
    assert "{{" not in md and "{%" not in md
