"""Extraction on the annotated policies: the shared seeds (development set), the project's own
fixtures, and the held-out fixtures; every quote sits at its offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from personvern.policytext.extract import extract, render_text
from personvern.policytext.reader import from_text, read_policy
from tests.policytext.conftest import (
    FIXTURES, GOLD_DIR, HELDOUT, SEEDS, SEEDS_DIR, TUNED, checklist_accuracy, gold_for, matching,
    precision_recall, same_basis, same_period,
)

SECTIONS = ("retention", "legal_bases", "rights", "contacts", "recipients", "transfers")


def _cases() -> list[tuple[Path, Path | None]]:
    seeds = [(SEEDS_DIR / f"{s}.txt", GOLD_DIR / f"{s}.gold.json") for s in SEEDS]
    return seeds + [(FIXTURES / name, None) for name in TUNED + HELDOUT]


def _gold(path: Path, gold_path: Path | None) -> dict:
    import json

    return json.loads(gold_path.read_text(encoding="utf-8")) if gold_path else gold_for(path)


@pytest.mark.parametrize(("path", "gold_path"), _cases(), ids=lambda p: p.name if p else "")
def test_every_quote_is_the_text_at_its_offsets(path: Path, gold_path: Path | None) -> None:
    document = read_policy(path)
    result = extract(document).as_dict()
    items = [item for section in SECTIONS for item in result[section]]
    assert items, "nothing found"
    assert all(document.text[i["start"] : i["end"]] == i["quote"] for i in items)
    checklist = result["art13_checklist"]
    assert len(checklist) == 19
    assert all(document.text[v["start"] : v["end"]] == v["quote"] for v in checklist.values() if v["covered"])


@pytest.mark.parametrize(("path", "gold_path"), _cases(), ids=lambda p: p.name if p else "")
def test_retention_and_bases_meet_the_goals(path: Path, gold_path: Path | None) -> None:
    gold, pred = _gold(path, gold_path), extract(read_policy(path)).as_dict()
    held_out = "heldout" in str(path)
    ret_p, ret_r = precision_recall(*matching(gold["retention"], pred["retention"], same_period))
    bas_p, bas_r = precision_recall(*matching(gold["legal_bases"], pred["legal_bases"], same_basis))
    assert ret_p >= 0.95 and ret_r >= 0.9
    assert bas_p >= 0.95
    assert bas_r >= (0.6 if held_out else 0.9)  # held-out: the honest figure, never tuned on
    assert checklist_accuracy(gold, pred) >= 0.9


def test_bilingual_policy_is_read_in_both_languages() -> None:
    result = extract(read_policy(SEEDS_DIR / "policy-agency-nb-en.txt"))
    assert result.language == "nb+en"
    quotes = [r.span.quote for r in result.retention if r.period == "P1M"]
    assert any("sikkerhetskopi" in q for q in quotes) and any("backup" in q for q in quotes)
    assert result.controller == "Vikonsept AS"
    assert {c.value for c in result.contacts if c.type == "org_number"} == {"988790605"}


def test_organisation_numbers_that_fail_the_check_digit_are_left_out() -> None:
    text = "Eksempel AS (org.nr. 912 345 687) er behandlingsansvarlig. Kontakt: post@eksempel.example.\n"
    result = extract(from_text(text, "policy.txt"))
    assert [c for c in result.contacts if c.type == "org_number"] == []
    assert [c.value for c in result.contacts if c.type == "email"] == ["post@eksempel.example"]


def test_retention_details_anchor_qualifier_action() -> None:
    text = (
        "Regnskapsbilag oppbevares i fem år etter utgangen av regnskapsåret.\n"
        "Inactive accounts are deleted 24 months after your last login.\n"
        "Server logs are kept for no more than 30 days.\n"
        "We keep your e-mail address until you withdraw your consent.\n"
        "Statistics are anonymised after 26 months.\n"
        "We review these periods every 12 months.\n"
        "We answer requests within 30 days.\n"
    )
    found = {(r.period, r.anchor, r.qualifier, r.action) for r in extract(from_text(text)).retention}
    assert found == {
        ("P5Y", "end_of_fiscal_year", "exact", None),
        ("P24M", "last_activity", "exact", "delete"),
        ("P30D", "collected", "at_most", None),
        (None, "consent_withdrawn", "until", None),
        ("P26M", "collected", "exact", "anonymise"),
        ("P12M", None, None, "review"),
    }


def test_national_law_goes_with_the_legal_obligation() -> None:
    text = "Vi oppbevarer fakturaer fordi bokføringsloven § 13 pålegger oss det, jf. art. 6 nr. 1 bokstav c.\n"
    (basis,) = extract(from_text(text)).legal_bases
    assert (basis.basis, basis.law, basis.cited) == ("art6_1_c", "bokføringsloven § 13", True)


def test_html_is_rendered_without_scripts_and_offsets_refer_to_the_rendered_text() -> None:
    document = read_policy(FIXTURES / "havlys-en.html")
    assert "var x" not in document.text and "<p>" not in document.text
    result = extract(document)
    assert all(document.text[b.span.start : b.span.end] == b.span.quote for b in result.legal_bases)
    assert {b.basis for b in result.legal_bases} == {"art6_1_a", "art6_1_b", "art6_1_c", "art6_1_f"}


def test_text_report_lists_sections_and_checklist() -> None:
    report = render_text(extract(read_policy(FIXTURES / "nordlys-en.txt")))
    assert report.startswith("nordlys-en.txt (en); controller: Nordlys Booking AS")
    assert "[ ] dpo_contact (missing)" in report
    assert "[x] right_complaint (line" in report
