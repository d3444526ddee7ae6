"""personvern's own Fides-format example on real PostgreSQL (tests/fixtures/fidesformat).

The same engine paths as the Fides project's example (test_fides_example.py, which needs the
Fides files beside the checkout): loading the fideslang Dataset format, the traversal plan,
an access request that returns exactly the rows the references reach, and an erasure that masks
exactly those rows' personal fields and nothing else.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from personvern.cli.main import app
from personvern.connectors.factory import connect
from personvern.datamap.execute import collect, erase
from personvern.datamap.loader import load_dataset_file, load_datamap
from personvern.datamap.plan import build_plan
from personvern.keys import Keys
from tests.datamap.bakery import DATASET, KEY, LOYALTY, LOYALTY_KEY, SQL
from tests.datamap.fides import load_sample, table

B = f"{KEY}:"
KEYS = Keys(b"bakery-example-secret-0123456789abcdef")
SIRI = "siri.baker@example.com"

EXPECTED_ACCESS = {
    B + "complaint": [{"id": "c-1", "reply_to": SIRI, "opened": date(2024, 6, 1), "baker_id": 1}],
    B + "member": [{"id": 1, "email": SIRI, "full_name": "Siri Eksempel",
                    "joined": datetime(2024, 2, 1, 9, 30), "home_address_id": 1}],
    B + "page_view": [{"email": SIRI, "seen_at": datetime(2024, 5, 1, 8, 0)},
                      {"email": SIRI, "seen_at": datetime(2024, 5, 2, 8, 0)}],
    B + "basket": [{"id": "b-100", "member_id": 1, "delivery_address_id": 2, "gift": True},
                   {"id": "b-101", "member_id": 1, "delivery_address_id": 1, "gift": False}],
    B + "address": [{"id": 1, "street": "Bakergata", "house_no": 3, "postal_code": "0150", "city": "Oslo"},
                    {"id": 2, "street": "Melveien", "house_no": 12, "postal_code": "5003", "city": "Bergen"}],
    B + "basket_line": [{"basket_id": "b-100", "line_no": 1, "pastry_id": 1, "amount": 2},
                        {"basket_id": "b-100", "line_no": 2, "pastry_id": 3, "amount": 1},
                        {"basket_id": "b-101", "line_no": 1, "pastry_id": 2, "amount": 6}],
    B + "pastry": [{"id": 1, "title": "Skillingsbolle", "price_nok": Decimal("32.00")},
                   {"id": 2, "title": "Kanelsnurr", "price_nok": Decimal("35.00")},
                   {"id": 3, "title": "Surdeigsbrød", "price_nok": Decimal("69.00")}],
}


def test_the_dataset_format_is_read_with_identities_and_references() -> None:
    (spec,) = load_dataset_file(DATASET)
    assert spec.key == KEY
    datamap = load_datamap([DATASET, LOYALTY])
    assert sorted(datamap.datasets) == [KEY, LOYALTY_KEY]
    assert datamap.collection(f"{LOYALTY_KEY}:stamp_card").name == "stamp_card"


def test_the_plan_follows_references_both_ways_and_names_what_no_identity_reaches() -> None:
    plan = build_plan(load_datamap([DATASET, LOYALTY]), ["email"])
    steps = [step.address for step in plan.steps]
    # identities first, then what they reference (to) and what references them (from)
    assert set(steps) == {B + name for name in
                          ("complaint", "member", "page_view", "basket", "address", "basket_line", "pastry")}
    assert steps.index(B + "member") < steps.index(B + "basket") < steps.index(B + "basket_line")
    assert steps.index(B + "basket_line") < steps.index(B + "pastry")
    assert [c.address for c in plan.unreachable_personal] == [
        B + "baker", B + "newsletter_archive", f"{LOYALTY_KEY}:stamp_card"]
    assert build_plan(load_datamap([DATASET, LOYALTY]), ["email", "card_no"]).unreachable_personal[-1:] != [
        f"{LOYALTY_KEY}:stamp_card"]


def test_datamap_show_draws_the_plan_of_the_files() -> None:
    result = CliRunner().invoke(app, ["datamap", "show", "-d", str(DATASET), "-d", str(LOYALTY),
                                      "-i", "email", "-f", "mermaid"])
    assert result.exit_code == 0, result.output
    assert "member" in result.output and "basket_line" in result.output


@pytest.fixture
def bakery(pg_url: str):
    load_sample(pg_url, SQL)
    datamap = load_datamap([DATASET, LOYALTY])
    connectors = {KEY: connect(KEY, pg_url), LOYALTY_KEY: connect(LOYALTY_KEY, pg_url)}
    return pg_url, datamap, connectors


@pytest.mark.postgres
def test_access_returns_exactly_the_reachable_rows(bakery) -> None:
    _, datamap, connectors = bakery
    plan = build_plan(datamap, ["email"])
    collected = collect(plan, connectors, {"email": SIRI})
    assert list(collected.rows) == [step.address for step in plan.steps]
    assert collected.rows == EXPECTED_ACCESS


@pytest.mark.postgres
def test_email_is_exact_unless_casefolding_is_asked_for(bakery) -> None:
    _, datamap, connectors = bakery
    plan = build_plan(datamap, ["email"])
    assert collect(plan, connectors, {"email": "Siri.Baker@Example.com"}).total == 0
    folded = collect(plan, connectors, {"email": "Siri.Baker@Example.com"}, casefold_emails=True)
    assert folded.rows == EXPECTED_ACCESS


@pytest.mark.postgres
def test_a_custom_identity_reaches_its_own_collection(bakery) -> None:
    _, datamap, connectors = bakery
    plan = build_plan(datamap, ["email", "card_no"])
    collected = collect(plan, connectors, {"card_no": "SC-7"})
    assert collected.nonempty() == {
        f"{LOYALTY_KEY}:stamp_card": [{"card_no": "SC-7", "holder": "Siri Eksempel", "stamps": 9}],
    }


@pytest.mark.postgres
def test_erasure_masks_exactly_the_collected_personal_fields(bakery) -> None:
    url, datamap, connectors = bakery
    plan = build_plan(datamap, ["email"])
    collected = collect(plan, connectors, {"email": SIRI})
    result = erase(plan, connectors, collected, KEYS)

    masked = {a.removeprefix(B): o.masked for a, o in result.collections.items() if o.masked}
    assert masked == {
        "complaint": [{"id": "c-1"}],
        "member": [{"id": 1}],
        "page_view": [{"email": SIRI, "seen_at": datetime(2024, 5, 1, 8, 0)},
                      {"email": SIRI, "seen_at": datetime(2024, 5, 2, 8, 0)}],
        "basket": [{"id": "b-100"}, {"id": "b-101"}],
        "address": [{"id": 1}, {"id": 2}],
    }
    fields = {a.removeprefix(B): o.fields for a, o in result.collections.items() if o.masked}
    assert fields == {
        "complaint": ("baker_id", "reply_to"),
        "member": ("email", "full_name"),  # the primary key (user.unique_id) identifies the row: kept
        "page_view": ("email", "seen_at"),
        "basket": ("gift", "member_id"),
        "address": ("city", "house_no", "postal_code", "street"),
    }
    assert result.deleted == 0 and result.skipped == 0

    # the database afterwards: only the collected rows changed
    members = table(url, "member", "id")
    assert members[0][1] is None and members[0][2] is None and members[0][3] == datetime(2024, 2, 1, 9, 30)
    assert members[1] == (2, "tor.kunde@example.com", "Tor Eksempel", datetime(2024, 3, 15, 14, 0), 3)
    assert table(url, "address", "id") == [
        (1, None, None, None, None), (2, None, None, None, None), (3, "Deigstien", 7, "7010", "Trondheim")]
    assert table(url, "basket", "id") == [("b-100", None, 2, None), ("b-101", None, 1, None),
                                          ("b-200", 2, 3, False)]
    assert table(url, "basket_line", "basket_id, line_no")[0] == ("b-100", 1, 1, 2)
    assert len(table(url, "pastry", "id")) == 3
    # page_view.email is part of the primary key (NOT NULL): a surrogate, never the address
    views = table(url, "page_view", "email, seen_at")
    assert ("tor.kunde@example.com", datetime(2024, 5, 1, 9, 0)) in views
    erased = [v for v in views if v[0] != "tor.kunde@example.com"]
    assert len(erased) == 2 and all(v[0].endswith("@erased.invalid") and "siri" not in v[0] for v in erased)
    assert table(url, "complaint", "id") == [("c-1", None, date(2024, 6, 1), None),
                                             ("c-2", "tor.kunde@example.com", date(2024, 6, 3), 1)]
    # afterwards the identity finds nothing any more
    assert collect(plan, connectors, {"email": SIRI}).nonempty() == {}


@pytest.mark.postgres
def test_erasure_runs_again_without_changing_anything(bakery) -> None:
    url, datamap, connectors = bakery
    plan = build_plan(datamap, ["email"])
    collected = collect(plan, connectors, {"email": SIRI})
    erase(plan, connectors, collected, KEYS)
    names = ["member", "address", "basket", "page_view", "complaint"]
    before = {name: table(url, name, "1, 2") for name in names}
    steps: list[str] = []
    erase(plan, connectors, collected, KEYS, on_step=lambda step, outcome: steps.append(step.address))
    assert {name: table(url, name, "1, 2") for name in names} == before
    assert len(steps) == len(plan.steps)


@pytest.mark.postgres
def test_kept_rows_carry_their_reason(bakery) -> None:
    url, datamap, connectors = bakery
    plan = build_plan(datamap, ["email"])
    collected = collect(plan, connectors, {"email": SIRI})

    def keep_baskets(collection, row):
        return "bookkeeping (bokføringsloven § 13)" if collection.name == "basket" else None

    result = erase(plan, connectors, collected, KEYS, skip=keep_baskets)
    baskets = result.collections[B + "basket"]
    assert baskets.masked == []
    assert baskets.skipped == [({"id": i}, "bookkeeping (bokføringsloven § 13)") for i in ("b-100", "b-101")]
    assert [row[1] for row in table(url, "basket", "id")] == [1, 1, 2]
    assert table(url, "member", "id")[0][1] is None


@pytest.mark.postgres
def test_the_connector_reads_another_schema_from_the_url(bakery) -> None:
    url, _, _ = bakery
    archive = connect(KEY, url + "?schema=archive")
    assert [r["email"] for r in archive.retrieve("member", {"id": [1]})] == ["old.member@example.com"]


BAKERY_DECLARATION = """\
personvern: 1
controller:
  name: Eksempel Bakeri AS
  organisation_number: "923 456 783"
  country: NO
  address: {street: Bakergata 3, postal_code: "0150", city: Oslo, country: NO}
  email: privacy@bakeri.example.com
