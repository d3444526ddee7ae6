"""The demo: `personvern dsr access|erase --config <demo>/personvern.yaml` on its company database."""

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personvern.cli.main import app
from tests.conftest import create_store_from_environment
from personvern.demo.cast import JONAS, KARI
from personvern.demo.company import create_company_database

DEMO = Path(__file__).resolve().parents[2] / "src" / "personvern" / "demo" / "files" / "personvern.yaml"


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    database = tmp_path / "nordlys.sqlite3"
    create_company_database(database, today=date.today())  # the command runs on today's clock
    monkeypatch.setenv("NORDLYS_DB_URL", f"sqlite:///{database}")
    monkeypatch.setenv("PERSONVERN__DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("PERSONVERN__SECURITY__SECRET_KEY", "test-secret-key-0123456789abcdef0123456789")
    monkeypatch.setenv("PERSONVERN__JOBS__BACKEND", "memory")
    create_store_from_environment()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, ["dsr", *args, "--config", str(DEMO)], catch_exceptions=False)
    from personvern.connectors.factory import dispose_all

    dispose_all()


def test_access_on_the_demo(demo, tmp_path):
    out = tmp_path / "kari.zip"
    result = demo("access", "--identity", f"email={KARI.email}", "--out", str(out))
    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(io.BytesIO(out.read_bytes()))
    data = json.loads(archive.read("data.json"))["nordlys"]
    assert data["customers"][0]["email"] == KARI.email
    assert {"orders", "invoices", "newsletter_subscribers", "event_registrations"} <= set(data)
    readme = archive.read("README.txt").decode()
    assert "Your personal data at Nordlys Sykkel AS" in readme  # the demo's first language is English
    assert "bokføringsloven § 13" in readme and "Supportly Inc." in readme


# The masking policy masks reference columns that carry a personal category (the demo's


def test_erasure_on_the_demo_keeps_bookkeeping(demo):
    result = demo("erase", "--identity", f"email={KARI.email}")
    assert result.exit_code == 0, result.output
    assert "kept    nordlys:invoices:" in result.output and "bokføringsloven § 13" in result.output
    assert "erased  nordlys:customers: 1 rows" in result.output


def test_an_unpaid_invoice_is_kept_with_no_release_date_yet(demo):
    result = demo("erase", "--identity", f"email={JONAS.email}")
    assert result.exit_code == 0, result.output
    assert "released not yet known" in result.output
