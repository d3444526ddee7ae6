"""Discovery on real PostgreSQL (the Fides example, TABLESAMPLE) and MariaDB (keyed ranges)."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import create_engine, text

from personvern.clock import FrozenClock
from personvern.datamap.loader import load_datamap
from personvern.discovery.classify import POSSIBLE
from personvern.discovery.compare import compare
from personvern.discovery.service import DiscoveryService, ScanOptions
from tests.datamap.fides import DATASET, KEY, libpq_url, load_sample
from tests.discovery.conftest import numbers



@pytest.mark.postgres
def test_fides_example_every_personal_column_found_and_additions_reported(pg_url) -> None:
    load_sample(pg_url)
    fnr = numbers(3)
    with psycopg.connect(libpq_url(pg_url), autocommit=True) as conn:
        conn.execute("ALTER TABLE customer ADD COLUMN fodselsnummer varchar(11), ADD COLUMN notes text")
        for i, number in enumerate(fnr, start=1):
            conn.execute("UPDATE customer SET fodselsnummer = %s, notes = %s WHERE id = %s",
                         (number, f"Asked to reply to other{i}@example.com today", i))
    datamap = load_datamap([DATASET])
    spec = datamap.datasets[KEY]
    service = DiscoveryService(FrozenClock(), ScanOptions(sample_size=200, seed=2))
    result = service.scan_url(pg_url, dataset=KEY)
    problems = compare(result, spec, datamap)
    missing = []
    for collection in spec.collections:
        table = result.table(collection.name)
        assert table is not None and table.error is None, collection.name
        for field in collection.personal_fields:
            finding = table.finding(field.column)
            if not ((finding and finding.confidence >= POSSIBLE) or table.relation):
                missing.append(f"{collection.name}.{field.column}")
    assert missing == []
    customer = result.table("customer")
    assert customer.finding("email").kind == "email"
    assert result.table("payment_card").finding("ccn").kind == "card"
    codes = {(p.code, p.table, p.column): p for p in problems}
    assert codes["undeclared_column", "customer", "fodselsnummer"].category == \
        "user.government_id.national_identification_number"
    assert codes["undeclared_column", "customer", "notes"].category == "user.contact.email"
    # the identity labelled system.operations
    assert ("weak_category", "service_request", "email") in codes


@pytest.mark.postgres
def test_postgres_large_table_is_sampled_with_tablesample(pg_url) -> None:
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE people (id bigint PRIMARY KEY, contact text, note text)"))
        conn.execute(text(
            "INSERT INTO people SELECT g, 'person' || g || '@example.com', 'row ' || g "
            "FROM generate_series(1, 300000) g"
        ))
        conn.execute(text("ANALYZE people"))
    engine.dispose()
    service = DiscoveryService(FrozenClock(), ScanOptions(sample_size=500, seed=3))
    result = service.scan_url(pg_url, dataset="big")
    people = result.table("people")
    assert people.method.startswith("TABLESAMPLE SYSTEM")
    assert 250 <= people.sampled <= 500
    assert people.finding("contact").kind == "email" and people.finding("contact").hit_rate == 1.0
    assert people.finding("note") is None


@pytest.mark.mariadb
def test_mariadb_keyed_ranges(mysql_url) -> None:
    engine = create_engine(mysql_url)
    fnr = numbers(2000, seed=11)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE members (id INT PRIMARY KEY, personnr VARCHAR(11), "
                          "ip VARCHAR(45), joined DATETIME) COMMENT 'club members'"))
        conn.execute(text("INSERT INTO members VALUES (:id, :nr, :ip, '2024-01-01')"),
                     [{"id": i, "nr": n, "ip": f"192.0.2.{i % 250}"} for i, n in enumerate(fnr)])
    engine.dispose()
    service = DiscoveryService(FrozenClock(), ScanOptions(sample_size=400, seed=4))
    result = service.scan_url(mysql_url, dataset="club")
    members = result.table("members")
    assert members.method.startswith("keyed ranges")
    assert 0 < members.sampled <= 400
    assert members.finding("personnr").kind == "fodselsnummer"
    assert members.finding("personnr").hit_rate == 1.0
    assert members.finding("ip").kind == "ip"
    assert members.finding("joined") is None
    assert compare(result, None) == []  # no declaration: findings, no problems


@pytest.mark.postgres
def test_postgres_table_never_analysed_is_still_sampled(pg_url) -> None:
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE visits (id bigint, ip inet)"))
        conn.execute(text("ALTER TABLE visits SET (autovacuum_enabled = false)"))
        conn.execute(text("INSERT INTO visits SELECT g, ('10.0.' || (g % 250) || '.' || (g % 200))::inet "
                          "FROM generate_series(1, 100000) g"))
    engine.dispose()
    service = DiscoveryService(FrozenClock(), ScanOptions(sample_size=200, seed=3))
    visits = service.scan_url(pg_url, dataset="raw").table("visits")
    assert visits.row_estimate is None
    assert visits.method.startswith("TABLESAMPLE") and 100 <= visits.sampled <= 200
    assert visits.finding("ip").kind == "ip"
