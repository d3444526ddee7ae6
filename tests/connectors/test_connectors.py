"""The same connector behaviour on SQLite, PostgreSQL and MariaDB (real servers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from personvern.connectors.base import Connector, ConnectorError
from personvern.connectors.factory import connect, connect_from_env
from personvern.declaration.model import DatasetRef
from tests.connectors.shop import ENGINES, database_url
from tests.datamap.fides import requires_fides


def ids(rows: list[dict]) -> list:
    return [row["id"] for row in rows]


def test_is_a_connector_and_reports_its_server(shop) -> None:
    assert isinstance(shop, Connector)
    assert shop.test_connection().split()[0] in {"sqlite", "postgresql", "mysql", "mariadb"}


def test_retrieve_returns_whole_rows_matching_any_field_and_value(shop) -> None:
    rows = shop.retrieve("customers", {"email": ["ada@example.com"]})
    assert ids(rows) == [1]
    assert set(rows[0]) == {"id", "email", "name", "born", "created_at", "vip", "balance", "notes", "profile"}
    assert rows[0]["name"] == "Ada"
    both = shop.retrieve("customers", {"email": ["bo@example.com"], "id": [1, 3]})
    assert ids(both) == [1, 2, 3]
    assert shop.retrieve("customers", {"email": ["nobody@example.com"]}) == []
    assert shop.retrieve("customers", {"email": []}) == []


def test_lookup_values_are_converted_to_the_column_type(shop) -> None:
    assert ids(shop.retrieve("customers", {"id": ["2", "x", None]})) == [2]
    assert ids(shop.retrieve("orders", {"id": ["o-1"], "customer_id": ["2"]})) == ["o-1", "o-3"]
    assert ids(shop.retrieve("orders", {"customer_id": [1.0]})) == ["o-1", "o-2"]


def test_lookups_are_batched(shop) -> None:
    shop.batch_size = 2  # this connector only
    values = [f"n{i}@example.com" for i in range(7)] + ["ada@example.com", "bo@example.com"]
    assert ids(shop.retrieve("customers", {"email": values, "id": [3]})) == [1, 2, 3]


def test_case_insensitive_matching_is_asked_for_per_field(shop) -> None:
    exact = shop.retrieve("customers", {"email": ["cy@example.com"]})
    # equality is the column's collation: MariaDB's default one ignores case
    assert ids(exact) == ([3] if shop.handle.engine.dialect.name == "mysql" else [])
    found = shop.retrieve("customers", {"email": ["cy@example.com"]}, casefold={"email"})
    assert ids(found) == [3]


def test_update_changes_only_the_given_rows(shop) -> None:
    count = shop.update("orders", [{"id": "o-1"}, {"id": "o-2"}], {"customer_id": None})
    assert count == 2
    assert [(r["id"], r["customer_id"]) for r in shop.retrieve("orders", {"id": ["o-1", "o-2", "o-3"]})] == [
        ("o-1", None), ("o-2", None), ("o-3", 2),
    ]


def test_update_gives_each_row_its_own_values(shop) -> None:
    rows = shop.retrieve("orders", {"customer_id": [1]})
    shop.update("orders", rows, lambda row: {"total": row["total"] * 2})
    assert [r["total"] for r in shop.retrieve("orders", {"id": ["o-1", "o-2", "o-3"]})] == [200, 500, 75]


def test_delete_children_then_parent(shop) -> None:
    assert shop.delete("orders", shop.retrieve("orders", {"customer_id": [1]})) == 2
    assert shop.delete("customers", [{"id": 1}]) == 1
    assert shop.retrieve("customers", {"id": [1]}) == []
    assert ids(shop.retrieve("orders", {"customer_id": [1, 2]})) == ["o-3"]


def test_deleting_a_referenced_row_is_refused_with_a_clear_error(shop) -> None:
    with pytest.raises(ConnectorError) as caught:
        shop.delete("customers", [{"id": 2}])
    message = str(caught.value)
    assert message.startswith("dataset 'shop': deleting from table 'customers'")
    assert "refused by a constraint" in message and "bo@example.com" not in message
    assert ids(shop.retrieve("customers", {"id": [2]})) == [2]  # the transaction rolled back


def test_table_without_primary_key_is_identified_by_its_values(shop) -> None:
    rows = shop.retrieve("events", {"customer_email": ["ada@example.com"]})
    assert len(rows) == 2
    assert shop.update("events", rows[:1], {"customer_email": None}) == 1
    assert len(shop.retrieve("events", {"customer_email": ["ada@example.com"]})) == 1
    assert shop.update("events", rows[:1], {"customer_email": None}) == 0  # already changed
    assert shop.delete("events", shop.retrieve("events", {"kind": ["login"]})) == 3


def test_columns_describe_types_nullability_and_keys(shop) -> None:
    columns = shop.columns("customers")
    assert list(columns)[:3] == ["id", "email", "name"]
    assert columns["id"].primary_key and not columns["id"].nullable
    assert columns["email"].kind == "string" and columns["email"].length == 60
    assert columns["email"].unique and not columns["email"].nullable
    assert columns["name"].nullable and not columns["name"].unique
    assert columns["born"].kind == "date"
    assert columns["created_at"].kind == "datetime" and not columns["created_at"].nullable
    assert columns["balance"].kind == "decimal"
    assert shop.primary_key("orders") == ("id",)
    assert shop.primary_key("events") == ()
    assert shop.foreign_keys("orders") == {"customers"}


def test_unknown_table_and_column_name_the_dataset(shop) -> None:
    with pytest.raises(ConnectorError, match="dataset 'shop': there is no table 'clients'"):
        shop.retrieve("clients", {"id": [1]})
    with pytest.raises(ConnectorError, match="table 'customers' has no column 'mail'"):
        shop.retrieve("customers", {"mail": ["ada@example.com"]})


@pytest.mark.parametrize("url, message", [
    ("postgresql://someone:s3cret-pw@127.0.0.1:1/shop", "cannot connect to the postgresql database 'shop' on 127.0.0.1:1"),
    ("mysql://someone:s3cret-pw@127.0.0.1:1/shop", "cannot connect to the mysql database 'shop' on 127.0.0.1:1"),
])
def test_connection_problems_are_one_clear_line(url: str, message: str) -> None:
    connector = connect("crm", url)
    with pytest.raises(ConnectorError) as caught:
        connector.test_connection()
    text = str(caught.value)
    assert text.startswith(f"dataset 'crm': {message}")
    assert "s3cret-pw" not in text and "Traceback" not in text and "\n" not in text
    assert caught.value.dataset == "crm"


def test_bad_urls_and_missing_settings(tmp_path: Path) -> None:
    with pytest.raises(ConnectorError, match="not a database URL"):
        connect("crm", "not a url")
    with pytest.raises(ConnectorError, match="'oracle' is not supported"):
        connect("crm", "oracle://u@h/db")
    with pytest.raises(ConnectorError, match="does not exist"):
        connect("crm", f"sqlite:///{tmp_path / 'missing.db'}")
    ref = DatasetRef(key="crm", file="crm.yml", connection_env="CRM_DATABASE_URL")
    with pytest.raises(ConnectorError, match="CRM_DATABASE_URL, which should hold the database URL, is not set"):
        connect_from_env(ref, {})


@pytest.mark.parametrize("kind", ENGINES)
def test_connect_from_env_reads_the_named_variable(kind: str, request, tmp_path: Path) -> None:
    from tests.connectors.shop import create_shop

    url = database_url(request, tmp_path, kind)
    create_shop(url)
    ref = DatasetRef(key="shop", file="shop.yml", connection_env="SHOP_DB")
    with connect_from_env(ref, {"SHOP_DB": url}) as connector:
        assert ids(connector.retrieve("customers", {"id": [1]})) == [1]


def test_a_refused_update_names_the_constraint_not_the_value(shop) -> None:
    with pytest.raises(ConnectorError) as caught:
        shop.update("customers", [{"id": 2}], {"email": "ada@example.com"})
    message = str(caught.value)
    assert "updating table 'customers'" in message and "refused by a constraint" in message
    assert "ada@example.com" not in message
    assert shop.retrieve("customers", {"id": [2]})[0]["email"] == "bo@example.com"


def test_a_session_reads_through_one_connection(shop) -> None:
    with shop.session():
        first = shop.retrieve("customers", {"id": [1]})
        with shop.session():  # nested: the same connection
            second = shop.retrieve("orders", {"customer_id": [1]})
    assert ids(first) == [1] and ids(second) == ["o-1", "o-2"]
    assert shop._held is None


@requires_fides
@pytest.mark.postgres
def test_postgres_schema_from_the_dataset_or_the_url(pg_url: str) -> None:
    from tests.datamap.fides import load_sample

    load_sample(pg_url)
    public = connect("fides", pg_url)
    assert [r["email"] for r in public.retrieve("customer", {"id": [1]})] == ["customer-1@example.com"]
    backup = connect("fides", pg_url, schema="backup_schema")
    assert [r["email"] for r in backup.retrieve("customer", {"id": [1]})] == ["customer-500@example.com"]
    by_url = connect("fides", pg_url + "?schema=backup_schema")
    assert [r["city"] for r in by_url.retrieve("address", {"id": [7]})] == ["Test Town"]
    with pytest.raises(ConnectorError, match="there is no table 'loyalty' in schema 'backup_schema'"):
        backup.retrieve("loyalty", {"id": ["CH-1"]})


def test_connect_datasets_takes_the_schema_from_the_data_map(tmp_path: Path) -> None:
    from personvern.connectors.factory import connect_datasets
    from personvern.datamap.loader import parse_datasets
    from personvern.datamap.model import DataMap
    from tests.connectors.shop import create_shop, sqlite_url

    url = sqlite_url(tmp_path)
    create_shop(url)
    (spec,) = parse_datasets(
        "fides_key: shop\nfides_meta:\n  namespace: {schema: main}\n"
        "collections:\n  - name: customers\n    fields:\n      - name: id\n", "shop.yml"
    )
    assert spec.schema == "main"
    refs = [DatasetRef(key="shop", file="shop.yml", connection_env="SHOP_DB")]
    connectors = connect_datasets(refs, DataMap.of(spec), {"SHOP_DB": url})
    assert connectors["shop"].handle.schema == "main"
    assert ids(connectors["shop"].retrieve("customers", {"id": [2]})) == [2]