datasets:
  - key: bakery
    file: datasets/bakery.yml
    connection_env: BAKERY_DB_URL
  - key: bakery_loyalty
    file: datasets/loyalty.yml
    connection_env: BAKERY_DB_URL
activities:
  - key: shop
    name: Web shop
    purpose: essential.service
    legal_basis: contract
    data_subjects: [customer]
    data_categories: [user.contact.email, user.name, user.contact.address]
    covers: [bakery.member, bakery.basket, bakery.address, bakery.page_view, bakery.complaint,
             bakery.baker, bakery.newsletter_archive, bakery_loyalty.stamp_card]
requests:
  identities: [email, card_no]
"""


def _declaration(tmp_path, text: str = BAKERY_DECLARATION):
    import shutil

    (tmp_path / "datasets").mkdir(exist_ok=True)
    shutil.copy(DATASET, tmp_path / "datasets" / "bakery.yml")
    shutil.copy(LOYALTY, tmp_path / "datasets" / "loyalty.yml")
    path = tmp_path / "personvern.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path) -> list[str]:
    from personvern.declaration.loader import load
    from personvern.declaration.problems import DeclarationInvalid

    try:
        load(path)
    except DeclarationInvalid as exc:
        return [f"{p.line}:{p.column}: {p.message}" for p in exc.problems]
    return []


def test_check_names_personal_data_that_no_declared_identity_reaches(tmp_path) -> None:
    problems = [p for p in _problems(_declaration(tmp_path)) if "holds personal data" in p]
    # baker and the newsletter archive hold names and addresses, but nothing leads to them
    assert [p.split(": ", 1)[1].split(" but ")[0] for p in problems] == [
        "collection 'bakery.baker' holds personal data (email, full_name)",
        "collection 'bakery.newsletter_archive' holds personal data (recipient_name)",
    ]
    assert all("no identity in requests.identities (email, card_no) reaches it" in p for p in problems)
    assert all(p.startswith("9:5: ") for p in problems)  # at the dataset's entry
    without_card = _problems(_declaration(tmp_path, BAKERY_DECLARATION.replace(
        "identities: [email, card_no]", "identities: [email]")))
    assert any("'bakery_loyalty.stamp_card' holds personal data (card_no, holder, stamps)" in p
               for p in without_card)


def test_check_names_a_covered_collection_the_dataset_does_not_have(tmp_path) -> None:
    text = BAKERY_DECLARATION.replace("bakery.basket,", "bakery.baskets,")
    problems = _problems(_declaration(tmp_path, text))
    assert ("covers entry 'bakery.baskets' of activity 'shop' names collection 'baskets', which "
            "dataset 'bakery' does not have; did you mean 'basket'?") in [p.split(": ", 1)[1] for p in problems]
