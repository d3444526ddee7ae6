"""Dataset rules of `personvern check`: reachability from the declared identities, covers,
dataset keys and files, each problem with its position."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from personvern.datamap.check import check_datasets, check_declared_datasets
from personvern.datamap.declared import datamap_of
from personvern.declaration.loader import load
from personvern.declaration.problems import DeclarationInvalid
from tests.datamap.fides import DATASET, EXTENDED, requires_fides

DECLARATION = """\
personvern: 1
controller:
  name: Eksempel AS
  organisation_number: "923 456 783"
  country: NO
  address: {street: Gate 1, postal_code: "0150", city: Oslo, country: NO}
  email: privacy@example.com
datasets:
  - key: postgres_example_test_dataset
    file: datasets/shop.yml
    connection_env: SHOP_DB_URL
  - key: postgres_example_test_extended_dataset
    file: datasets/loyalty.yml
    connection_env: SHOP_DB_URL
activities:
  - key: shop
    name: Web shop
    purpose: essential.service
    legal_basis: contract
    data_subjects: [customer]
    data_categories: [user.contact.email]
    covers: [postgres_example_test_dataset.customer, postgres_example_test_dataset.login]
    retention:
      period: P3Y
      anchor: collected
      fields: {postgres_example_test_dataset.customer: created, postgres_example_test_dataset.login: time}
requests:
  identities: [email, loyalty_id]
"""


def load_problems(path: Path) -> list:
    """What `personvern check` reports for the file: the loader runs the data-map rule."""
    try:
        load(path)
    except DeclarationInvalid as exc:
        return exc.problems
    return []


def write(tmp_path: Path, text: str = DECLARATION) -> Path:
    (tmp_path / "datasets").mkdir(exist_ok=True)
    shutil.copy(DATASET, tmp_path / "datasets" / "shop.yml")
    shutil.copy(EXTENDED, tmp_path / "datasets" / "loyalty.yml")
    path = tmp_path / "personvern.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(problems) -> list[str]:
    return [p.message for p in problems]


@requires_fides
def test_the_fides_example_passes_when_every_identity_is_declared(tmp_path: Path) -> None:
    loaded = load(write(tmp_path))
    assert check_datasets(loaded) == []
    assert sorted(datamap_of(loaded).datasets) == [
        "postgres_example_test_dataset", "postgres_example_test_extended_dataset",
    ]


@requires_fides
def test_personal_data_no_identity_reaches_is_an_error_naming_the_collection(tmp_path: Path) -> None:
    path = write(tmp_path, DECLARATION.replace("identities: [email, loyalty_id]", "identities: [email]"))
    (problem,) = load_problems((path))
    assert problem.message.startswith(
        "collection 'postgres_example_test_extended_dataset.loyalty' holds personal data "
        "(id, name, points, tier) but no identity in requests.identities (email) reaches it"
    )
    assert (problem.file, problem.line, problem.column) == (str(path), 12, 5)  # its datasets entry


@requires_fides
def test_covers_and_retention_fields_must_exist_in_the_dataset(tmp_path: Path) -> None:
    text = DECLARATION.replace(
        "covers: [postgres_example_test_dataset.customer, postgres_example_test_dataset.login]",
        "covers: [postgres_example_test_dataset.customers, postgres_example_test_dataset.login]",
    ).replace(
        "fields: {postgres_example_test_dataset.customer: created, postgres_example_test_dataset.login: time}",
        "fields: {postgres_example_test_dataset.customers: created, postgres_example_test_dataset.login: tme}",
    )
    problems = load_problems((write(tmp_path, text)))
    assert messages(problems) == [
        "covers entry 'postgres_example_test_dataset.customers' of activity 'shop' names collection "
        "'customers', which dataset 'postgres_example_test_dataset' does not have; did you mean 'customer'?",
        "the retention of activity 'shop' counts 'postgres_example_test_dataset.login' from field 'tme', "
        "which that collection does not have; did you mean 'time'?",
    ]
    assert [(p.line, p.column) for p in problems] == [(22, 14), (26, 103)]


@requires_fides
def test_a_retention_field_every_covered_collection_must_have(tmp_path: Path) -> None:
    text = DECLARATION.replace(
        "      fields: {postgres_example_test_dataset.customer: created, postgres_example_test_dataset.login: time}",
        "      field: created",
    )
    (problem,) = load_problems((write(tmp_path, text)))
    assert problem.message.startswith(
        "the retention of activity 'shop' counts from field 'created', which collection "
        "'postgres_example_test_dataset.login' does not have"
    )
    assert problem.line == 26


@requires_fides
def test_a_key_the_file_does_not_hold(tmp_path: Path) -> None:
    text = DECLARATION.replace("  - key: postgres_example_test_extended_dataset\n", "  - key: loyalty\n")
    problems = load_problems((write(tmp_path, text)))
    assert messages(problems) == [
        "dataset file 'datasets/loyalty.yml': the file has no dataset with fides_key 'loyalty' "
        "(it has: postgres_example_test_extended_dataset)",
    ]
    assert problems[0].line == 12


@requires_fides
def test_an_invalid_dataset_file_points_into_that_file(tmp_path: Path) -> None:
    path = write(tmp_path)
    shop = tmp_path / "datasets" / "shop.yml"
    shop.write_text(shop.read_text().replace("user.contact.address.city", "not a key!"), encoding="utf-8")
    (problem,) = load_problems((path))
    assert problem.file == str(shop) and problem.line == 9
    assert "data_categories" in problem.message


@requires_fides
def test_the_pieces_form_for_the_declaration_loader(tmp_path: Path) -> None:
    loaded = load(write(tmp_path))
    problems = check_declared_datasets(
        loaded.declaration.model_copy(update={"requests": loaded.declaration.requests.model_copy(
            update={"identities": ["loyalty_id"]})}),
        loaded.positions, str(loaded.path), loaded.path.parent,
    )
    unreachable = sorted(p.message.split("'")[1] for p in problems)
    assert unreachable == [f"postgres_example_test_dataset.{name}" for name in (
        "address", "customer", "employee", "login", "orders", "payment_card", "report",
        "service_request", "visit")]


@pytest.mark.parametrize(
    "example", ["examples/saas-vendor/personvern.yaml", "src/personvern/demo/files/personvern.yaml"]
)
def test_repository_declarations_with_datasets_pass_the_datamap_rule(example: str) -> None:
    root = Path(__file__).resolve().parents[2]
    assert load_problems(root / example) == []


@requires_fides
def test_a_retention_date_in_a_related_collection(tmp_path: Path) -> None:
    text = DECLARATION.replace("postgres_example_test_dataset.login: time}",
                               "postgres_example_test_dataset.login: customer.created}")
    assert load_problems((write(tmp_path, text))) == []
    text = DECLARATION.replace("postgres_example_test_dataset.login: time}",
                               "postgres_example_test_dataset.login: customer.born}")
    (problem,) = load_problems((write(tmp_path, text)))
    assert "from field 'customer.born', which that collection does not have" in problem.message
