from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from personvern.cli.main import app
from tests.policytext.conftest import FIXTURES

runner = CliRunner()


def test_extract_json_follows_the_shared_schema() -> None:
    result = runner.invoke(app, ["policy", "extract", str(FIXTURES / "kodeverk-nb.md"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["file"] == "kodeverk-nb.md" and data["language"] == "nb"
    assert data["controller"] == "Kodeverk Systemer AS"
    for section in ("retention", "legal_bases", "rights", "contacts", "recipients", "transfers"):
        assert data[section] and all({"quote", "start", "end"} <= set(item) for item in data[section])
    assert {"period", "anchor", "qualifier", "action", "data", "event"} <= set(data["retention"][0])
    assert len(data["art13_checklist"]) == 19


def test_extract_text_and_forced_language() -> None:
    result = runner.invoke(app, ["policy", "extract", str(FIXTURES / "nordlys-en.txt"), "--format", "text", "--lang", "nb"])
    assert result.exit_code == 0
    assert result.output.startswith("nordlys-en.txt (nb); controller: Nordlys Booking AS")


def test_draft_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "draft" / "personvern.yaml"
    result = runner.invoke(app, ["policy", "draft", str(FIXTURES / "havlys-en.html"), "--out", str(out)])
    assert result.exit_code == 0
    assert 'name: "Havlys Studio AS"' in out.read_text(encoding="utf-8")
    check = runner.invoke(app, ["check", str(out)])
    assert check.exit_code == 1 and "TODO" in check.output


def test_unreadable_policies_are_clear_errors(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["policy", "extract", str(tmp_path / "none.txt")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    odd = tmp_path / "policy.pdf"
    odd.write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, ["policy", "extract", str(odd)])
    assert result.exit_code == 2 and "give a .txt, .md or .html file" in result.output
    latin = tmp_path / "policy.txt"
    latin.write_bytes("Første linje\nPersonvernerklæring\n".encode("latin-1"))
    result = runner.invoke(app, ["policy", "extract", str(latin)])
    assert result.exit_code == 2 and f"{latin}:1: the file is not UTF-8" in result.output
