"""Website scan speed: pages × consent states in one reused headless Chromium.

The demo's /demo/website has fewer than 20 pages (the English and the Norwegian page), so
this bench serves, beside it in the same personvern app (uvicorn on 127.0.0.1), a local
test site of N linked pages under /site/ that embed the personvern banner and the demo's
blocked statistics/marketing scripts, exactly as /demo/website does. It then scans:

1. the demo website itself (whatever pages it has) × 3 states,
2. the N-page test site × 3 states (none, reject, accept),

each with a fresh BrowserSession (Chromium start included) and prints the figures. The
goal of issue 18: 20 pages × 3 states in under 60 s on a 2-core machine.

Usage:
    .venv/bin/python bench/scan.py [--pages 20] [--runs 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

from fastapi.responses import HTMLResponse

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "personvern" / "demo" / "files" / "personvern.yaml"

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page {n}</title>
<script src="/consent/banner.js?lang=en"></script></head>
<body><h1>Nordlys Sykkel – page {n}</h1><p>A page of the bench site.</p>
<nav>{links}</nav>
<script type="text/plain" data-category="statistics" data-service="lumen_analytics">
  document.cookie = "_lma=bench; path=/; max-age=31536000; SameSite=Lax";
</script>
<script type="text/plain" data-category="marketing" data-service="pixelhub_pixel">
  document.cookie = "_phub=bench; path=/; max-age=7776000; SameSite=Lax";
</script>
</body></html>"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(pages: int) -> str:
    import uvicorn

    from personvern.clock import Clock
    from personvern.container import Container
    from personvern.db.migrate import upgrade
    from personvern.settings import Settings
    from personvern.web.app import create_app

    data = Path(tempfile.mkdtemp(prefix="pv-bench-scan-"))
    settings = Settings.model_validate({
        "data_dir": data, "database": {"url": f"sqlite:///{data / 'personvern.sqlite3'}"},
        "jobs": {"backend": "memory", "run_in_service": False},
        "security": {"secret_key": "bench-secret-key-0123456789abcdef0123456789"},
    })
    container = Container(settings, clock=Clock())
    upgrade(container.db)
    container.declarations.load_file(DEMO, actor="bench")
    app = create_app(settings, container=container)

    @app.get("/site/{n}", response_class=HTMLResponse)
    def page(n: int) -> HTMLResponse:
        links = " ".join(f'<a href="/site/{k}">page {k}</a>' for k in range(1, pages + 1) if k != n)
        return HTMLResponse(PAGE.format(n=n, links=links))

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="off"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}"


def scan(url: str, pages: int, out: Path) -> tuple[float, object]:
    from personvern.declaration.loader import load
    from personvern.scan.config import ScanOptions
    from personvern.scan.scanner import Scanner
    from personvern.scan.trackers import TrackerList

    declaration = load(DEMO).declaration
    started = time.perf_counter()
    report = Scanner(declaration, TrackerList.load()).run(url, ScanOptions(pages=pages), out)
    return time.perf_counter() - started, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    base = serve(args.pages)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; "
          f"Chromium /usr/bin/chromium, one browser per scan, one context per state")
    out = Path(tempfile.mkdtemp(prefix="pv-bench-scan-out-"))
    for run in range(1, args.runs + 1):
        seconds, report = scan(f"{base}/demo/website", args.pages, out / f"demo-{run}")
        visits = sum(len(s.pages) for s in report.states)
        print(f"demo website: {visits} page visits ({visits // 3} pages × 3 states; the demo has "
              f"fewer than {args.pages} pages) in {seconds:.1f} s, violations "
              f"{len(report.violations)}")
        seconds, report = scan(f"{base}/site/1", args.pages, out / f"site-{run}")
        visits = sum(len(s.pages) for s in report.states)
        per_state = ", ".join(f"{s.state} {s.seconds:.1f} s" for s in report.states)
        print(f"local test site (served by this bench, {args.pages} linked pages with the "
              f"personvern banner): {visits} page visits in {seconds:.1f} s "
              f"({seconds / max(visits, 1) * 1000:.0f} ms per page visit; {per_state}); "
              f"goal < 60 s: {'met' if seconds < 60 else 'NOT met'}; violations "
              f"{len(report.violations)}")
    print(f"reports in {out}")


if __name__ == "__main__":
    main()
