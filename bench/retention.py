"""Retention sweep on PostgreSQL: personvern's batched sweep against one plain DELETE.

Two identical tables of N rows (default 5,000,000) are generated set-based: a web access log
(``id`` bigserial, ``ts`` indexed, IP, path, user agent, customer id), time-ordered like a
real log, half of the rows older than the 30-day retention. On one table personvern runs its
sweep (``RetentionService.run``: keyset batches, each ``DELETE … WHERE id IN (…) AND ts < :cutoff``
in its own transaction, progress recorded in personvern's store before and after each batch);
on the other, one ``DELETE FROM … WHERE ts < :cutoff``. Both in one run, on the same server.

Reported: rows/s of both, their ratio, and the longest time one transaction held its row
locks (for personvern the longest batch, for the plain statement its whole duration).
Goal: at least 0.5x the plain statement's rows/s, no batch over 1 s.

Usage:
    .venv/bin/python bench/retention.py [--rows 5000000] [--batch-size 10000] [--keep]
Needs PostgreSQL at PERSONVERN_BENCH_PG (default postgresql+psycopg://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
PG = os.environ.get("PERSONVERN_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
URL_ENV = "PV_BENCH_RETENTION_URL"

DECLARATION = """personvern: 1
controller:
  name: Benk AS
  organisation_number: "923609016"
  country: "NO"
  address: {street: Testveien 1, postal_code: "0150", city: Oslo, country: "NO"}
  email: personvern@benk.example
datasets:
  - {key: bench, file: bench.yml, connection_env: PV_BENCH_RETENTION_URL}
activities:
  - key: logs
    name: Server logs
    context: security
    purpose: essential.service.security
    legal_basis: legitimate_interests
    legitimate_interest: {interest: Security., assessment: Kept 30 days.}
    data_subjects: [visitor]
    data_categories: [user.device.ip_address]
    covers: [bench.access_log]
    retention: {anchor: collected, field: ts, period: P30D}
"""
DATASET = """dataset:
  - fides_key: bench
    collections:
      - name: access_log
        fields:
          - {name: id, data_categories: [system.operations], fides_meta: {primary_key: true}}
          - {name: ts, data_categories: [system.operations]}
          - {name: ip, data_categories: [user.device.ip_address]}
          - {name: path, data_categories: [user.behavior.browsing_history]}
          - {name: user_agent, data_categories: [user.device]}
          - {name: customer_id, data_categories: [user.unique_id]}
"""
TABLE = """CREATE TABLE {name} (
    id bigserial PRIMARY KEY, ts timestamp NOT NULL, ip text NOT NULL, path text NOT NULL,
    user_agent text, customer_id integer)"""
# Row i is (N - i) * step seconds old, the second half of the ids spanning the last 29 days;
# the first half is moved 60 days further back, beyond the 30-day retention.
FILL = """INSERT INTO {name} (ts, ip, path, user_agent, customer_id)
SELECT %(now)s::timestamp - ((%(n)s - i) * %(step)s) * interval '1 second'
       - CASE WHEN i <= %(n)s / 2 THEN interval '60 days' ELSE interval '0' END,
       '10.' || (i %% 250) || '.' || (i %% 200) || '.' || (i %% 199 + 1), '/sykler/' || (i %% 500),
       'Mozilla/5.0 (X11; Linux x86_64)', CASE WHEN i %% 3 = 0 THEN i %% 10000 END
