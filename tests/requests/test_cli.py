"""`personvern dsr ...` with a declaration and with bare dataset files (the Fides way)."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personvern.cli.main import app
from tests.conftest import create_store_from_environment
from tests.requests.shop import ANNA, DATASET, DECLARATION, URL_ENV, touched


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PERSONVERN__DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("PERSONVERN__SECURITY__SECRET_KEY", "test-secret-key-0123456789abcdef0123456789")
    monkeypatch.setenv("PERSONVERN__JOBS__BACKEND", "memory")
    create_store_from_environment()
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, ["dsr", *args], catch_exceptions=False)

    return invoke


def test_access_with_the_declaration_writes_a_plain_zip(cli, shop_sqlite, tmp_path):
    out = tmp_path / "anna.zip"
    result = cli("access", "--config", str(DECLARATION), "--identity", f"email={ANNA}", "--out", str(out),
                 "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "38 records from 5 collections written to" in result.output
    archive = zipfile.ZipFile(out)
    assert archive.read("README.txt").decode().startswith("Your personal data at Testbutikken AS")
    assert len(json.loads(archive.read("data.json"))["shop"]["visits"]) == 30


def test_access_on_a_bare_fides_dataset(cli, shop_sqlite, tmp_path, monkeypatch):
    monkeypatch.delenv(URL_ENV)
    out = tmp_path / "anna.zip"
    result = cli("access", "--dataset", str(DATASET), "--url", shop_sqlite, "--identity", f"email={ANNA}",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    readme = zipfile.ZipFile(io.BytesIO(out.read_bytes())).read("README.txt").decode()
    assert "without a declaration" in readme


@pytest.mark.postgres
def test_erasure_on_a_bare_fides_dataset_says_no_retention_rules_were_applied(cli, shop_pg, monkeypatch):
    monkeypatch.delenv(URL_ENV)
    result = cli("erase", "--dataset", str(DATASET), "--url", shop_pg, "--identity", f"email={ANNA}")
    assert result.exit_code == 0, result.output
    assert "erased  shop:invoices: 3 rows (mask)" in result.output
    assert "no retention rules were applied" in result.output
    assert ("invoices", 21) in touched(shop_pg)


def test_rectify_restrict_object_and_status(cli, shop_sqlite):
    ok = cli("rectify", "--config", str(DECLARATION), "--identity", f"email={ANNA}",
             "--set", "customers.phone=+47 999 00 000")
    assert ok.exit_code == 0, ok.output
    assert "updated shop:customers: 1 rows (phone)" in ok.output
    bad = cli("rectify", "--config", str(DECLARATION), "--identity", f"email={ANNA}", "--set", "invoices.amount=many")
    assert bad.exit_code == 1 and "expected a whole number" in bad.output
    assert cli("restrict", "--config", str(DECLARATION), "--identity", f"email={ANNA}").exit_code == 0
    objected = cli("object", "--config", str(DECLARATION), "--identity", f"email={ANNA}", "--purpose", "newsletter")
    assert "objection recorded for marketing.communications.email" in objected.output
    status = cli("status", "--identity", f"email={ANNA}")
    assert json.loads(status.output)["restricted"] is True
    assert json.loads(status.output)["objections"] == ["marketing.communications.email"]
    shown = json.loads(cli("show", "1").output)
    assert shown["kind"] == "rectification" and shown["state"] == "completed"


def test_argument_mistakes_are_explained(cli, shop_sqlite, tmp_path):
    unpaired = cli("erase", "--dataset", str(DATASET), "--identity", f"email={ANNA}")
    assert unpaired.exit_code == 1 and "come in pairs" in unpaired.output
    both = cli("erase", "--config", str(DECLARATION), "--dataset", str(DATASET), "--url", shop_sqlite,
               "--identity", f"email={ANNA}")
    assert both.exit_code == 1 and "not both" in both.output
    identity = cli("erase", "--config", str(DECLARATION), "--identity", ANNA)
    assert identity.exit_code == 1 and "NAME=VALUE" in identity.output
    broken = tmp_path / "personvern.yaml"
    broken.write_text("personvern: 1\ncontroller: {}\n", encoding="utf-8")
    invalid = cli("erase", "--config", str(broken), "--identity", f"email={ANNA}")
    assert invalid.exit_code == 1 and "problems in the declaration" in invalid.output
