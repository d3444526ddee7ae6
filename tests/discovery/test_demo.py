"""Acceptance on the demo company (SQLite): every personal column is found, and columns a test
adds (valid fødselsnumre, notes with e-mail addresses inside) are reported as undeclared."""

from __future__ import annotations

import json
import sqlite3

import yaml
from fideslang.models import Dataset
from typer.testing import CliRunner

from personvern.cli.main import app
from personvern.clock import FrozenClock
from personvern.datamap.declared import datamap_of
from personvern.declaration.loader import load
from personvern.discovery import draft, report
from personvern.datamap.loader import load_datamap
from personvern.discovery.classify import POSSIBLE
from personvern.discovery.compare import compare
from personvern.discovery.service import DiscoveryService, ScanOptions
from tests.discovery.conftest import numbers


def _add_columns(demo) -> list[str]:
    conn = sqlite3.connect(demo.database)
    ids = [r[0] for r in conn.execute("SELECT id FROM customers ORDER BY id")]
    fnr = numbers(len(ids))
    conn.execute("ALTER TABLE customers ADD COLUMN fodselsnummer VARCHAR(11)")
    conn.execute("ALTER TABLE customers ADD COLUMN notes TEXT")
    for i, (customer, number) in enumerate(zip(ids, fnr, strict=True)):
        note = (f"Ringte inn, svar til kunde{customer}@example.com" if i % 3 == 0
                else "Ønsker levering på døra")
        conn.execute("UPDATE customers SET fodselsnummer = ?, notes = ? WHERE id = ?",
                     (number, note, customer))
    conn.commit()
    conn.close()
    return fnr


def _discover(demo):
    loaded = load(demo.declaration)
    datamap = datamap_of(loaded)
    service = DiscoveryService(FrozenClock(), ScanOptions(sample_size=500, seed=1))
    return service.discover(loaded.declaration, datamap, environ=demo.environment), datamap


def test_every_declared_personal_column_is_found(demo) -> None:
    result, datamap = _discover(demo)
    database = result.databases[0]
    missing = []
    for collection in datamap.collections():
        table = database.table(collection.name)
        assert table is not None, collection.name
        for field in collection.personal_fields:
            finding = table.finding(field.column)
            if not ((finding and finding.confidence >= POSSIBLE) or table.relation):
                missing.append(f"{collection.name}.{field.column}")
    assert missing == []
    customers = database.table("customers")
    kinds = {f.column: f.kind for f in customers.personal}
    assert kinds == {
        "email": "email", "phone": "phone", "first_name": "first_name", "last_name": "last_name",
        "street": "street", "postal_code": "postal_code", "city": "city",
        "date_of_birth": "date_of_birth",
    }
    assert database.table("orders").finding("ip_address").categories == ("user.device.ip_address",)
    assert database.table("event_registrations").finding("food_preferences").kind == "health"
    # the declaration covers everything and holds an Art. 9 condition for the dietary data
    assert result.problems == []


def test_added_columns_are_reported_as_undeclared_with_their_category(demo, tmp_path) -> None:
    fnr = _add_columns(demo)
    result, datamap = _discover(demo)
    undeclared = {(p.table, p.column): p for p in result.problems if p.code == "undeclared_column"}
    assert set(undeclared) == {("customers", "fodselsnummer"), ("customers", "notes")}
    assert undeclared["customers", "fodselsnummer"].category == \
        "user.government_id.national_identification_number"
    assert undeclared["customers", "notes"].category == "user.contact.email"
    found = result.databases[0].table("customers").finding("fodselsnummer")
    assert found.matched == found.non_null == 120 and found.confidence > 0.95
    # nothing read in clear leaves the scan: JSON, HTML and the draft hold masked examples only
    outputs = [report.to_json(result), report.to_html(result), report.to_text(result),
               draft.draft_yaml([(result.databases[0], datamap.datasets["nordlys"])])]
    for text in outputs:
        assert not any(number in text for number in fnr)
        assert "@example.com" not in text
    data = json.loads(outputs[0])
    shown = data["databases"][0]["tables"]
    customers = next(t for t in shown if t["table"] == "customers")
    fnr_finding = next(f for f in customers["findings"] if f["column"] == "fodselsnummer")
    assert fnr_finding["hit_rate"] == 1.0 and all(e.startswith("•••") for e in fnr_finding["examples_masked"])
    # the draft is a fideslang Dataset with just the new fields
    drafted = yaml.safe_load(outputs[3])["dataset"]
    Dataset.model_validate(drafted[0])
    assert drafted[0]["fides_key"] == "nordlys"
    assert drafted[0]["collections"] == [{"name": "customers", "fields": [
        {"name": "fodselsnummer", "data_categories": ["user.government_id.national_identification_number"],
         "description": drafted[0]["collections"][0]["fields"][0]["description"]},
        {"name": "notes", "data_categories": ["user.contact.email"],
         "description": drafted[0]["collections"][0]["fields"][1]["description"]},
    ]}]


