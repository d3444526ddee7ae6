"""The audit: no contradiction between a policy and the declaration drafted from it, and each
injected contradiction found, citing the sentence and the declaration key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from personvern.cli.main import app
from personvern.declaration.loader import load
from personvern.policytext.audit import audit
from personvern.policytext.extract import extract
from personvern.policytext.mutations import run
from personvern.policytext.reader import read_policy
from tests.policytext.conftest import FIXTURES, SEEDS, SEEDS_DIR

runner = CliRunner()


@pytest.mark.parametrize("seed", SEEDS)
def test_mutations_are_found_and_the_clean_pair_has_no_contradiction(seed: str) -> None:
    extraction = extract(read_policy(SEEDS_DIR / f"{seed}.txt"))
    baseline, results = run(extraction, load(FIXTURES / "seeds" / f"{seed}.filled.yaml"))
    assert baseline.contradictions == 0
    kinds = {r.mutation.kind for r in results}
    assert kinds == {"period_changed", "basis_changed", "processor_added", "transfer_added"}
    found = sum(r.found for r in results)
    assert found / len(results) >= 0.9
    assert all(r.found for r in results if r.mutation.kind in ("processor_added", "transfer_added", "period_changed"))


def _mutated(seed: str, tmp_path: Path, change) -> Path:
    from personvern.declaration.yamlsource import parse

    source = FIXTURES / "seeds" / f"{seed}.filled.yaml"
    data = parse(source.read_text(encoding="utf-8"), str(source)).data
    change(data)
    path = tmp_path / "personvern.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_changed_period_is_a_contradiction_citing_sentence_and_key(tmp_path: Path) -> None:
    seed = "policy-saas-manufacturing-en"

    def change(data: dict) -> None:
        activity = next(a for a in data["activities"] if a["key"] == "analytical_statistical")
        activity["retention"][0]["period"] = "P90D"

    path = _mutated(seed, tmp_path, change)
    report = audit(extract(read_policy(SEEDS_DIR / f"{seed}.txt")), load(path))
    (finding,) = [f for f in report.of("contradiction") if f.code == "period_differs"]
    assert finding.key == "activities[analytical_statistical].retention[0].period"
    assert finding.span is not None and "processed for 30 days" in finding.span.quote
    assert "P30D" in finding.message and "P90D" in finding.message
    assert finding.line is not None and "P90D" in path.read_text().splitlines()[finding.line - 1]


def test_a_transfer_the_text_denies_is_a_contradiction(tmp_path: Path) -> None:
    seed = "policy-consent-saas-en"

    def change(data: dict) -> None:
        data["processors"].append({"key": "us_cloud", "name": "Microsoft", "service": "Hosting", "country": "US",
                                   "transfer": {"mechanism": "scc"}})

    report = audit(extract(read_policy(SEEDS_DIR / f"{seed}.txt")), load(_mutated(seed, tmp_path, change)))
    (finding,) = [f for f in report.of("contradiction") if f.code == "transfer_denied"]
    assert finding.key == "processors[us_cloud].country"
    assert finding.span is not None and finding.span.quote.startswith("No stored data will be transferred")


def test_omissions_and_unkept_promises_are_reported() -> None:
    seed = "policy-saas-manufacturing-en"
    report = audit(extract(read_policy(SEEDS_DIR / f"{seed}.txt")), load(FIXTURES / "seeds" / f"{seed}.filled.yaml"))
    assert {f.code for f in report.of("omission")} == {"missing_transfers_and_safeguards", "missing_automated_decision_making"}
    promises = report.of("unkept_promise")
    assert promises and all(f.code == "no_sweep" and f.key and f.span for f in promises)


def test_cli_audit_exit_codes_and_formats(tmp_path: Path) -> None:
    seed = "policy-consent-saas-en"
    policy = str(SEEDS_DIR / f"{seed}.txt")
    clean = str(FIXTURES / "seeds" / f"{seed}.filled.yaml")
    result = runner.invoke(app, ["policy", "audit", policy, "--config", clean])
    assert result.exit_code == 0, result.output
    assert "0 contradictions" in result.output

    def change(data: dict) -> None:
        data["processors"].append({"key": "recorder", "name": "Opptaksstudio Nordavind AS",
                                   "service": "Video interview recordings", "country": "NO"})

    mutated = str(_mutated(seed, tmp_path, change))
    result = runner.invoke(app, ["policy", "audit", policy, "--config", mutated, "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["counts"]["contradiction"] == 1
    assert data["findings"][0]["key"] == "processors[recorder]"
    out = tmp_path / "audit.html"
    result = runner.invoke(app, ["policy", "audit", policy, "--config", mutated, "--format", "html", "--out", str(out)])
    assert result.exit_code == 1
    page = out.read_text(encoding="utf-8")
    assert "<h2>Contradictions (1)</h2>" in page and "processors[recorder]" in page


def test_cli_audit_refuses_an_invalid_declaration(tmp_path: Path) -> None:
    bad = tmp_path / "personvern.yaml"
    bad.write_text("personvern: 1\ncontroller: {}\n", encoding="utf-8")
    result = runner.invoke(app, ["policy", "audit", str(FIXTURES / "nordlys-en.txt"), "--config", str(bad)])
    assert result.exit_code == 2
    assert "fix them first" in result.output
