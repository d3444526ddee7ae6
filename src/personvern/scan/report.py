"""Writing a scan down: JSON (everything), a HAR-like request log, an HTML evidence report
with the banner screenshots, and the terminal summary."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, select_autoescape

from personvern import __version__
from personvern.scan.entities import ScanReport

JSON_NAME, HAR_NAME, HTML_NAME = "report.json", "requests.har", "report.html"
KIND_TITLES = {
    "violation": "Violations", "undeclared": "Undeclared cookies, storage and services",
    "expiry": "Expiry longer than declared", "unseen": "Declared but never seen",
    "insecure_form": "Forms posted over plain HTTP", "tls": "TLS",
}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("personvern.scan", "templates"),
                      autoescape=select_autoescape())
    env.filters["yaml"] = lambda data: yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    env.filters["when"] = lambda ts: (
        "session" if ts is None else
        datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d %H:%M"))
    return env


def write_all(report: ScanReport, out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": out_dir / JSON_NAME, "har": out_dir / HAR_NAME, "html": out_dir / HTML_NAME}
    paths["json"].write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False),
                             encoding="utf-8")
    paths["har"].write_text(json.dumps(har(report), indent=1), encoding="utf-8")
    paths["html"].write_text(html(report), encoding="utf-8")
    return paths


def har(report: ScanReport) -> dict[str, object]:
    """HAR 1.2 shape (log.pages, log.entries); personvern's extra fields start with '_'."""
    pages, entries = [], []
    for state in report.states:
        for number, visit in enumerate(state.pages, start=1):
            pages.append({"id": f"{state.state}#{number}", "title": visit.url,
                          "startedDateTime": report.started,
                          "_error": visit.error, "_state": state.state})
        for r in state.requests:
            entries.append({
                "startedDateTime": datetime.fromtimestamp(r.started, timezone.utc).isoformat(),
                "time": r.duration_ms if r.duration_ms is not None else -1,
                "request": {"method": r.method, "url": r.url, "headers": [], "cookies": [],
                            "httpVersion": "", "queryString": [], "headersSize": -1,
                            "bodySize": -1},
                "response": {"status": r.status or 0, "statusText": r.failure,
                             "content": {"mimeType": r.mime, "size": r.size or -1},
                             "headers": [], "cookies": [], "httpVersion": "",
                             "redirectURL": "", "headersSize": -1, "bodySize": -1},
                "cache": {}, "timings": {"send": 0, "wait": r.duration_ms or -1, "receive": 0},
                "_state": state.state, "_page": r.page, "_resourceType": r.resource_type,
                "_thirdParty": r.third_party, "_kind": r.kind, "_tracker": r.tracker,
                "_category": r.category,
            })
    return {"log": {"version": "1.2",
                    "creator": {"name": "personvern scan", "version": __version__},
                    "pages": pages, "entries": entries}}


def html(report: ScanReport) -> str:
    groups = {kind: [f for f in report.findings if f.kind == kind] for kind in KIND_TITLES}
    return _environment().get_template("report.html").render(
        report=report, groups=groups, titles=KIND_TITLES, summary=report.summary(),
        now=datetime.fromisoformat(report.started).timestamp() if report.started else 0,
    )


def terminal(report: ScanReport) -> list[str]:
    """The summary printed at the end of ``personvern scan``."""
    s = report.summary()
    lines = [f"scanned {report.url}: {s['pages']} page visits in {len(report.states)} states, "
             f"{s['requests']} requests, {s['cookies']} cookies"]
    for state in report.states:
        third = sum(1 for r in state.requests if r.third_party)
        lines.append(f"  {state.state:<18} {len(state.pages):>3} pages  {len(state.cookies):>3} "
                     f"cookies  {third:>3} third-party requests  {state.seconds:>6.1f} s  "
                     f"banner: {state.banner}")
    if report.tls is not None:
        lines.append(f"  TLS: {'ok' if report.tls.ok else 'NO'} – {report.tls.detail}")
    for kind, title in KIND_TITLES.items():
        found = [f for f in report.findings if f.kind == kind]
        if found:
            lines.append(f"{title} ({len(found)}):")
            lines.extend(f"  - [{f.state or 'all'}] {f.message}" if f.state else
                         f"  - {f.message}" for f in found)
    for message in report.messages:
        lines.append(f"problem: {message}")
    verdict = {0: "clean: no violations", 1: f"{len(report.violations)} violation(s)",
               3: "incomplete: the site could not be scanned in every state"}
    lines.append(verdict[report.exit_code()])
    return lines
