"""Data-subject requests through the engine: access and erasure for one person on PostgreSQL.

The Fides example schema (shared/interop/fides/postgres_sample.sql, loaded unmodified) scaled
to N customers, each with a home address, a payment card, 2 orders of 2 items, 5 logins,
2 visits, and for every 10th customer a service request; the Fides dataset file is used
unmodified. Identity columns are indexed (also as ``lower(email)``, since the requests engine
matches e-mail identities case-insensitively), and so are the columns references are looked
up by (``login.customer_id``, ``orders.customer_id``, ``payment_card.customer_id``,
``service_request.employee_id``), as foreign keys are in any real schema.

One access request = build the plan, collect through the connectors, keep the personal view
and build the export zip (``personvern.requests``' own functions, when present: "package
included"). One erasure request = plan, collect, mask every personal field (one transaction
per collection). Timed end to end in one process with warm connections, as a worker runs them.
Throughput: several worker processes running access requests at once.

Databases are generated once (generate_series, set-based) and kept as ``pv_bench_dsr_<N>``;
a later run reuses a database of the right size. Erasures use the last customers of the
range, which are rebuilt before each run, so the database stays reusable.

Usage:
    .venv/bin/python bench/dsr.py [--sizes 1000,100000,1000000] [--access 300] [--erasures 60]
                                  [--workers 1,2,4] [--seconds 10] [--write]
Needs PostgreSQL at PERSONVERN_BENCH_PG (default postgresql+psycopg://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("PERSONVERN_SHARED", ROOT.parent / "shared"))
FIDES = SHARED / "interop" / "fides"
SAMPLE_SQL = FIDES / "postgres_sample.sql"
DATASET = FIDES / "postgres_example_test_dataset.yml"
KEY = "postgres_example_test_dataset"
PG = os.environ.get("PERSONVERN_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
VERSION = 1  # of the generated data; a change rebuilds the databases
ERASURE_POOL = 200  # the last customers of each database, rebuilt before erasures

GS = "generate_series(%(lo)s::int, %(hi)s::int) AS i"
GENERATE = [
    "INSERT INTO address (id, house, street, city, state, zip) SELECT i, i % 1000, 'Street ' || i, "
    f"'City ' || (i % 500), 'NY', lpad((i % 100000)::text, 5, '0') FROM {GS}",
    "INSERT INTO customer (id, email, name, created, address_id) SELECT i, 'customer-' || i || "
    f"'@example.com', 'Customer ' || i, timestamp '2020-01-01' + i * interval '1 minute', i FROM {GS}",
    "INSERT INTO payment_card (id, name, ccn, code, preferred, customer_id, billing_address_id) "
    f"SELECT 'pay_' || i, 'Card ' || i, 4000000000 + i, 100 + i % 900, i % 2 = 0, i, i FROM {GS}",
    "INSERT INTO orders (id, customer_id, shipping_address_id, payment_card_id) "
    f"SELECT 'ord_' || i || '_' || k, i, i, 'pay_' || i FROM {GS}, generate_series(1, 2) AS k",
    "INSERT INTO order_item (order_id, item_no, product_id, quantity) SELECT 'ord_' || i || '_' || k, n, "
    f"(i + k + n) % 6 + 1, 1 FROM {GS}, generate_series(1, 2) AS k, generate_series(1, 2) AS n",
    "INSERT INTO login (id, customer_id, time) SELECT (i - 1) * 5 + k, i, timestamp '2021-01-01' + "
    f"((i - 1) * 5 + k) * interval '1 second' FROM {GS}, generate_series(1, 5) AS k",
    "INSERT INTO visit (email, last_visit) SELECT 'customer-' || i || '@example.com', "
    f"timestamp '2021-01-01' + ((i - 1) * 2 + k) * interval '1 second' FROM {GS}, generate_series(1, 2) AS k",
    "INSERT INTO service_request (id, email, alt_email, opened, closed, employee_id) SELECT 'ser_' || i, "
    f"'customer-' || i || '@example.com', NULL, date '2021-01-01' + i % 365, NULL, i % 2 + 1 FROM {GS} "
    "WHERE i % 10 = 0",
]
GENERATE = [statement.replace(" % ", " %% ") for statement in GENERATE]  # psycopg placeholders
REMOVE = [  # by keys that erasure leaves alone (it masks personal fields, never primary keys)
    f"DELETE FROM order_item WHERE order_id IN (SELECT 'ord_' || i || '_' || k FROM {GS}, generate_series(1, 2) AS k)",
    f"DELETE FROM orders WHERE id IN (SELECT 'ord_' || i || '_' || k FROM {GS}, generate_series(1, 2) AS k)",
    "DELETE FROM login WHERE id BETWEEN (%(lo)s - 1) * 5 + 1 AND %(hi)s * 5",
    "DELETE FROM visit WHERE last_visit BETWEEN timestamp '2021-01-01' + ((%(lo)s - 1) * 2 + 1) * interval "
    "'1 second' AND timestamp '2021-01-01' + (%(hi)s * 2) * interval '1 second'",
    f"DELETE FROM payment_card WHERE id IN (SELECT 'pay_' || i FROM {GS})",
    f"DELETE FROM service_request WHERE id IN (SELECT 'ser_' || i FROM {GS})",
    "DELETE FROM customer WHERE id BETWEEN %(lo)s AND %(hi)s",
    "DELETE FROM address WHERE id BETWEEN %(lo)s AND %(hi)s",
]
INDEXES = [
    "CREATE INDEX ON customer (email)", "CREATE INDEX ON customer (lower(email))",
    "CREATE INDEX ON employee (email)", "CREATE INDEX ON employee (lower(email))",
    "CREATE INDEX ON report (email)", "CREATE INDEX ON report (lower(email))",
    "CREATE INDEX ON service_request (email)", "CREATE INDEX ON service_request (lower(email))",
    "CREATE INDEX ON service_request (alt_email)", "CREATE INDEX ON service_request (lower(alt_email))",
    "CREATE INDEX ON visit (lower(email))",  # visit (email, last_visit) is its primary key
    "CREATE INDEX ON service_request (employee_id)", "CREATE INDEX ON login (customer_id)",
    "CREATE INDEX ON orders (customer_id)", "CREATE INDEX ON payment_card (customer_id)",
]
GENERATED = ["address", "customer", "payment_card", "orders", "order_item", "login", "visit", "service_request"]

DECLARATION = """\
personvern: 1
controller:
  name: Eksempel Butikk AS
  organisation_number: "923 456 783"
  country: NO
  address: {street: Gate 1, postal_code: "0150", city: Oslo, country: NO}
  email: privacy@example.com
