"""Consent write throughput on loopback: `personvern`'s app under uvicorn, driven by wrk.

For each store (SQLite, PostgreSQL) a fresh store is created and the server is started in
a subprocess exactly as `personvern serve` runs it (uvicorn, uvloop + httptools, one
process), with one extra route ``POST /bench/noop`` that reads the body and answers a
constant JSON: the HTTP stack's ceiling on the same server. wrk (one thread, many
connections, Lua script for the POST) drives each endpoint for ``--seconds``; its latency
percentiles are read through wrk's Lua ``done`` hook. Afterwards the store is counted:
every acknowledged (2xx) consent must be there.

Usage:
    .venv/bin/python bench/consent.py [--seconds 30] [--connections 64] [--stores sqlite,postgres]
Needs: wrk (Debian package `wrk`), PostgreSQL at PERSONVERN_BENCH_PG (default
postgresql+psycopg://postgres@127.0.0.1:5432) for the PostgreSQL case.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request  # resolved at module level: the no-op route's annotation

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "consent" / "fixtures" / "personvern.yaml"
PG = os.environ.get("PERSONVERN_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
LUA = """
wrk.method = "POST"
wrk.body = [[%(body)s]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) bench"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\":%%d,\\"duration_us\\":%%d,\\"status_errors\\":%%d,\\"socket_errors\\":%%d," ..
    "\\"p50_us\\":%%d,\\"p90_us\\":%%d,\\"p99_us\\":%%d,\\"max_us\\":%%d}\\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


# --- the server side (run in the subprocess) ---------------------------------------------

def serve(port: int, flushes: int | None, workers: int) -> None:
    """What `personvern serve --config FIXTURE` does (one process), plus the no-op route;
    with ``workers`` > 1, that many such processes on one port (the scale-out setup)."""
    import uvicorn

    from personvern.cli.common import cli_actor, load_settings, open_container

    container = open_container(load_settings(FIXTURE))
    container.declarations.load_file(FIXTURE, actor=cli_actor())
    options = {"host": "127.0.0.1", "port": port, "log_level": "warning", "access_log": False}
    if workers > 1:
        os.environ["PV_BENCH_FLUSHES"] = str(flushes or 0)
        sys.path.insert(0, str(Path(__file__).parent))
        uvicorn.run("consent:app_factory", factory=True, workers=workers, **options)
    else:
        uvicorn.run(build_app(container, flushes), **options)


def app_factory() -> object:
    """The app of one worker process (``--workers``)."""
    from personvern.cli.common import load_settings, open_container

    container = open_container(load_settings(FIXTURE))
    return build_app(container, int(os.environ.get("PV_BENCH_FLUSHES", "0")) or None)


def build_app(container: object, flushes: int | None) -> object:
    from fastapi.responses import JSONResponse

    from personvern.web.app import create_app

    app = create_app(container.settings, container=container)
    if flushes:  # an experiment: more or fewer commits in flight than personvern's default
        from personvern.consent.writer import GroupCommitWriter

        container.consent.writer = GroupCommitWriter(container.db, flushes=flushes)

    @app.post("/bench/noop", include_in_schema=False)
    async def noop(request: Request) -> JSONResponse:
        await request.body()
        return JSONResponse({"ok": True}, 201)

    # Same routing cost as the consent endpoints: right before the consent router.
    routes = app.router.routes
    added = routes.pop()
    routes.insert(next(i for i, r in enumerate(routes) if _serves_consent(r)), added)
    return app


def _serves_consent(route: object) -> bool:
    router = getattr(route, "original_router", None)
    return router is not None and any(getattr(r, "path", "") == "/consent/v1/records" for r in router.routes)


# --- the driver ----------------------------------------------------------------------------

