"""`notice diff`: the changes between two stored versions of an example, in words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from personvern.declaration.loader import load
from personvern.declaration.model import text
from personvern.notice.diff import diff
from tests.notice.conftest import ROOT

EXAMPLE = ROOT / "examples" / "saas-vendor"


def changed_copy(source: Path, target: Path) -> tuple[str, str]:
    """``source``'s folder copied to ``target`` with one retention made longer and a new processor
    added to the same activity; returns (activity name, processor name)."""
    shutil.copytree(source.parent, target)
    data = load(source).declaration.model_dump(mode="json", exclude_none=True)
    activity = next(
        a for a in data["activities"]
        if isinstance(a.get("retention"), dict) and a["retention"].get("period") not in (None, "P0D")
        and "description" not in a["retention"] and a["role"]["kind"] == "controller"
    )
    activity["retention"]["period"] = "P99D"
    data["processors"].append({
        "key": "feilfanger", "name": "Feilfanger Inc.", "service": "Error tracking", "country": "US",
        "transfer": {"mechanism": "scc", "reference": "Commission Implementing Decision (EU) 2021/914"},
        "dpa_date": "2025-06-01",
    })
    activity["recipients"].append("feilfanger")
    (target / source.name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    name = activity["name"] if isinstance(activity["name"], str) else activity["name"]["en"]
    return name, "Feilfanger Inc."


@pytest.fixture
def two_versions(container, tmp_path):
    first = container.declarations.load_file(EXAMPLE / "personvern.yaml", actor="test").version
    activity, processor = changed_copy(EXAMPLE / "personvern.yaml", tmp_path / "v2")
    second = container.declarations.load_file(tmp_path / "v2" / "personvern.yaml", actor="test").version
    return first.id, second.id, activity, processor


def declarations(container, a: int, b: int):
    service = container.declarations
    return (service.declaration_of(service.version(a)).declaration,
            service.declaration_of(service.version(b)).declaration)


def test_diff_names_the_changed_retention_and_the_added_processor(container, two_versions):
    v1, v2, activity, processor = two_versions
    old, new = declarations(container, v1, v2)
    en = [c.text for c in diff(old, new, "en")]
    assert any(t.startswith(f"The retention of “{activity}” changed from") and "99 days" in t for t in en), en
    assert any(t.startswith(f"New processor: {processor}") and "standard contractual clauses" in t for t in en)
    assert f"“{activity}” now shares data with: {processor}" in en  # "Inc." ends the sentence
    nb = [c.text for c in diff(old, new, "nb")]
    assert any(t.startswith(f"Lagringstiden for «{activity}» er endret fra") and "99 dager" in t for t in nb), nb
    assert any(t.startswith(f"Ny databehandler: {processor}") for t in nb)


def test_same_declaration_has_no_changes(loaded):
    assert diff(loaded.declaration, loaded.declaration, "en") == []


def test_diff_of_added_and_removed_activities(bookshop):
    d = bookshop.declaration
    fewer = d.model_copy(update={"activities": d.activities[1:]})
    removed = diff(d, fewer, "en")
    assert [c.subject for c in removed] == [d.activities[0].key]
    assert text(d.activities[0].name, "en") in removed[0].text
    added = diff(fewer, d, "nb")
    assert added[0].text.startswith(f"Ny behandling: «{text(d.activities[0].name, 'nb')}»")


def test_cli_notice_diff(container, two_versions, monkeypatch):
    from personvern.cli.main import app

    v1, v2, activity, processor = two_versions
    settings = container.settings
    monkeypatch.setenv("PERSONVERN__DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PERSONVERN__DATABASE__URL", settings.database.url)
    monkeypatch.setenv("PERSONVERN__SECURITY__SECRET_KEY", settings.security.secret_key.get_secret_value())
    result = CliRunner().invoke(app, ["notice", "diff", str(v1), str(v2)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Changes from version {v1} (")
    assert f"The retention of “{activity}” changed" in result.output
    assert f"New processor: {processor}" in result.output
    result = CliRunner().invoke(app, ["notice", "diff", str(v1), str(v2), "--lang", "nb", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"area": "processor"' in result.output and "Ny databehandler" in result.output
    missing = CliRunner().invoke(app, ["notice", "diff", str(v1), "999"])
    assert missing.exit_code == 1
    assert "no declaration version 999" in missing.output