FROM generate_series(1, %(n)s) AS i"""


def libpq(url: str) -> str:
    parsed = make_url(url)
    return f"host={parsed.host} port={parsed.port or 5432} user={parsed.username} dbname={parsed.database}"


def build(conn: psycopg.Connection, rows: int, now: datetime) -> None:
    step = (29 * 86400) * 2 / rows
    for name in ("access_log", "plain_copy"):
        conn.execute(TABLE.format(name=name))
        started = time.monotonic()
        conn.execute(FILL.format(name=name), {"now": now.replace(tzinfo=None), "n": rows, "step": step})
        conn.execute(f"CREATE INDEX ix_{name}_ts ON {name} (ts)")
        conn.execute(f"VACUUM (ANALYZE) {name}")
        print(f"  {name}: {rows:,} rows in {time.monotonic() - started:.0f} s", flush=True)


def sweep(url: str, work: Path, batch_size: int) -> tuple[int, float, int, int]:
    from personvern.clock import Clock
    from personvern.container import Container
    from personvern.db.migrate import upgrade
    from personvern.settings import Settings

    (work / "personvern.yaml").write_text(DECLARATION)
    (work / "bench.yml").write_text(DATASET)
    os.environ[URL_ENV] = url
    settings = Settings.model_validate({
        "data_dir": work, "database": {"url": f"sqlite:///{work / 'personvern.sqlite3'}"},
        "jobs": {"backend": "memory", "run_in_service": False},
        "security": {"secret_key": "bench-secret-key-0123456789abcdef0123456789"},
    })
    container = Container(settings, clock=Clock())
    upgrade(container.db)
    service = container.retention
    target = service.target_from(work / "personvern.yaml")
    started = time.monotonic()
    run = service.run(target, actor="bench", batch_size=batch_size)
    elapsed = time.monotonic() - started
    _, progress = service.report(run.id)
    log = next(p for p in progress if p.key == "bench:access_log")
    assert log.state == "done", log.errors
    container.close()
    return log.affected, elapsed, log.max_batch_ms, log.batches


def plain(conn: psycopg.Connection, cutoff: datetime) -> tuple[int, float]:
    started = time.monotonic()
    with conn.transaction():
        deleted = conn.execute("DELETE FROM plain_copy WHERE ts < %s", (cutoff.replace(tzinfo=None),)).rowcount
    return deleted, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    args = parser.parse_args()

    from personvern.retention.cutoff import cutoff, midnight

    name = f"pv_bench_retention_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(libpq(f"{PG}/postgres"), autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG}/{name}"
    now = datetime.now(UTC)
    limit = midnight(cutoff("collected", "P30D", now.date()), aware=False)
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"PostgreSQL {admin.info.server_version // 10000}.{admin.info.server_version % 10000}; {args.rows:,} rows per table, batch size "
          f"{args.batch_size:,}, cutoff {limit:%Y-%m-%d}", flush=True)
    try:
        with psycopg.connect(libpq(url), autocommit=True) as conn:
            build(conn, args.rows, now)
            expired = conn.execute("SELECT count(*) FROM access_log WHERE ts < %s", (limit,)).fetchone()[0]
            print(f"  expired: {expired:,} rows per table", flush=True)
            plain_rows, plain_s = plain(conn, limit)
        with tempfile.TemporaryDirectory(prefix="pv-bench-retention-") as tmp:
            swept, sweep_s, longest_ms, batches = sweep(url, Path(tmp), args.batch_size)
        assert swept == plain_rows == expired, (swept, plain_rows, expired)
        plain_rate, sweep_rate = plain_rows / plain_s, swept / sweep_s
        print()
        print("| | rows deleted | time | rows/s | longest lock |")
        print("|---|---|---|---|---|")
        print(f"| one plain `DELETE … WHERE ts < cutoff` | {plain_rows:,} | {plain_s:.1f} s | "
              f"{plain_rate:,.0f} | {plain_s:.1f} s (the whole statement) |")
        print(f"| personvern sweep, {batches:,} batches of {args.batch_size:,} | {swept:,} | {sweep_s:.1f} s | "
              f"{sweep_rate:,.0f} | {longest_ms} ms (longest batch) |")
        print(f"\nratio: {sweep_rate / plain_rate:.2f}x the plain statement's rows/s (goal >= 0.5); "
              f"longest batch {longest_ms} ms (goal <= 1000)")
    finally:
        from personvern.connectors.factory import dispose_all

        dispose_all()
        if not args.keep:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