@dataclass
class Result:
    store: str
    endpoint: str
    connections: int
    requests: int
    seconds: float
    status_errors: int
    socket_errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def start_server(
    data_dir: Path, database_url: str, flushes: int | None, workers: int
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ, "PERSONVERN__DATA_DIR": str(data_dir), "PERSONVERN__DATABASE__URL": database_url,
        "PERSONVERN__JOBS__BACKEND": "memory", "PERSONVERN__LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
    }
    extra = (["--flushes", str(flushes)] if flushes else []) + ["--workers", str(workers)]
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port), *extra], env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            get_json(f"{url}/health")
            return server, url
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def run_wrk(url: str, path: str, body: str, seconds: int, connections: int, workdir: Path) -> dict:
    script = workdir / "post.lua"
    script.write_text(LUA % {"body": body}, encoding="utf-8")
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url + path],
        capture_output=True, text=True, check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def measure(store: str, endpoint: str, data: dict, connections: int) -> Result:
    return Result(
        store=store, endpoint=endpoint, connections=connections, requests=data["requests"],
        seconds=data["duration_us"] / 1e6, status_errors=data["status_errors"],
        socket_errors=data["socket_errors"], p50_ms=data["p50_us"] / 1000, p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000, max_ms=data["max_us"] / 1000,
    )


def count_records(database_url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM consent_records")).scalar_one()
    finally:
        engine.dispose()


def bench_store(
    store: str, seconds: int, connections: list[int], flushes: int | None, workers: int
) -> list[tuple[Result, Result, int]]:
    from sqlalchemy import create_engine

    workdir = Path(tempfile.mkdtemp(prefix=f"pv-bench-{store}-"))
    admin = None
    if store == "postgres":
        name = f"pv_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        database_url = f"{PG}/{name}"
    else:
        database_url = f"sqlite:///{workdir / 'personvern.sqlite3'}"
    server, url = start_server(workdir, database_url, flushes, workers)
    results = []
    try:
        config = get_json(f"{url}/consent/v1/config")
        body = json.dumps({
            "version": config["v"], "banner_hash": config["t"]["en"]["h"], "lang": "en",
            "page_url": f"{url}/demo/website", "method": "custom",
            "categories": {"statistics": True, "marketing": False, "preferences": True},
            "services": {"teller": True, "heatmap": False, "theme": True, "adnet": False}, "gpc": False,
        })
        for count in connections:
            run_wrk(url, "/bench/noop", body, 3, count, workdir)  # warm-up
            noop = measure(store, "no-op", run_wrk(url, "/bench/noop", body, seconds, count, workdir), count)
            before = count_records(database_url)
            consent = measure(store, "consent", run_wrk(url, "/consent/v1/records", body, seconds, count, workdir), count)
            stored = count_records(database_url) - before
            results.append((noop, consent, stored))
            report_line(noop)
            report_line(consent, stored)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        if admin is not None:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def report_line(result: Result, stored: int | None = None) -> None:
    acknowledged = result.requests - result.status_errors
    extra = "" if stored is None else f"  acknowledged {acknowledged}, stored {stored}"
    print(f"{result.store:9} {result.endpoint:8} c={result.connections:<4} {result.rate:8.0f}/s  "
          f"p50 {result.p50_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms  max {result.max_ms:7.1f} ms  "
          f"errors {result.status_errors}+{result.socket_errors}{extra}", flush=True)


def markdown(rows: list[tuple[Result, Result, int]], seconds: int, workers: int) -> str:
    lines = [
        ("| store | connections | consent writes/s | p50 | p99 | no-op req/s | writes / no-op | "
        "acknowledged | stored | errors |"),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for noop, consent, stored in rows:
        acknowledged = consent.requests - consent.status_errors
        lines.append(
            f"| {consent.store} | {consent.connections} | {consent.rate:,.0f} | {consent.p50_ms:.1f} ms | "
            f"{consent.p99_ms:.1f} ms | {noop.rate:,.0f} | {consent.rate / noop.rate:.0%} | "
            f"{acknowledged:,} | {stored:,} | {consent.status_errors + consent.socket_errors} |"
        )
    return "\n".join(lines) + (
        f"\n\n{seconds} s per case, {workers} server process(es), wrk 1 thread on the same machine.\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", default="64", help="comma-separated, e.g. 8,64")
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--flushes", type=int, help="commits in flight (default: personvern's)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (default 1, as `personvern serve`)")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.flushes, args.workers)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    rows = []
    for store in args.stores.split(","):
        connections = [int(c) for c in args.connections.split(",")]
        rows += bench_store(store, args.seconds, connections, args.flushes, args.workers)
    print()
    print(markdown(rows, args.seconds, args.workers))
    if any(stored < consent.requests - consent.status_errors for _, consent, stored in rows):
        raise SystemExit("LOST: fewer records stored than acknowledged")


if __name__ == "__main__":
    main()
