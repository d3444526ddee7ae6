"""The declaration draft: every TODO is a problem `personvern check` lists, nothing else is, and
once a person has decided the TODOs the draft is a valid declaration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from personvern.cli.check import check_command
from personvern.declaration.loader import load
from personvern.declaration.problems import DeclarationInvalid
from personvern.policytext.draft import draft
from personvern.policytext.extract import extract
from personvern.policytext.reader import read_policy
from tests.policytext.conftest import FIXTURES, SEEDS, SEEDS_DIR, TUNED
from tests.policytext.fill import fill

TODO_MARKER = re.compile(r": TODO\b|\[TODO\]|# TODO\(")
POLICIES = [SEEDS_DIR / f"{s}.txt" for s in SEEDS] + [FIXTURES / name for name in TUNED]


def _problems(path: Path) -> list[str]:
    try:
        load(path)
    except DeclarationInvalid as exc:
        return [str(p) for p in exc.problems]
    return []


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)
def test_check_lists_exactly_the_todos_of_the_draft(policy: Path, tmp_path: Path) -> None:
    text = draft(extract(read_policy(policy)))
    path = tmp_path / "personvern.yaml"
    path.write_text(text, encoding="utf-8")
    markers = [i + 1 for i, line in enumerate(text.splitlines()) if TODO_MARKER.search(line)]
    problems = _problems(path)
    assert markers and len(problems) == len(markers)
    filled = tmp_path / "filled.yaml"
    filled.write_text(fill(text), encoding="utf-8")
    assert _problems(filled) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_the_filled_seed_fixtures_are_the_filled_drafts(seed: str, capsys) -> None:
    text = draft(extract(read_policy(SEEDS_DIR / f"{seed}.txt")))
    assert (FIXTURES / "seeds" / f"{seed}.draft.yaml").read_text(encoding="utf-8") == text
    fixture = FIXTURES / "seeds" / f"{seed}.filled.yaml"
    assert fixture.read_text(encoding="utf-8") == fill(text)
    assert check_command(fixture) == 0
    assert "valid declaration" in capsys.readouterr().out


def test_values_come_from_the_text_with_their_sentence() -> None:
    policy = read_policy(FIXTURES / "fjelltopp-nb.txt")
    text = draft(extract(policy))
    assert 'name: "Fjelltopp Friluft AS"' in text
    assert 'organisation_number: "912345688"' in text
    assert 'email: "personvern@fjelltopp.example"' in text
    assert 'street: "Storgata 12"' in text and 'postal_code: "0155"' in text and 'city: "Oslo"' in text
    assert "legal_basis: contract" in text and "legal_basis: legitimate_interests" in text
    assert 'law: "bokføringsloven § 13"' in text
    assert "period: P5Y" in text and "anchor: end_of_fiscal_year" in text
    assert "anchor: until_consent_withdrawn" in text
    lines = text.splitlines()
    basis_line = next(i for i, line in enumerate(lines) if line.strip() == "legal_basis: contract")
    assert lines[basis_line - 1].strip().startswith('# "art6_1_b: Behandlingsgrunnlaget er at det er nødvendig')
    # the assessment of a legitimate interest is never in a policy: always left to decide
    assert "# TODO(assessment)" in text


def test_a_silent_policy_gives_a_draft_of_todos_only(tmp_path: Path) -> None:
    policy = tmp_path / "policy.md"
    policy.write_text("# Om oss\n\nVi lager gode nettsider for kundene våre.\n", encoding="utf-8")
    text = draft(extract(read_policy(policy)))
    assert "# TODO(name)" in text and "# TODO(organisation_number)" in text and "# TODO(email)" in text
    assert "legal_basis: TODO" in text and "period: TODO" in text
    out = tmp_path / "personvern.yaml"
    out.write_text(text, encoding="utf-8")
    assert len(_problems(out)) == len(TODO_MARKER.findall(text))
