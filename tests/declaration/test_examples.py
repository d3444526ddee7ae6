"""The shipped examples pass `personvern check` and declare the promises of the real policies
they are modelled on (../shared/seeds/)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fideslang.models import Dataset
from stdnum.no import orgnr

from personvern.cli.check import check_command
from personvern.declaration.loader import LoadedDeclaration, load
from personvern.declaration.model import Activity, Retention, text
from personvern.declaration.rules.transfers import EEA

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*/personvern.yaml"))


def rules(loaded: LoadedDeclaration, key: str) -> list[Retention]:
    return loaded.declaration.activity(key).retention_rules()


def only_rule(loaded: LoadedDeclaration, key: str) -> Retention:
    (rule,) = rules(loaded, key)
    return rule


def test_there_are_at_least_two_examples() -> None:
    assert {p.parent.name for p in EXAMPLES} >= {"saas-vendor", "agency"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_each_example_passes_check(path: Path, capsys) -> None:
    assert check_command(path) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: valid declaration (content hash ")
    assert "activities:" in out and "processors:" in out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_each_example_is_fictional_and_consistent(path: Path) -> None:
    loaded = load(path)
    d = loaded.declaration
    assert orgnr.is_valid(d.controller.organisation_number)
    assert d.controller.email.endswith(".example")
    assert all(client.email.endswith(".example") for client in d.clients)
    for processor in d.processors:
        assert processor.country in EEA or processor.transfer is not None, processor.key
    activities: list[Activity] = d.activities
    assert all(a.role.kind == "processor" or a.retention_rules() for a in activities)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_covered_collections_and_date_fields_exist_in_the_datasets(path: Path) -> None:
    loaded = load(path)
    fields: dict[str, set[str]] = {}
    for ref, file in zip(loaded.declaration.datasets, loaded.dataset_files(), strict=True):
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        (dataset,) = [Dataset.model_validate(item) for item in raw["dataset"]]
        assert dataset.fides_key == ref.key
        for collection in dataset.collections:
            fields[f"{ref.key}.{collection.name}"] = {f.name for f in collection.fields}
    for activity in loaded.declaration.activities:
        for collection in activity.covers:
            assert collection in fields, (activity.key, collection)
        for rule in activity.retention_rules():
            for collection, column in (rule.fields or {}).items():
                assert column in fields[collection], (activity.key, collection, column)
            if rule.field is not None:
                assert all(rule.field in fields[c] for c in activity.covers), (
                    activity.key,
                    rule.field,
                )


def test_the_saas_vendor_declares_the_promises_of_its_policies() -> None:
    loaded = load(ROOT / "examples" / "saas-vendor" / "personvern.yaml")
    d = loaded.declaration
    assert d.controller.dpo is not None and d.controller.age_limit == 16
    # analytics and system logs: 30 days
    assert (
        only_rule(loaded, "service_analytics").period,
        only_rule(loaded, "service_analytics").action,
    ) == ("P30D", "anonymise")
    assert only_rule(loaded, "system_logs").period == "P30D"
    # payments: until settled, then five years from the end of the calendar year
    assert only_rule(loaded, "payments").anchor == "event"
    books = rules(loaded, "bookkeeping")
    assert [(r.period, r.anchor) for r in books] == [
        ("P5Y", "end_of_calendar_year"),
        ("P10Y", "end_of_fiscal_year"),
    ]
    assert (
        d.activity("bookkeeping").legal_basis == "legal_obligation"
        and d.activity("bookkeeping").law
    )
    # configuration erased immediately on cancellation
    assert ("P0D", "end_of_relationship") in [
        (r.period, r.anchor) for r in rules(loaded, "account")
    ]
    # end-user consent records: 12 months, as processor for the customer
    assert rules(loaded, "end_user_consents")[0].period == "P12M"
    assert d.activity("end_user_consents").role.kind == "processor"
    # marketing until consent is withdrawn; consent honoured for 12 months
    assert only_rule(loaded, "newsletter").anchor == "until_consent_withdrawn"
    assert d.cookies.validity == "P12M"
    # uploaded files 30 days; database backups 7 days
    assert only_rule(loaded, "uploaded_files").period == "P30D"
    assert only_rule(loaded, "backups").period == "P7D"
    # transfers: US processors have a mechanism
    assert {p.key: p.transfer.mechanism for p in d.processors if p.country == "US"} == {
        "cloudflare": "adequacy",
        "aws_us": "scc",
    }
    measures = " ".join(text(m, "en") for m in d.controller.security_measures)
    assert "AES-256" in measures and "72 hours" in measures and "never logged" in measures


def test_the_agency_is_bilingual_and_declares_the_promises_of_its_policy() -> None:
    loaded = load(ROOT / "examples" / "agency" / "personvern.yaml")
    d = loaded.declaration
    assert d.controller.languages == ["nb", "en"] and d.controller.country == "NO"
    statistics = d.activity("statistics")
    assert statistics.legal_basis == "consent"
    assert "IP" in text(statistics.description, "en") and "IP-adressen" in text(
        statistics.description, "nb"
    )
    assert only_rule(loaded, "backups").period == "P1M"
    assert only_rule(loaded, "newsletter").anchor == "until_consent_withdrawn"
    assert d.activity("referrals").source.kind == "third_party"
    assert only_rule(loaded, "customer_service").review_every == "P12M"
    analytics = next(s for s in d.cookies.services if s.key == "google_analytics")
    assert (
        analytics.category == "statistics"
        and d.activity(analytics.activity).legal_basis == "consent"
    )
    assert text(d.activity("contact").name, "nb") == "Henvendelser"
