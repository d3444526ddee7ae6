"""Mail texts: every template in both languages, plain text and an HTML part that loads nothing."""

from __future__ import annotations

import re
from datetime import date

import pytest

from personvern.declaration.model import Client, Controller, Person
from personvern.mail.render import MailRenderer, linkify, text_blocks
from personvern.mail.service import MAIL_TEXTS
from personvern.notice.supervisory import DATATILSYNET
from personvern.privacy_center.outcome import Kept, Outcome

CONTROLLER = Controller.model_validate({
    "name": "Testbutikk AS", "organisation_number": "927183641", "country": "NO",
    "address": {"street": "Gata 1", "postal_code": "0150", "city": "Oslo", "country": "NO"},
    "email": "privacy@testbutikk.example", "dpo": {"name": "Dina Dpo", "email": "dpo@testbutikk.example"},
    "languages": ["en", "nb"],
})
URL = "http://127.0.0.1:8000/privacy-center/status/7?expires=1&sig=abc"
OUTCOME = Outcome(
    state="completed", erased=["orders (Orders)"], rows=12,
    kept=[Kept("invoices (Bookkeeping)", "bokføringsloven § 13", date(2030, 12, 31), 3)],
    purposes=["Newsletter"], refusal_reason="The request is manifestly unfounded: it repeats no. 6.",
    client_name="Havbris AS", client_email="privacy@havbris.example", activity_name="Company bikes",
)
COMMON = {
    "controller": CONTROLLER, "authority": DATATILSYNET, "ref": 7, "kind": "erasure of your personal data",
    "kind_short": "Erase my data", "status_url": URL, "outcome": OUTCOME, "asked": "erasure",
    "code": "042917", "verify_url": "http://127.0.0.1:8000/privacy-center/verify/r", "minutes": 15,
    "due_on": date(2026, 2, 16), "old_due": date(2026, 2, 16), "moved": "", "waiting": "", "reason": "Five systems.",
    "months": 2, "original": 3, "state": "Done", "identities": {"email": "kari@example.com"},
    "received_on": date(2026, 1, 15), "days_left": 2, "overdue": False, "extended": False,
}
NAMES = sorted({p.name.split(".")[0] for p in MAIL_TEXTS.glob("*.txt") if not p.name.startswith("_")})


@pytest.fixture(scope="module")
def renderer() -> MailRenderer:
    return MailRenderer([MAIL_TEXTS])


def test_every_text_exists_in_both_languages():
    assert len(NAMES) >= 11
    for name in NAMES:
        for lang in ("en", "nb"):
            assert (MAIL_TEXTS / f"{name}.{lang}.txt").exists(), f"{name}.{lang}.txt"


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize("name", NAMES)
def test_every_text_renders_in_plain_text_and_html_that_loads_nothing(renderer, name, lang):
    mail = renderer.render(name, lang, "kari@example.com", day=lambda d: d.isoformat(), t=str, **COMMON)
    assert mail.subject and "\n" not in mail.subject and "{" not in mail.subject
    assert mail.text.strip() and "{{" not in mail.text and "{%" not in mail.text
    assert "\n\n\n" not in mail.text
    assert mail.html.startswith("<!doctype html>") and f'<html lang="{lang}">' in mail.html
    # nothing fetched from anywhere: no images, scripts, stylesheets, fonts or frames
    assert not re.search(r"<(img|script|link|iframe|object|embed|video|audio|source)\b", mail.html, re.I)
    assert not re.search(r"(src|srcset|background)\s*=|url\(|@import", mail.html, re.I)
    assert mail.language == lang and mail.template == name


def test_the_refusal_gives_the_reason_and_the_right_to_complain_and_go_to_court(renderer):
    en = renderer.render("refused", "en", "kari@example.com", day=str, t=str, **COMMON)
    assert OUTCOME.refusal_reason in en.text
    assert "Datatilsynet (https://www.datatilsynet.no)" in en.text
    assert "take the matter to court" in en.text and "Art. 12(4), 77 and 79" in en.text
    assert "dpo@testbutikk.example" in en.text
    nb = renderer.render("refused", "nb", "kari@example.com", day=str, t=str, **COMMON)
    assert "klage til tilsynsmyndigheten, Datatilsynet" in nb.text and "domstolene" in nb.text


def test_a_partial_erasure_names_what_was_kept_under_which_law_until_when(renderer):
    mail = renderer.render("completed", "en", "kari@example.com", day=lambda d: d.isoformat(), t=str, **COMMON)
    assert "- orders (Orders)" in mail.text
    assert "invoices (Bookkeeping): kept under bokføringsloven § 13 until 2030-12-31" in mail.text
    assert "Art. 17(3)(b)" in mail.text and "complain to the supervisory authority" in mail.text
    assert "<li>orders (Orders)</li>" in mail.html


def test_the_html_part_says_what_the_text_says_with_links_and_lists():
    blocks = text_blocks("Hello,\n\nFollow it here: https://x.example/a?b=1&c=2.\n\n- one\n- two <b>\n")
    assert [b["kind"] for b in blocks] == ["p", "p", "ul"]
    link = str(blocks[1]["lines"][0])
    assert '<a href="https://x.example/a?b=1&amp;c=2"' in link and link.endswith("</a>.")
    assert str(blocks[2]["lines"][1]) == "two &lt;b&gt;"


def test_linkify_escapes_everything_else():
    assert str(linkify('<script>alert("x")</script> http://a.example')) == (
        '&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <a href="http://a.example" style="color:#0b57d0">'
        "http://a.example</a>"
    )


def test_an_unknown_language_falls_back_to_english(renderer):
    mail = renderer.render("new_link", "de", "kari@example.com", day=str, t=str, **COMMON)
    assert mail.language == "en" and mail.subject.startswith("A new link")


def test_a_referral_notice_names_the_person_for_the_controller(renderer):
    mail = renderer.render("referral_notice", "en", "privacy@havbris.example", day=str, t=str, **COMMON)
    assert "Art. 28(3)(e)" in mail.text and "- email: kari@example.com" in mail.text
    assert Client.model_fields and Person.model_fields  # the declaration types the texts rely on