datasets:
  - key: postgres_example_test_dataset
    file: dataset.yml
    connection_env: BENCH_SHOP_DB_URL
activities:
  - key: shop
    name: Web shop
    purpose: essential.service
    legal_basis: contract
    data_subjects: [customer]
    data_categories: [user.contact, user.financial, user.name]
    covers: [postgres_example_test_dataset.customer, postgres_example_test_dataset.orders,
             postgres_example_test_dataset.payment_card, postgres_example_test_dataset.address]
    retention: {period: P3Y, anchor: collected, fields: {postgres_example_test_dataset.customer: created,
      postgres_example_test_dataset.orders: customer.created, postgres_example_test_dataset.payment_card: customer.created,
      postgres_example_test_dataset.address: customer.created}}
  - key: security
    name: Login security
    purpose: essential.service.security
    legal_basis: legitimate_interests
    legitimate_interest: {interest: Keeping accounts safe, assessment: Short logs of sign-ins only}
    data_subjects: [customer]
    data_categories: [user.sensor]
    covers: [postgres_example_test_dataset.login, postgres_example_test_dataset.visit]
    retention: {period: P90D, anchor: collected, fields: {postgres_example_test_dataset.login: time,
      postgres_example_test_dataset.visit: last_visit}}
requests:
  identities: [email]
