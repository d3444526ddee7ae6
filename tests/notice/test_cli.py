"""`personvern notice` (a group that also renders) and `personvern ropa`."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from personvern.cli.main import app
from tests.notice.conftest import BOOKSHOP, ROOT

EXAMPLES = sorted(ROOT.glob("examples/*/personvern.yaml"))


@pytest.fixture
def env(container, monkeypatch):
    monkeypatch.setenv("PERSONVERN__DATA_DIR", str(container.settings.data_dir))
    monkeypatch.setenv("PERSONVERN__DATABASE__URL", container.settings.database.url)
    monkeypatch.setenv("PERSONVERN__SECURITY__SECRET_KEY", container.settings.security.secret_key.get_secret_value())
    return container


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_notice_from_config(env, tmp_path, path, lang, fmt):
    out = tmp_path / f"notice.{fmt}"
    result = run("notice", "--config", str(path), "--lang", lang, "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    content = out.read_text(encoding="utf-8")
    assert ("Privacy notice" if lang == "en" else "Personvernerklæring") in content
    assert ("Draft, not yet loaded" if lang == "en" else "Utkast, ennå ikke lagret") in content


def test_notice_to_stdout_uses_the_stored_version(env):
    version = env.declarations.load_file(BOOKSHOP, actor="test").version
    result = run("notice", "--config", str(BOOKSHOP), "--format", "md")
    assert result.exit_code == 0, result.output
    assert f"_Version {version.id}, valid from" in result.output
    current = run("notice", "--lang", "nb", "--format", "md")
    assert f"_Versjon {version.id}, gjeldende fra" in current.output
    by_id = run("notice", "--version", str(version.id), "--format", "md")
    assert by_id.output == result.output


def test_notice_errors(env, tmp_path):
    assert "no declaration loaded" in run("notice").output
    broken = tmp_path / "personvern.yaml"
    broken.write_text("personvern: 1\ncontroller: {}\n", encoding="utf-8")
    result = run("notice", "--config", str(broken))
    assert result.exit_code == 1 and "problems found" in result.output
    assert run("notice", "--lang", "de").exit_code == 2


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_ropa_in_every_format(env, tmp_path, path):
    for fmt in ("xlsx", "csv", "html"):
        out = tmp_path / f"ropa.{fmt}"
        result = run("ropa", "--config", str(path), "--format", fmt, "--out", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    assert load_workbook(tmp_path / "ropa.xlsx").sheetnames[0] == "Controller (Art. 30(1))"
    assert (tmp_path / "ropa.csv").read_text(encoding="utf-8").startswith("Record,Processing activity,")
