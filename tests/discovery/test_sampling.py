"""Sampling limits on SQLite: keyed ranges, the sample size, and the time limit."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from personvern.clock import FrozenClock
from personvern.discovery.classify import classify
from personvern.discovery.schema import ColumnMeta
from personvern.discovery.service import DiscoveryService, ScanOptions
from personvern.errors import Invalid


def _database(path, rows: int, *, key: bool = True) -> str:
    conn = sqlite3.connect(path)
    pk = "INTEGER PRIMARY KEY" if key else "INTEGER"
    conn.execute(f"CREATE TABLE log (id {pk}, ip TEXT, lat REAL, lon REAL, body TEXT)")
    conn.executemany("INSERT INTO log VALUES (?, ?, ?, ?, ?)",
                     [(i, f"192.0.2.{i % 250}", 59.9 + i % 7 / 10000.0 + 0.00011, 10.7 + 0.00013,
                       "x" * 50) for i in range(1, rows + 1)])
    conn.commit()
    conn.close()
    return f"sqlite:///{path}"


def test_keyed_ranges_give_at_most_the_sample_size(tmp_path) -> None:
    url = _database(tmp_path / "a.db", 20000)
    service = DiscoveryService(FrozenClock(), ScanOptions(sample_size=300, seed=5))
    log = service.scan_url(url).table("log")
    assert log.method == "keyed ranges (8 random ranges on id)"
    assert 0 < log.sampled <= 300
    assert log.finding("ip").kind == "ip"
    assert log.finding("lat").kind == "gps" and log.finding("lon").kind == "gps"
    assert log.finding("body") is None


def test_the_time_limit_stops_a_table(tmp_path) -> None:
    url = _database(tmp_path / "b.db", 20000, key=False)
    service = DiscoveryService(FrozenClock(), ScanOptions(sample_size=20000, table_time_limit=1e-6))
    log = service.scan_url(url).table("log")
    assert log.timed_out and log.sampled == 0 and log.method == "timed out"


def test_options_are_checked() -> None:
    with pytest.raises(Invalid, match="sample size"):
        ScanOptions(sample_size=0)
    with pytest.raises(Invalid, match="time limit"):
        ScanOptions(table_time_limit=0)


def test_dates_of_birth_need_a_clue_and_plausible_dates() -> None:
    today = date(2026, 1, 15)
    born = [date(1950 + i % 60, 1 + i % 12, 1 + i % 28) for i in range(50)]
    assert classify(ColumnMeta("fodselsdato", "date", "DATE"), born, today).kind == "date_of_birth"
    assert classify(ColumnMeta("shipped_on", "date", "DATE"), born, today) is None
    gps = classify(ColumnMeta("latitude", "decimal", "NUMERIC"), [Decimal("59.913900")] * 20, today)
    assert gps.kind == "gps" and gps.categories == ("user.location.precise",)