"""


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def database_url(size: int) -> str:
    return f"{PG}/pv_bench_dsr_{size}"


# --- generation ----------------------------------------------------------------------------

def ensure_database(size: int, rebuild: bool) -> tuple[str, float | None]:
    """The URL of a database with ``size`` customers; generates it when missing or stale."""
    url = database_url(size)
    name = f"pv_bench_dsr_{size}"
    with psycopg.connect(libpq(f"{PG}/postgres"), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and not rebuild:
            with psycopg.connect(libpq(url)) as conn:
                try:
                    meta = conn.execute("SELECT customers, version FROM bench_meta").fetchone()
                except psycopg.errors.UndefinedTable:
                    meta = None
            if meta == (size, VERSION):
                return url, None
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        conn.execute(SAMPLE_SQL.read_text(encoding="utf-8"))  # the Fides schema, unmodified
        conn.execute("TRUNCATE " + ", ".join(GENERATED))
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '512MB'")
        step = 250_000
        for lo in range(1, size + 1, step):
            bounds = {"lo": lo, "hi": min(size, lo + step - 1)}
            for statement in GENERATE:
                conn.execute(statement, bounds)
        for statement in INDEXES:
            conn.execute(statement)
        conn.execute("VACUUM ANALYZE")
        conn.execute("CREATE TABLE bench_meta (customers int, version int)")
        conn.execute("INSERT INTO bench_meta VALUES (%s, %s)", (size, VERSION))
    return url, time.perf_counter() - started


def rebuild_pool(url: str, size: int) -> tuple[int, int]:
    """Puts the erasure pool (the last customers) back as generated."""
    bounds = {"lo": max(1, size - ERASURE_POOL + 1), "hi": size}
    with psycopg.connect(libpq(url)) as conn:
        for statement in REMOVE + GENERATE:
            conn.execute(statement, bounds)
    return bounds["lo"], bounds["hi"]


def prewarm(url: str) -> str:
    """Reads tables and indexes into the OS page cache (the database fits in memory, as it
    would on a server of this size); without pg_prewarm, reads the tables only."""
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        try:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            conn.execute(
                "SELECT sum(pg_prewarm(c.oid, 'read')) FROM pg_class c JOIN pg_namespace n ON "
                "n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')"
            )
            return "pg_prewarm"
        except psycopg.Error:
            for table in GENERATED:
                conn.execute(f"SELECT count(*) FROM {table}")
            return "sequential reads"


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(libpq(url)) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in GENERATED}


# --- one request -----------------------------------------------------------------------------

@dataclass
class Engine:
    """What a worker holds: the data map, the declaration, personvern's keys, the package
    builder of the requests package when it is there."""

    url: str
    casefold: bool = True
    datamap: object = None
    declaration: object = None
    keys: object = None
    package: object = None
    personal_view: object = None
    notes: list[str] = field(default_factory=list)
    collect_seconds: list[float] = field(default_factory=list)
    package_cpu: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        import tempfile

        from personvern.datamap.loader import load_datamap
        from personvern.keys import Keys

        self.datamap = load_datamap([DATASET])
        self.keys = Keys(b"bench-secret-0123456789abcdef0123456789")
        try:
            from personvern.declaration.loader import load

            with tempfile.TemporaryDirectory() as tmp:
                (Path(tmp) / "dataset.yml").write_text(DATASET.read_text())
                (Path(tmp) / "personvern.yaml").write_text(DECLARATION)
                self.declaration = load(Path(tmp) / "personvern.yaml").declaration
        except Exception as exc:  # noqa: BLE001 - the bench runs without a declaration then
            self.notes.append(f"declaration not loaded ({type(exc).__name__}: {exc}); README without it")
        try:
            from personvern.requests.package import build_package

            self.package = build_package
        except ImportError:
            self.notes.append("personvern.requests.package.build_package missing: collection only")
        try:
            from personvern.requests.collecting import personal_view

            self.personal_view = personal_view
        except ImportError:
            self.personal_view = None

    def connectors(self):
        from personvern.connectors.factory import connect

        return {KEY: connect(KEY, self.url)}

    def access(self, email: str) -> tuple[int, int]:
        from personvern.datamap.execute import collect
        from personvern.datamap.plan import build_plan

        started = time.perf_counter()
        plan = build_plan(self.datamap, ["email"])
        collected = collect(plan, self.connectors(), {"email": email}, casefold_emails=self.casefold)
        rows = collected.nonempty()
        self.collect_seconds.append(time.perf_counter() - started)
        view = self.personal_view(self.datamap, rows) if self.personal_view else rows
        size = 0
        if self.package is not None:
            cpu = time.process_time()
            size = len(self.package(self.declaration, view, "en", generated_at=datetime.now(UTC)))
            self.package_cpu.append(time.process_time() - cpu)
        return sum(len(r) for r in rows.values()), size

    def erase(self, email: str) -> int:
        from personvern.datamap.execute import collect, erase
        from personvern.datamap.plan import build_plan

        plan = build_plan(self.datamap, ["email"])
        connectors = self.connectors()
        collected = collect(plan, connectors, {"email": email}, casefold_emails=self.casefold)
        return erase(plan, connectors, collected, self.keys).masked


def email(n: int) -> str:
    return f"customer-{n}@example.com"


# --- measuring -----------------------------------------------------------------------------

@dataclass
class Timing:
    seconds: list[float]
    cpu: list[float]

    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    def p95_ms(self) -> float:
        return statistics.quantiles(self.seconds, n=20, method="inclusive")[18] * 1000

    def cpu_ms(self) -> float:
        return statistics.mean(self.cpu) * 1000


def timed(run, values: list[int]) -> Timing:
    seconds, cpu = [], []
    for value in values:
        c0, t0 = time.process_time(), time.perf_counter()
        run(value)
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return Timing(seconds, cpu)


def _worker(url: str, size: int, casefold: bool, start_at: float, seconds: float, seed: int, out) -> None:
    engine = Engine(url, casefold)
    rng = random.Random(seed)
    pool_start = max(1, size - ERASURE_POOL + 1)
    for _ in range(5):
        engine.access(email(rng.randint(1, pool_start - 1)))
    while time.time() < start_at:
        time.sleep(0.001)
    done = 0
    end = start_at + seconds
    while time.time() < end:
        engine.access(email(rng.randint(1, pool_start - 1)))
        done += 1
    out.put(done)


def throughput(url: str, size: int, casefold: bool, workers: int, seconds: float) -> float:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    start_at = time.time() + 8.0  # time to start the interpreters and warm up
    processes = [context.Process(target=_worker, args=(url, size, casefold, start_at, seconds, 1000 + w, queue))
                 for w in range(workers)]
    for process in processes:
        process.start()
    total = sum(queue.get(timeout=seconds + 120) for _ in processes)
    for process in processes:
        process.join()
    return total / seconds


@dataclass
class Result:
    size: int
    generated_s: float | None
    rows: dict[str, int]
    access: Timing
    erasure: Timing
    package_bytes: int
    rows_per_access: int
    rates: dict[int, float]
    collect_ms: float
    package_cpu_ms: float
    load: float


def run_size(size: int, args: argparse.Namespace) -> Result:
    url, generated = ensure_database(size, args.rebuild)
    lo, hi = rebuild_pool(url, size)
    prewarm(url)
    engine = Engine(url, not args.exact)
    for note in engine.notes:
        print(f"  note: {note}")
    rng = random.Random(size)
    readers = [rng.randint(1, lo - 1) for _ in range(args.access)]
    for n in readers[:20]:  # warm-up: connections, reflection, code paths
        engine.access(email(n))
    found, package = engine.access(email(readers[0]))
    if found == 0:
        raise SystemExit(f"customer {readers[0]} not found in a database of {size}")
    engine.collect_seconds.clear()
    engine.package_cpu.clear()
    access = timed(lambda n: engine.access(email(n)), readers)
    collect_ms = statistics.median(engine.collect_seconds) * 1000
    package_cpu_ms = statistics.mean(engine.package_cpu) * 1000 if engine.package_cpu else 0.0
    targets = rng.sample(range(lo, hi + 1), min(args.erasures, hi - lo + 1))
    erasure = timed(lambda n: engine.erase(email(n)), targets)
    rebuild_pool(url, size)
    rates = {w: throughput(url, size, not args.exact, w, args.seconds) for w in args.workers}
    return Result(size, generated, counts(url), access, erasure, package, found, rates, collect_ms,
                  package_cpu_ms, os.getloadavg()[0])


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    with psycopg.connect(libpq(f"{PG}/postgres")) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, PostgreSQL {server} (same machine)")


def report(results: list[Result], args: argparse.Namespace, notes: list[str]) -> str:
    first = results[0]
    lines = [
        "## Requests (DSR)",
        "",
        f"`bench/dsr.py` ({datetime.now(UTC):%Y-%m-%d}): {machine()}.",
        "The Fides example schema and dataset file, unmodified, scaled to N customers (each: an address,",
        "a payment card, 2 orders of 2 items, 5 logins, 2 visits; every 10th a service request).",
        "Identity columns indexed (also `lower(email)`: e-mail identities match case-insensitively), and",
        "the foreign-key columns references are looked up by; the database is read into the OS page",
        "cache first (pg_prewarm), as on a server that holds it in memory. One process, warm connections, one",
        "person per request, end to end through the engine (no HTTP):",
        "access = plan + collect (11 collections) + personal view + export zip"
        + (" (`personvern.requests.package.build_package`)" if not any("collection only" in n for n in notes)
           else " — **package not included** (build_package missing)") + ";",
        "erasure = plan + collect + mask every personal field (a transaction per collection).",
        "",
        "| customers | rows in DB | access median | access p95 | of which collect (median) | CPU / access "
        "| of which zip | erasure median | erasure p95 |" + "".join(f" access/s, {w} proc |" for w in args.workers)
        + " load avg |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(args.workers) + "---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.size:,} | {sum(r.rows.values()):,} | {r.access.median_ms():.1f} ms | {r.access.p95_ms():.1f} ms "
            f"| {r.collect_ms:.1f} ms | {r.access.cpu_ms():.1f} ms | {r.package_cpu_ms:.1f} ms "
            f"| {r.erasure.median_ms():.1f} ms "
            f"| {r.erasure.p95_ms():.1f} ms |" + "".join(f" {r.rates[w]:.0f} |" for w in args.workers)
            + f" {r.load:.1f} |"
        )
    last = results[-1]
    lines += [
        "",
        f"Per access request: {first.rows_per_access} rows found, a {first.package_bytes:,}-byte zip. "
        f"Samples: {len(first.access.seconds)} access and {len(first.erasure.seconds)} erasure requests per size "
        f"(different people); throughput: {args.seconds:.0f} s per worker count, {os.cpu_count()} cores shared "
        "with PostgreSQL. \"of which zip\": CPU of `build_package` alone. \"load avg\": the machine's "
        "1-minute load average at the end of each size's run; above the number of cores, other jobs "
        "were competing for them and the times are inflated.",
    ]
    if len(results) > 1:
        ratio = last.access.median_ms() / first.access.median_ms()
        lines.append(f"Access median at {last.size:,} / at {first.size:,} customers: {ratio:.2f}×.")
    fides_access, fides_erasure = 1390.0, 2200.0
    lines.append(
        f"Against Fides 2.78.2 on the same schema (access 1.39 s median at 1,000,000 customers, erasure "
        f"2.2-2.7 s, 0.84 CPU-s per access): access {fides_access / last.access.median_ms():.0f}× faster, "
        f"erasure {fides_erasure / last.erasure.median_ms():.0f}× faster (against 2.2 s), "
        f"CPU per access {840 / last.access.cpu_ms():.0f}× less (client process only)."
    )
    generated = [f"{r.size:,}: {r.generated_s:.0f} s" for r in results if r.generated_s is not None]
    if generated:
        lines.append("Generation (once, then the database is reused): " + ", ".join(generated) + ".")
    lines += [f"Note: {n}" for n in notes]
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Appends the section to BENCHMARKS.md, or replaces this bench's own earlier section."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else (
        "# Benchmarks\n\nEach section is written by the bench script it names; rerun it to refresh.\n"
    )
    heading = "## Requests (DSR)"
    if heading in text:
        start = text.index(heading)
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--access", type=int, default=300, help="access requests timed per size")
    parser.add_argument("--erasures", type=int, default=60, help="erasure requests timed per size")
    parser.add_argument("--workers", default="1,2,4", help="worker processes for the throughput runs")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each throughput run")
    parser.add_argument("--exact", action="store_true", help="match e-mails exactly (not case-insensitively)")
    parser.add_argument("--rebuild", action="store_true", help="generate the databases again")
    parser.add_argument("--write", action="store_true", help="write the section into BENCHMARKS.md")
    args = parser.parse_args()
    args.workers = [int(w) for w in args.workers.split(",") if w]
    results = []
    notes = Engine(database_url(0)).notes
    for size in [int(s) for s in args.sizes.split(",")]:
        print(f"{size:,} customers ...", flush=True)
        result = run_size(size, args)
        print(f"  access median {result.access.median_ms():.1f} ms, p95 {result.access.p95_ms():.1f} ms; "
              f"erasure median {result.erasure.median_ms():.1f} ms; "
              + ", ".join(f"{w} proc {r:.0f}/s" for w, r in result.rates.items()), flush=True)
        results.append(result)
    section = report(results, args, notes)
    print()
    print(section)
    if args.write:
        write_section(section)


if __name__ == "__main__":
    main()
