"""Reading dataset files in the fideslang Dataset format, the Fides files unmodified."""

from __future__ import annotations

from pathlib import Path

import pytest

from personvern.datamap.loader import load_dataset_file, load_datamap, parse_datasets
from personvern.datamap.model import DataMap, DatamapError, FieldRef
from tests.datamap.fides import DATASET, EXTENDED, EXTENDED_KEY, KEY, requires_fides


@requires_fides
def test_reads_the_fides_example_datasets_unmodified() -> None:
    (spec,) = load_dataset_file(DATASET)
    assert spec.key == KEY and spec.name == "Postgres Example Test Dataset"
    assert [c.name for c in spec.collections] == [
        "address", "customer", "employee", "login", "order_item", "orders", "payment_card",
        "product", "report", "service_request", "visit",
    ]
    customer = spec.collection("customer")
    assert customer.address == f"{KEY}:customer"
    email = customer.field("email")
    assert (email.identity, email.data_type, email.data_categories) == ("email", "string", ("user.contact.email",))
    assert [f.name for f in customer.primary_keys] == ["id"]
    assert [f.name for f in customer.personal_fields] == ["email", "id", "name"]
    assert customer.field("name").length == 40
    assert customer.field("address_id").references == (FieldRef(KEY, "address", "id", "to"),)
    assert spec.collection("login").field("customer_id").references == (FieldRef(KEY, "customer", "id", "from"),)
    assert spec.collection("employee").field("name").masking_override == {
        "strategy": "string_rewrite",
        "configuration": {"rewrite_value": "testing", "format_preservation": {"suffix": "-test"}},
    }
    assert spec.collection("payment_card").field("preferred").is_personal  # category "user"
    assert spec.collection("product").personal_fields == ()
    (extended,) = load_dataset_file(EXTENDED)
    assert extended.key == EXTENDED_KEY
    assert extended.collection("loyalty").field("id").identity == "loyalty_id"
    assert extended.collection("loyalty").field("points").data_type == "integer"


@requires_fides
def test_a_data_map_of_several_files_lists_its_identities() -> None:
    datamap = load_datamap([DATASET, EXTENDED])
    assert sorted(datamap.datasets) == [KEY, EXTENDED_KEY]
    assert datamap.identities() == ["email", "loyalty_id"]
    assert datamap.collection(f"{EXTENDED_KEY}:loyalty").name == "loyalty"
    assert datamap.collection(f"{KEY}:nothing") is None
    assert datamap.problems() == []
    with pytest.raises(DatamapError, match="described twice"):
        DataMap.of(*load_dataset_file(DATASET), *load_dataset_file(DATASET))


NESTED = """\
fides_key: app
name: App
collections:
  - name: accounts
    fides_meta:
      after: [app.users]
      erase_after: [app.users]
      masking_strategy_override:
        strategy: delete
    fields:
      - name: id
        fidesops_meta:
          primary_key: true
      - name: profile
        fides_meta:
          data_type: object
        fields:
          - name: phone
            data_categories: [user.contact.phone_number]
          - name: emails
            data_categories: [user.contact.email]
            fides_meta:
              data_type: string[]
              identity: email
  - name: users
    fields:
      - name: id
"""


def test_nested_fields_collection_meta_and_the_single_dataset_form() -> None:
    (spec,) = parse_datasets(NESTED, "app.yml")
    accounts = spec.collection("accounts")
    assert [f.path for f in accounts.fields] == [("id",), ("profile",), ("profile", "phone"), ("profile", "emails")]
    assert accounts.field("profile.emails").identity == "email"
    assert accounts.field("id").primary_key  # fidesops_meta is still read
    assert accounts.after == ("app:users",) and accounts.erase_after == ("app:users",)
    assert accounts.deletes_rows
    assert parse_datasets(f"- {NESTED.replace(chr(10), chr(10) + '  ')}", "list.yml")[0].key == "app"


@pytest.mark.parametrize("text, message, line", [
    ("dataset: [\n", "invalid YAML", 2),
    ("hello: world\n", "expected a 'dataset:' list", 1),
    ("dataset: []\n", "non-empty list", 1),
    ("dataset:\n  - fides_key: bad key!\n    collections: []\n", "fides_key", 2),
    ("dataset:\n  - fides_key: ok\n    collections:\n      - name: c\n        fields:\n"
     "          - name: f\n            fides_meta:\n              data_type: text\n",
     "data type text is not supported", 8),
    ("dataset:\n  - fides_key: ok\n    collections:\n      - name: c\n        fields:\n"
     "          - name: f\n            fides_meta:\n              masking_strategy_override:\n"
     "                strategy: scramble\n", "unknown masking strategy 'scramble'", 8),
    ("dataset:\n  - fides_key: ok\n    collections:\n      - name: c\n        fields:\n"
     "          - name: f\n            fides_meta:\n              references:\n"
     "                - {dataset: ok, field: id}\n", "must be 'collection.field'", 9),
])
def test_errors_name_the_file_and_line(text: str, message: str, line: int) -> None:
    with pytest.raises(DatamapError) as caught:
        parse_datasets(text, "shop.yml")
    assert message in str(caught.value)
    assert caught.value.file == "shop.yml" and caught.value.line == line
    assert str(caught.value).startswith(f"shop.yml:{line}: ")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatamapError, match="dataset file not found"):
        load_dataset_file(tmp_path / "none.yml")