def test_cli_discover_and_check_discover(demo, tmp_path, monkeypatch) -> None:
    _add_columns(demo)
    monkeypatch.setenv("NORDLYS_DB_URL", demo.database_url)
    runner = CliRunner()
    out = tmp_path / "report"
    result = runner.invoke(app, ["discover", "--config", str(demo.declaration), "--quiet",
                                 "--json", f"{out}.json", "--html", f"{out}.html", "--draft", f"{out}.yml"])
    assert result.exit_code == 1, result.output
    assert "nordlys.customers.fodselsnummer: column holds fødselsnummer" in result.output
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["errors"] == 2
    assert "<table>" in (tmp_path / "report.html").read_text()
    assert "fodselsnummer" in (tmp_path / "report.yml").read_text()
    checked = runner.invoke(app, ["check", str(demo.declaration), "--discover"])
    assert checked.exit_code == 1
    assert "discover: error: nordlys.customers.notes: column holds free text containing email address" \
        in checked.output
    assert "2 problems found by discovery (2 errors)" in checked.output
    # any database, no declaration
    anywhere = runner.invoke(app, ["discover", "--url", demo.database_url, "--table", "customers",
                                   "--draft", str(tmp_path / "new.yml")])
    assert anywhere.exit_code == 0, anywhere.output
    assert "fodselsnummer: fødselsnummer / D-number / H-number" in anywhere.output
    assert "1 tables" in anywhere.output
    drafted = yaml.safe_load((tmp_path / "new.yml").read_text())["dataset"][0]
    Dataset.model_validate(drafted)
    assert drafted["fides_key"] == "company"
    fields = {f["name"]: f.get("data_categories") for f in drafted["collections"][0]["fields"]}
    assert fields["email"] == ["user.contact.email"] and fields["created_at"] is None
    assert len(fields) == 15  # every column of the new collection, categories where found


def test_cli_bad_input_is_a_clear_error(tmp_path) -> None:
    runner = CliRunner()
    both = runner.invoke(app, ["discover"])
    assert both.exit_code == 1 and "give either --config" in both.output
    bad = runner.invoke(app, ["discover", "--url", "nosuch://x"])
    assert bad.exit_code == 1 and "not supported" in bad.output
    missing = runner.invoke(app, ["discover", "--url", f"sqlite:///{tmp_path}/none.db"])
    assert missing.exit_code == 1 and "Traceback" not in missing.output


def test_wrong_weak_and_unreachable_labels_are_reported(demo) -> None:
    path = demo.datasets / "nordlys.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "          - name: phone\n            data_categories: [user.contact.phone_number]\n"
        "            fides_meta:\n              identity: phone_number",
        "          - name: phone\n            data_categories: [user.contact.email]\n"
        "            fides_meta:\n              identity: phone_number", 1)
    text = text.replace(
        "          - name: email\n            data_categories: [user.contact.email]\n"
        "            fides_meta:\n              identity: email",
        "          - name: email\n            data_categories: [system.operations]\n"
        "            fides_meta:\n              identity: email", 1)
    path.write_text(text, encoding="utf-8")
    result, _ = _discover(demo)
    found = {(p.code, p.table, p.column): p for p in result.problems}
    assert found["wrong_category", "customers", "phone"].category == "user.contact.phone_number"
    assert found["weak_category", "customers", "email"].severity == "error"
    assert {code for code, _, _ in found} == {"wrong_category", "weak_category"}
    # a collection no identity reaches (the declaration loader refuses such a data map, so the
    # dataset file is compared directly, as `discover` does for its datasets)
    unlinked = text.replace(
        "            fides_meta:\n              primary_key: true\n              references:\n"
        "                - dataset: nordlys\n                  field: customers.id\n"
        "                  direction: from\n          - name: theme",
        "            fides_meta:\n              primary_key: true\n          - name: theme", 1)
    path.write_text(unlinked, encoding="utf-8")
    datamap = load_datamap([path])
    problems = compare(result.databases[0], datamap.datasets["nordlys"], datamap)
    assert [(p.code, p.table) for p in problems if p.code == "unreachable"] == \
        [("unreachable", "account_settings")]


def test_check_discover_without_the_database_url_says_so(demo, monkeypatch) -> None:
    monkeypatch.delenv("NORDLYS_DB_URL", raising=False)
    (demo.declaration.parent / "personvern.toml").unlink(missing_ok=True)  # no folder config naming the env file
    checked = CliRunner().invoke(app, ["check", str(demo.declaration), "--discover"])
    assert checked.exit_code == 1
    assert "discover: dataset 'nordlys': the environment variable NORDLYS_DB_URL" in checked.output
