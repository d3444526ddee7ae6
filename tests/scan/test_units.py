"""The parts of the scan that need no browser: parsing, matching, comparing, reporting."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from personvern.declaration.loader import load
from personvern.errors import Invalid
from personvern.scan.collect import describe_writer, parse_cookie_write
from personvern.scan.compare import compare
from personvern.scan.config import ScanOptions, SiteConfig, load_site_config, parse_states
from personvern.scan.crawler import Frontier, Scope, describe_error
from personvern.scan.entities import (
    CookieSeen, PageVisit, RequestSeen, ScanReport, StateResult, StorageSeen,
)
from personvern.scan.report import har, terminal, write_all
from personvern.scan.sites import site_of
from personvern.scan.trackers import BUILTIN, TrackerList
from tests.scan.conftest import DEMO_DECLARATION

STARTED = "2026-05-01T10:00:00+00:00"
AT = 1777629600.0  # STARTED as epoch seconds


def test_cookie_writes_are_parsed() -> None:
    name, expires, deleting = parse_cookie_write("_lma=1; path=/; max-age=86400")
    assert name == "_lma" and not deleting and abs(expires - time.time() - 86400) < 5
    assert parse_cookie_write("_lma=; Max-Age=0; path=/")[2] is True
    assert parse_cookie_write("x=1; expires=Thu, 01 Jan 1970 00:00:00 GMT")[2] is True
    assert parse_cookie_write("x=1") == ("x", None, False)
    assert parse_cookie_write("no equals sign")[0] == ""


def test_the_writer_of_a_cookie_is_read_from_the_stack() -> None:
    page = "http://127.0.0.1:1/shop"
    inserted = ("Error\n    at HTMLDocument.set [as cookie] (<anonymous>:10:53)\n"
                "    at <anonymous>:2:19\n    at runScripts (http://127.0.0.1:1/b.js:61:14)")
    assert describe_writer(inserted, page) == f"inline script on {page} (run by http://127.0.0.1:1/b.js)"
    direct = ("Error\n    at HTMLDocument.set [as cookie] (<anonymous>:10:53)\n"
              "    at http://cdn.example.com/t.js:1:5")
    assert describe_writer(direct, page) == "script http://cdn.example.com/t.js"
    inline = ("Error\n    at HTMLDocument.set [as cookie] (<anonymous>:10:53)\n"
              f"    at {page}:12:3")
    assert describe_writer(inline, page) == f"inline script on {page}"


def test_the_shipped_tracker_list_loads_and_matches() -> None:
    trackers = TrackerList.load()
    assert len(trackers) > 80
    assert trackers.cookie("_ga_ABC123").vendor == "Google Analytics"
    assert trackers.cookie("_fbp").category == "marketing"
    assert trackers.cookie("nordlys_session") is None
    assert trackers.host("www.google-analytics.com").category == "statistics"
    assert trackers.host("notgoogle-analytics.com") is None
    assert (BUILTIN.parent / "LICENSE.md").read_text().count("Apache License, Version 2.0") == 1


def test_an_extra_tracker_file_wins_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text("type,pattern,vendor,category,note\ncookie,_ga,Our own,necessary,\n")
    assert TrackerList.load(extra).cookie("_ga").vendor == "Our own"
    extra.write_text("type,pattern,vendor,category\ncookie,_x,Someone,tasty\n")
    with pytest.raises(Invalid, match=r"mine.csv:2: .*category one of"):
        TrackerList.load(extra)
    with pytest.raises(Invalid, match="cannot be read"):
        TrackerList.load(tmp_path / "missing.csv")


def test_states_and_options_are_checked() -> None:
    assert parse_states("none, accept,only:marketing,accept") == ["none", "accept", "only:marketing"]
    with pytest.raises(Invalid, match="unknown state maybe"):
        parse_states("none,maybe")
    with pytest.raises(Invalid, match="--pages"):
        ScanOptions(pages=0)
    with pytest.raises(Invalid, match="--scope"):
        ScanOptions(scope="everything")


def test_the_site_file_is_checked_with_positions(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text("banner:\n  accept: '#yes'\n  reject: [\n")
    with pytest.raises(Invalid, match=r"site.yaml:\d+:\d+: not valid YAML"):
        load_site_config(path)
    path.write_text("banner:\n  reject: '#no'\nextra: 1\n")
    with pytest.raises(Invalid, match=r"banner.accept: Field required.*extra"):
        load_site_config(path)
    path.write_text("banner: {accept: '#yes'}\nhosts: {cdn.example.com: shop}\n")
    assert load_site_config(path).hosts == {"cdn.example.com": "shop"}


def test_sites_and_scope() -> None:
    assert site_of("www.shop.example.co.uk") == "example.co.uk"
    assert site_of("127.0.0.2") == "127.0.0.2" and site_of("localhost") == "localhost"
    scope = Scope("http://127.0.0.1:9/demo/website", "path")
    assert scope.normalise("http://127.0.0.1:9/demo/website?lang=nb#top") == \
        "http://127.0.0.1:9/demo/website?lang=nb"
    assert scope.normalise("http://127.0.0.1:9/privacy") is None
    assert scope.normalise("http://127.0.0.1:9/demo/file.pdf") is None
    assert scope.normalise("mailto:x@example.com") is None
    assert Scope("https://www.example.com/", "site").normalise("https://shop.example.com/a") \
        == "https://shop.example.com/a"
    frontier = Frontier(scope, 2, ["http://127.0.0.1:9/demo/data.json"])
    frontier.add("http://127.0.0.1:9/demo/a")
    frontier.add("http://127.0.0.1:9/demo/b")  # over the budget
    assert frontier.queue == ["http://127.0.0.1:9/demo/data.json", "http://127.0.0.1:9/demo/a"]
    assert "redirect loop" in describe_error("net::ERR_TOO_MANY_REDIRECTS at http://x/")


def _cookie(name: str, days: float | None, **extra) -> CookieSeen:
    return CookieSeen(name=name, domain="shop.example.com", path="/",
                      expires=None if days is None else AT + days * 86400, third_party=False,
                      set_by="script https://shop.example.com/t.js", page="https://shop.example.com/",
                      **extra)


def _request(host: str, **extra) -> RequestSeen:
    return RequestSeen(url=f"https://{host}/p.gif", method="GET", resource_type="image",
                       host=host, third_party=True, page="https://shop.example.com/",
                       started=AT, **extra)


def _report(*states: StateResult) -> ScanReport:
    report = ScanReport(url="https://shop.example.com/", started=STARTED, states=list(states))
    for state in states:
        state.pages.append(PageVisit(url="https://shop.example.com/", status=200, mime="text/html"))
    return report


def test_compare_finds_each_kind() -> None:
    declaration = load(DEMO_DECLARATION).declaration
    none = StateResult("none", cookies=[_cookie("_lma", 365), _cookie("_ga", 400)],
                       requests=[_request("www.google-analytics.com"), _request("cdn.example.net")],
                       storage=[StorageSeen("localStorage", "https://shop.example.com", "ab", "/"),
                                StorageSeen("localStorage", "https://shop.example.com", "_lma_session", "/")])
    only = StateResult("only:preferences", cookies=[_cookie("nordlys_recent", 200),
                                                    _cookie("_phub", 10, deleted=True)])
    accept = StateResult("accept", cookies=[_cookie("nordlys_session", 3)])
    site = SiteConfig(necessary_hosts=["cdn.example.net"])
    findings = compare(_report(none, only, accept), declaration, site, TrackerList.load())
    by_kind: dict[str, set[tuple[str, str]]] = {}
    for f in findings:
        by_kind.setdefault(f.kind, set()).add((f.state, f.subject))
    assert by_kind["violation"] == {
        ("none", "_lma"), ("none", "_ga"), ("none", "www.google-analytics.com"),
        ("none", "_lma_session"), ("only:preferences", "_phub"),
    }
    assert by_kind["undeclared"] == {("none", "_ga"), ("none", "ab"),
                                     ("none", "www.google-analytics.com")}
    assert by_kind["expiry"] == {("only:preferences", "nordlys_recent"),
                                 ("accept", "nordlys_session")}
    assert ("", "nordlys_csrf") in by_kind["unseen"] and ("", "_lma") not in by_kind["unseen"]
    assert ("", "_lma_session") not in by_kind["unseen"]  # seen in localStorage
    assert "tls" not in by_kind  # no TLS status recorded in this report
    ga = next(f for f in findings if f.kind == "undeclared" and f.subject == "_ga")
    assert ga.proposal["category"] == "statistics" and ga.proposal["cookies"][0]["duration"] == "P400D"
    phub = next(f for f in findings if f.subject == "_phub")
    assert "although only 'preferences' was accepted" in phub.message and "deleted" in phub.message


def test_a_host_mapped_to_a_declared_service_is_judged_by_its_category() -> None:
    declaration = load(DEMO_DECLARATION).declaration
    site = SiteConfig(hosts={"lumen.example": "lumen_analytics"})
    accept = StateResult("accept", requests=[_request("t.lumen.example")])
    reject = StateResult("reject", requests=[_request("t.lumen.example")])
    findings = compare(_report(accept, reject), declaration, site, TrackerList.load())
    assert [(f.kind, f.state) for f in findings if f.subject == "t.lumen.example"] == \
        [("violation", "reject")]


def test_reports_are_written(tmp_path: Path) -> None:
    declaration = load(DEMO_DECLARATION).declaration
    state = StateResult("none", cookies=[_cookie("_lma", 365)], requests=[_request("x.example")])
    report = _report(state)
    report.findings = compare(report, declaration, SiteConfig(), TrackerList.load())
    paths = write_all(report, tmp_path)
    data = json.loads(paths["json"].read_text())
    assert data["summary"]["violation"] == 2 and data["states"][0]["cookies"][0]["name"] == "_lma"
    entries = har(report)["log"]["entries"]
    assert entries[0]["request"]["url"] == "https://x.example/p.gif" and entries[0]["_thirdParty"]
    html = paths["html"].read_text()
    assert "2 violation(s) found" in html and "&lt;script" not in html
    lines = terminal(report)
    assert lines[-1] == "2 violation(s)" and any("Violations (2)" in line for line in lines)


def test_tls_status() -> None:
    from personvern.scan.tls import check_tls
    from tests.scan.conftest import free_port

    plain = check_tls("http://127.0.0.1:9/", 1)
    assert not plain.ok and "plain HTTP" in plain.detail
    refused = check_tls(f"https://127.0.0.1:{free_port()}/", 1)
    assert not refused.ok and refused.detail.startswith("no TLS connection")
