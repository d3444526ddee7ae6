"""The demo declaration and its data map: valid, consistent with each other and with the
demo database, and carrying every retention promise of the real policies."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import yaml
from fideslang.models import Dataset
from stdnum.no import orgnr

from personvern.declaration.loader import load
from personvern.declaration.model import Activity, Declaration, Retention
from personvern.declaration.taxonomy import Taxonomy
from personvern.demo import schema
from tests.demo.expiry import FILES, load_dataset, load_declaration

EEA = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
}


def collections(dataset: Dataset) -> dict[str, dict[str, object]]:
    return {c.name: {f.name: f for f in c.fields} for c in dataset.collections}


def test_the_declaration_passes_the_model_and_the_loader() -> None:
    with (FILES / "personvern.yaml").open(encoding="utf-8") as stream:
        Declaration.model_validate(yaml.safe_load(stream))
    loaded = load(FILES / "personvern.yaml")
    assert loaded.declaration.controller.name == "Nordlys Sykkel AS"
    assert loaded.dataset_files() == [(FILES / "datasets" / "nordlys.yml").resolve()]


def test_the_controller_is_norwegian_bilingual_with_a_valid_organisation_number() -> None:
    controller = load_declaration().controller
    assert controller.country == "NO" and set(controller.languages) == {"en", "nb"}
    assert orgnr.is_valid(controller.organisation_number)
    assert controller.dpo is not None and controller.age_limit == 16


def texts(value: object) -> Iterator[dict]:
    if isinstance(value, dict):
        if {"en", "nb"} & set(value):
            yield value
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def test_every_text_is_written_in_english_and_norwegian() -> None:
    with (FILES / "personvern.yaml").open(encoding="utf-8") as stream:
        raw = yaml.safe_load(stream)
    found = list(texts(raw))
    assert len(found) > 60
    assert all(set(text) == {"en", "nb"} and all(text.values()) for text in found)


def test_the_dataset_file_is_a_fideslang_dataset_that_matches_the_database_tables() -> None:
    dataset = load_dataset()
    assert dataset.fides_key == load_declaration().datasets[0].key == "nordlys"
    mapped = collections(dataset)
    assert {name: set(fields) for name, fields in mapped.items()} == {
        table.name: {column.name for column in table.columns} for table in schema.TABLES
    }


def test_every_field_is_categorised_with_known_categories() -> None:
    declaration = load_declaration()
    taxonomy = Taxonomy((c.key, c.special_category) for c in declaration.taxonomy.data_categories)
    for collection in load_dataset().collections:
        for field in collection.fields:
            where = f"{collection.name}.{field.name}"
            assert field.data_categories, where
            assert set(field.data_categories) <= taxonomy.data_categories, where


def test_identities_primary_keys_and_references_make_every_collection_reachable() -> None:
    dataset = load_dataset()
    mapped = collections(dataset)
    identities = {}
    reached_from: dict[str, str] = {}
    for collection in dataset.collections:
        meta = {f.name: f.fides_meta for f in collection.fields if f.fides_meta}
        assert any(m.primary_key for m in meta.values()), collection.name
        for name, m in meta.items():
            if m.identity:
                identities[(collection.name, name)] = m.identity
            for ref in m.references or []:
                target, target_field = ref.field.split(".")
                assert ref.dataset == "nordlys" and ref.direction == "from"
                assert target_field in mapped[target]
                reached_from[collection.name] = target
    email_columns = {(c.name, "email") for c in dataset.collections if "email" in mapped[c.name]}
    assert {key for key, kind in identities.items() if kind == "email"} == email_columns
    assert identities[("customers", "phone")] == "phone_number"
    for name in mapped:
        seen = name
        while (seen, "email") not in identities:  # follow references up to an identity
            seen = reached_from[seen]
    assert reached_from["payments"] == "invoices" and reached_from["order_items"] == "orders"


def rules_with_collections(declaration: Declaration) -> Iterator[tuple[Activity, Retention]]:
    for activity in declaration.activities:
        for rule in activity.retention_rules():
            yield activity, rule


def test_covers_fields_and_conditions_name_what_the_dataset_has() -> None:
    declaration = load_declaration()
    mapped = collections(load_dataset())
    covered = set()
    for activity, rule in rules_with_collections(declaration):
        names = [entry.split(".", 1) for entry in activity.covers]
        for dataset, collection in names:
            assert dataset == "nordlys" and collection in mapped, activity.key
        covered.update(collection for _, collection in names)
        if rule.field is not None:
            assert all(rule.field in mapped[collection] for _, collection in names), activity.key
        for entry, spec in (rule.fields or {}).items():
            collection = entry.split(".")[1]
            assert entry in activity.covers
            if "." in spec:  # a date in the collection this one references
                parent, parent_field = spec.split(".")
                assert parent_field in mapped[parent]
                refs = [r.field for f in mapped[collection].values() if f.fides_meta
                        for r in f.fides_meta.references or []]
                assert any(r.startswith(parent + ".") for r in refs), (entry, spec)
            else:
                assert spec in mapped[collection], (entry, spec)
        if rule.condition is not None and rule.condition.unless_exists is not None:
            exists = rule.condition.unless_exists
            other = exists.collection.split(".")[1]
            for here, there in exists.match.items():
                assert all(here in mapped[c] for _, c in names) and there in mapped[other]
    assert covered == set(mapped)


def test_special_category_data_is_declared_with_an_article_9_condition() -> None:
    declaration = load_declaration()
    taxonomy = Taxonomy((c.key, c.special_category) for c in declaration.taxonomy.data_categories)
    special_fields = {
        (c.name, f.name) for c in load_dataset().collections for f in c.fields
        if any(taxonomy.is_special(category) for category in f.data_categories)
    }
    assert special_fields == {("event_registrations", "food_preferences")}
    (events,) = [a for a in declaration.activities if "nordlys.event_registrations" in a.covers]
    assert events.article9_condition == "explicit_consent" and events.legal_basis == "consent"


def test_processors_outside_the_eea_have_a_transfer_mechanism_and_one_uses_scc() -> None:
    processors = load_declaration().processors
    outside = [p for p in processors if p.country not in EEA]
    assert outside and all(p.transfer is not None for p in outside)
    assert any(p.transfer.mechanism == "scc" for p in outside if p.transfer)


def test_cookie_services_map_to_consent_mode_and_consent_activities() -> None:
    declaration = load_declaration()
    services = {s.category: s for s in declaration.cookies.services}
    assert "analytics_storage" in services["statistics"].consent_mode
    marketing = set(services["marketing"].consent_mode)
    assert {"ad_storage", "ad_user_data", "ad_personalization"} <= marketing
    for service in declaration.cookies.services:
        if service.category != "necessary":
            assert declaration.activity(service.activity or "").legal_basis == "consent"
    assert declaration.cookies.validity == "P12M"


def _rule(
    declaration: Declaration, collection: str | None = None, **want: object
) -> list[Retention]:
    found = []
    for activity, rule in rules_with_collections(declaration):
        if collection is not None and f"nordlys.{collection}" not in activity.covers:
            continue
        if all(getattr(rule, key) == value for key, value in want.items()):
            found.append(rule)
    return found


def _activity(declaration: Declaration, check: Callable[[Activity], bool]) -> list[Activity]:
    return [a for a in declaration.activities if check(a)]


# REQUIREMENTS.md §1 and ../shared/seeds: each promise and how the demo declaration keeps it.
PROMISES: dict[str, Callable[[Declaration], bool]] = {
    "system logs kept 30 days, then anonymised": lambda d: bool(
        _rule(d, "web_access_log", anchor="collected", period="P30D", action="anonymise")),
    "analytics data kept 30 days": lambda d: any(
        r.period == "P30D" for a in _activity(d, lambda a: a.purpose.startswith("analytics"))
        for r in a.retention_rules()),
    "contact form: 30 days unless a customer": lambda d: any(
        r.condition is not None and r.condition.unless_exists is not None
        and r.condition.unless_exists.collection == "nordlys.customers"
        for r in _rule(d, "contact_submissions", period="P30D")),
    "contact form: submissions kept 24 months": lambda d: bool(
        _rule(d, "contact_submissions", period="P24M", condition=None)),
    "payment data 5 years from the end of the calendar year, by law": lambda d: all(
        a.legal_basis == "legal_obligation" and a.law == "bokføringsloven § 13"
        for a in _activity(d, lambda a: "nordlys.payments" in a.covers)
    ) and bool(_rule(d, "payments", anchor="end_of_calendar_year", period="P5Y")),
    "account data 10 fiscal years after cancellation": lambda d: bool(
        _rule(d, "customers", anchor="end_of_fiscal_year", period="P10Y")),
    "configuration data erased at cancellation": lambda d: bool(
        _rule(d, "account_settings", anchor="end_of_relationship", period="P0D")),
    "consent records erased 12 months after registration": lambda d: any(
        r.period == "P12M" and r.anchor == "collected"
        for a in _activity(d, lambda a: a.purpose == "functional.storage.privacy_preferences")
        for r in a.retention_rules()),
    "marketing kept until consent is withdrawn": lambda d: bool(
        _rule(d, "newsletter_subscribers", anchor="until_consent_withdrawn")),
    "food preferences deleted right after the event": lambda d: bool(
        _rule(d, "event_registrations", anchor="event", period="P1D")),
    "recruitment data deleted when the recruitment is done": lambda d: bool(
        _rule(d, "job_applications", anchor="event", event="recruitment_closed")),
    "CRM reviewed every 12 months": lambda d: bool(_rule(d, "customers", review_every="P12M")),
    "processor for clients: refer to the controller": lambda d: bool(
        _activity(d, lambda a: a.role.kind == "processor" and a.role.on_behalf_of is not None)),
    "nobody under 16": lambda d: d.controller.age_limit == 16,
    "consent honoured up to 12 months": lambda d: d.cookies.validity == "P12M",
}


@pytest.mark.parametrize("promise", list(PROMISES))
def test_every_promise_of_the_real_policies_is_in_the_demo_declaration(promise: str) -> None:
    assert PROMISES[promise](load_declaration())


def test_the_package_ships_the_declaration_next_to_its_data_map() -> None:
    declaration = load_declaration()
    for ref in declaration.datasets:
        assert (FILES / ref.file).is_file()
        assert ref.connection_env == "NORDLYS_DB_URL"
