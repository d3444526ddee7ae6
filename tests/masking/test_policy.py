"""Choosing strategies by category, column and override; the new values of whole rows."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import Integer, String

from personvern.connectors.base import ColumnInfo
from personvern.datamap.model import FieldSpec
from personvern.keys import Keys
from personvern.masking import names
from personvern.masking.policy import MaskingError, anonymisation_strategies, choose, mask_row, maskable
from personvern.masking.strategies import (
    DeleteRow,
    Fixed,
    GeneraliseDate,
    KeyedHash,
    Null,
    Surrogate,
    TruncateIp,
)

KEYS = Keys(b"policy-test-secret-0123456789abcdef")


def field(name: str, *categories: str, override: dict | None = None, **extra) -> FieldSpec:
    return FieldSpec(name, (name,), categories or ("user.name",), masking_override=override, **extra)


def column(kind: str = "string", **extra) -> ColumnInfo:
    return ColumnInfo(name="c", kind=kind, **extra)


def test_defaults_by_column() -> None:
    assert isinstance(choose(field("name"), column()), Null)
    assert isinstance(choose(field("name"), column(nullable=False)), Fixed)
    assert isinstance(choose(field("email"), column(nullable=False, unique=True), keys=KEYS), Surrogate)
    assert isinstance(choose(field("age"), Integer()), Null)  # a SQLAlchemy type is accepted too


def test_defaults_by_category() -> None:
    dob = field("born", "user.demographic.date_of_birth")
    assert isinstance(choose(dob, column("date")), GeneraliseDate)
    ip = field("ip", "user.device.ip_address")
    assert isinstance(choose(ip, column("string")), TruncateIp)
    assert isinstance(choose(field("seen_from", "user.device"), column("ip")), TruncateIp)


@pytest.mark.parametrize("override, strategy", [
    ({"strategy": "null_rewrite"}, Null),
    ({"strategy": "string_rewrite", "configuration": {"rewrite_value": "x"}}, Fixed),
    ({"strategy": "hash", "configuration": {"algorithm": "SHA-512"}}, KeyedHash),
    ({"strategy": "hmac"}, KeyedHash),
    ({"strategy": "aes_encrypt"}, KeyedHash),
    ({"strategy": "random_string_rewrite", "configuration": {"length": 8}}, Surrogate),
    ({"strategy": "generalise_date", "configuration": {"to": "month"}}, GeneraliseDate),
    ({"strategy": "truncate_ip", "configuration": {"ipv4_prefix": 16}}, TruncateIp),
    ({"strategy": "fixed", "configuration": {"value": "n/a"}}, Fixed),
    ({"strategy": "delete"}, DeleteRow),
])
def test_fides_and_own_override_names(override: dict, strategy: type) -> None:
    assert isinstance(choose(field("name", override=override), column(), keys=KEYS), strategy)


def test_null_override_on_a_not_null_column_falls_back() -> None:
    chosen = choose(field("name", override={"strategy": "null_rewrite"}), column(nullable=False))
    assert isinstance(chosen, Fixed)


def test_unknown_override_is_an_error() -> None:
    with pytest.raises(MaskingError, match="unknown masking strategy 'scramble'"):
        choose(field("name", override={"strategy": "scramble"}), column())


def test_anonymise_replaces_pseudonymisation() -> None:
    hashed = field("email", override={"strategy": "hash"})
    assert isinstance(choose(hashed, column(), keys=KEYS), KeyedHash)
    assert isinstance(choose(hashed, column(), keys=KEYS, anonymise=True), Surrogate)
    assert names.KEYED_HASH not in anonymisation_strategies()
    assert {names.NULL, names.FIXED, names.SURROGATE, names.GENERALISE_DATE, names.TRUNCATE_IP,
            names.DELETE_ROW} == anonymisation_strategies()


def test_keyed_strategies_need_keys() -> None:
    with pytest.raises(MaskingError, match="needs personvern's keys"):
        choose(field("email", override={"strategy": "hash"}), column())


def test_mask_row_masks_every_personal_field_whatever_its_type() -> None:
    fields = [
        FieldSpec("id", ("id",), ("user.unique_id",), primary_key=True),
        field("email", "user.contact.email"),
        field("name"),
        field("born", "user.demographic.date_of_birth"),
        field("ip", "user.device.ip_address"),
        field("points", "user.content"),
        field("vip", "user"),
        field("plan", "system.operations"),
        field("legacy", "user.name", read_only=True),
    ]
    columns = {
        "id": column("integer", nullable=False, primary_key=True, unique=True),
        "email": column("string", nullable=False, unique=True, length=40),
        "name": column("string"),
        "born": column("date", nullable=False),
        "ip": column("string", length=45),
        "points": column("integer", nullable=False),
        "vip": column("boolean", nullable=False),
        "plan": column("string"),
        "legacy": column("string"),
    }
    row = {"id": 7, "email": "ada@example.com", "name": "Ada", "born": date(1985, 6, 15),
           "ip": "203.0.113.9", "points": 120, "vip": True, "plan": "pro", "legacy": "x"}
    new = mask_row(row, fields, columns, KEYS)
    assert set(new) == {"email", "name", "born", "ip", "points", "vip"}
    assert new["email"].startswith("erased-") and len(new["email"]) <= 40
    assert new["name"] is None and new["born"] == date(1985, 1, 1) and new["ip"] == "203.0.113.0"
    assert new["points"] == 0 and new["vip"] is False
    assert mask_row(row, fields, columns, KEYS) == new  # the same on every run


def test_mask_row_skips_nulls_and_unchanged_values() -> None:
    fields = [field("name"), field("born", "user.demographic.date_of_birth")]
    columns = {"name": column(), "born": column("date")}
    assert mask_row({"name": None, "born": date(1990, 1, 1)}, fields, columns, KEYS) == {}


def test_mask_row_masks_members_of_json_documents() -> None:
    fields = [
        FieldSpec("profile", ("profile",), ()),
        FieldSpec("phone", ("profile", "phone"), ("user.contact.phone_number",)),
        FieldSpec("street", ("profile", "addresses", "street"), ("user.contact.address.street",)),
    ]
    columns = {"profile": column("json")}
    row = {"profile": {"phone": "+47 400 00 001", "theme": "dark",
                       "addresses": [{"street": "Gate 1", "city": "Oslo"}, {"street": "Vei 2"}]}}
    new = mask_row(row, fields, columns, KEYS)
    assert new == {"profile": {"phone": None, "theme": "dark",
                               "addresses": [{"street": None, "city": "Oslo"}, {"street": None}]}}
    assert row["profile"]["phone"] == "+47 400 00 001"  # the collected row is left as it was
    as_text = {"profile": json.dumps(row["profile"])}
    assert json.loads(mask_row(as_text, fields, {"profile": column("string")}, KEYS)["profile"]) == new["profile"]


def test_mask_row_needs_the_columns_the_dataset_names() -> None:
    with pytest.raises(MaskingError, match="no column 'mail'"):
        mask_row({"mail": "a"}, [field("mail")], {"email": column()}, KEYS)


def test_a_string_type_without_column_info() -> None:
    assert isinstance(choose(field("name"), String(20)), Null)


def test_not_null_links_keep_their_value_nullable_links_are_nulled() -> None:
    from personvern.datamap.model import FieldRef

    ref = (FieldRef("shop", "customers", "id", "from"),)
    fields = [
        field("customer_id", "user.unique_id"),  # a foreign key in the database, NOT NULL
        field("referrer_id", "user.unique_id", references=ref),  # a dataset reference, NOT NULL
        field("buyer_id", "user.unique_id"),  # a nullable foreign key
        field("seller_id", "user.unique_id", override={"strategy": "fixed", "configuration": {"value": 1}}),
    ]
    columns = {
        "customer_id": column("integer", nullable=False, foreign_key=True),
        "referrer_id": column("integer", nullable=False),
        "buyer_id": column("integer", foreign_key=True),
        "seller_id": column("integer", nullable=False, foreign_key=True),
    }
    row = {"customer_id": 5, "referrer_id": 6, "buyer_id": 7, "seller_id": 8}
    assert mask_row(row, fields, columns, KEYS) == {"buyer_id": None, "seller_id": 1}
    assert [f.name for f in maskable(fields, columns)] == ["buyer_id", "seller_id"]
    assert len(maskable(fields)) == 4  # without the columns nothing is known about links
