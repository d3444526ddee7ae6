"""Erasure on real databases masks every personal column, whatever its type, with values the
database accepts: NOT NULL columns, short varchars, unique columns, numbers, dates, booleans,
IP addresses, JSON documents and their members."""

from __future__ import annotations

import ipaddress
import json
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from personvern.connectors.factory import connect, dispose_all
from personvern.datamap.execute import erase_collection
from personvern.datamap.model import CollectionSpec, FieldSpec
from personvern.datamap.plan import Step
from personvern.keys import Keys

KEYS = Keys(b"every-type-secret-0123456789abcdef")

# name: (PostgreSQL, MariaDB, SQLite) column definitions
COLUMNS = {
    "id": ("integer primary key", "integer primary key", "integer primary key"),
    "email": ("varchar(40) not null unique", "varchar(40) not null unique", "varchar(40) not null unique"),
    "short_name": ("varchar(8) not null",) * 3,
    "alias": ("varchar(10) not null",) * 3,
    "nickname": ("text", "text", "text"),
    "age": ("smallint not null",) * 3,
    "score": ("bigint", "bigint", "bigint"),
    "balance": ("numeric(8,2) not null", "decimal(8,2) not null", "numeric(8,2) not null"),
    "ratio": ("double precision", "double", "real"),
    "born": ("date not null",) * 3,
    "seen_at": ("timestamp not null", "datetime not null", "timestamp not null"),
    "active": ("boolean not null",) * 3,
    "ip_text": ("varchar(45)",) * 3,
    "profile": ("jsonb not null", "json not null", "json not null"),
    "settings": ("json", "json", "json"),
}
PG_ONLY = {
    "ip": "inet not null",
    "token": "uuid not null unique",
    "seen_tz": "timestamptz",
    "wake": "time",
    "span": "interval",
    "tags": "text[]",
}
CATEGORIES = {
    "email": "user.contact.email", "short_name": "user.name", "alias": "user.name",
    "nickname": "user.name", "age": "user.demographic.age_range", "score": "user.content",
    "balance": "user.financial", "ratio": "user.content", "born": "user.demographic.date_of_birth",
    "seen_at": "user.sensor", "active": "user", "ip_text": "user.device.ip_address",
    "profile": "user.content", "ip": "user.device.ip_address", "token": "user.unique_id.pseudonymous",
    "seen_tz": "user.sensor", "wake": "user.behavior", "span": "user.behavior", "tags": "user.content",
}
ROW = {
    "email": "ada@example.com", "short_name": "Ada L", "alias": "ada", "nickname": "countess",
    "age": 38, "score": 10**12, "balance": Decimal("123.45"), "ratio": 0.25, "born": date(1985, 6, 15),
    "seen_at": datetime(2024, 5, 1, 8, 30), "active": True, "ip_text": "203.0.113.9",
    "profile": {"bio": "mathematician"}, "settings": {"phone": "+47 400 00 001", "theme": "dark"},
}
PG_ROW = {"ip": "203.0.113.9", "token": str(uuid.UUID(int=42)), "seen_tz": "2024-05-01T08:30:00+02:00",
          "wake": "07:15", "span": "3 days", "tags": "{one,two}"}


def _collection(pg: bool) -> CollectionSpec:
    names = [n for n in COLUMNS if n != "id"] + (list(PG_ONLY) if pg else [])
    fields = [FieldSpec("id", ("id",), ("user.unique_id",), primary_key=True)]
    for name in names:
        override = {"strategy": "hash", "configuration": {}} if name == "alias" else None
        categories = () if name == "settings" else (CATEGORIES[name],)
        fields.append(FieldSpec(name, (name,), categories, masking_override=override))
    fields.append(FieldSpec("phone", ("settings", "phone"), ("user.contact.phone_number",)))
    return CollectionSpec("people_db", "people", tuple(fields))


@pytest.fixture(params=[
    pytest.param("sqlite"),
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
])
def people(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    kind = request.param
    url = {"sqlite": lambda: f"sqlite:///{tmp_path / 'people.db'}",
           "postgres": lambda: request.getfixturevalue("pg_url"),
           "mariadb": lambda: request.getfixturevalue("mysql_url")}[kind]()
    position = {"postgres": 0, "mariadb": 1, "sqlite": 2}[kind]
    columns = {name: spec[position] for name, spec in COLUMNS.items()}
    if kind == "postgres":
        columns.update(PG_ONLY)
    ddl = "CREATE TABLE people (" + ", ".join(f"{n} {t}" for n, t in columns.items()) + ")"
    values = {**ROW, **(PG_ROW if kind == "postgres" else {})}
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(ddl)
        for person_id, email in ((1, "ada@example.com"), (2, "bo@example.com")):
            row = {**values, "id": person_id, "email": email}
            if kind == "postgres":
                row["token"] = str(uuid.UUID(int=40 + person_id))
            row = {k: json.dumps(v) if isinstance(v, dict) else (str(v) if isinstance(v, (Decimal, date)) else v)
                   for k, v in row.items()}
            names = ", ".join(row)
            marks = ", ".join(f"%({k})s" if kind != "sqlite" else f":{k}" for k in row)
            conn.exec_driver_sql(f"INSERT INTO people ({names}) VALUES ({marks})", row)
    engine.dispose()
    yield kind, url
    dispose_all()


def test_erasure_masks_every_type(people: tuple[str, str]) -> None:
    kind, url = people
    connector = connect("people_db", url)
    collection = _collection(kind == "postgres")
    rows = connector.retrieve("people", {"email": ["ada@example.com"]})
    assert len(rows) == 1
    outcome = erase_collection(Step(collection, ()), connector, rows, KEYS)
    assert outcome.masked == [{"id": 1}]

    (after,) = connector.retrieve("people", {"id": [1]})
    assert after["email"].startswith("erased-") and after["email"].endswith("@erased.invalid")
    assert len(after["email"]) <= 40
    assert after["short_name"] == "REDACTED"  # exactly the 8 characters the column holds
    assert len(after["alias"]) == 10 and after["alias"] != "ada"  # keyed hash, cut to varchar(10)
    assert after["alias"] == connector.retrieve("people", {"id": [1]})[0]["alias"]
    assert after["nickname"] is None and after["score"] is None and after["ratio"] is None
    assert after["age"] == 0
    assert Decimal(str(after["balance"])) == 0
    assert str(after["born"]) == "1985-01-01"
    assert str(after["seen_at"]).startswith("1900-01-01")
    assert not after["active"]
    assert after["ip_text"] == "203.0.113.0"
    profile = after["profile"] if isinstance(after["profile"], dict) else json.loads(after["profile"])
    assert profile == {}
    settings = after["settings"] if isinstance(after["settings"], dict) else json.loads(after["settings"])
    assert settings == {"phone": None, "theme": "dark"}
    if kind == "postgres":
        assert ipaddress.ip_interface(str(after["ip"])).ip == ipaddress.ip_address("203.0.113.0")
        assert isinstance(after["token"], uuid.UUID) and after["token"] != uuid.UUID(int=41)
        assert after["seen_tz"] is None and after["wake"] is None and after["span"] is None
        assert after["tags"] is None

    (untouched,) = connector.retrieve("people", {"id": [2]})
    assert untouched["email"] == "bo@example.com" and untouched["nickname"] == "countess"
    assert untouched["ip_text"] == "203.0.113.9" and untouched["age"] == 38

    again = erase_collection(Step(collection, ()), connector, rows, KEYS)  # a resumed run
    assert again.masked == [{"id": 1}]
    assert connector.retrieve("people", {"id": [1]}) == [after]
