"""Scanning real pages in headless Chromium, all on loopback hosts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from personvern.scan.config import ScanOptions, SiteConfig
from personvern.scan.report import write_all
from personvern.scan.scanner import Scanner
from personvern.scan.trackers import TrackerList

pytestmark = pytest.mark.browser


def scan(declaration, session, url: str, out: Path, site: SiteConfig | None = None, **options):
    scanner = Scanner(declaration.declaration, TrackerList.load(), site, session)
    report = scanner.run(url, ScanOptions(**options), out)
    write_all(report, out)
    return report


def consent_posts(report) -> list[tuple[str, int | None, str]]:
    """The banner's POSTs of a choice, for the message of a failed assertion."""
    return [(s.state, r.status, r.failure) for s in report.states for r in s.requests
            if r.method == "POST" and r.url.endswith("/consent/v1/records")]


def names(report, state: str) -> set[str]:
    return {c.name for s in report.states if s.state == state for c in s.cookies}


def test_demo_website_is_clean_with_the_demo_declaration(demo_declaration, session, site, tmp_path):
    report = scan(demo_declaration, session, f"{site}/demo/website", tmp_path, pages=5)

    assert [s.state for s in report.states] == ["none", "reject", "accept"]
    banners = [s.banner for s in report.states] + report.messages + consent_posts(report)
    assert report.violations == [], banners
    assert report.exit_code() == 0
    assert names(report, "none") == set(), banners
    assert names(report, "reject") == {"personvern_consent"}, banners
    assert names(report, "accept") == {"personvern_consent", "nordlys_recent", "_lma", "_phub"}, \
        banners
    assert "accept_all (stored)" in report.states[2].banner
    assert "reject_all (stored)" in report.states[1].banner
    # Only the start page's folder: the English and Norwegian page, nothing of the admin side.
    visited = {p.url for p in report.states[0].pages}
    assert all("/demo/website" in url for url in visited) and len(visited) >= 2
    assert not any(r.third_party for s in report.states for r in s.requests)
    # The demo's blocked scripts set a 1-year cookie where the declaration says 30 and 90 days.
    expiry = {f.subject for f in report.findings if f.kind == "expiry"}
    assert expiry == {"nordlys_recent", "_phub"}
    unseen = {f.subject for f in report.findings if f.kind == "unseen"}
    assert unseen == {"nordlys_session", "nordlys_csrf", "_lma_session"}
    # A script inserted by the banner set the statistics cookie.
    lma = next(c for c in report.states[2].cookies if c.name == "_lma")
    assert lma.set_by.startswith("inline script on ") and "banner.js" in lma.set_by

    shot = tmp_path / report.states[0].screenshot
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "after-accept.png").exists()
    html = (tmp_path / "report.html").read_text()
    assert "No violations found" in html and report.states[0].screenshot in html
    har = json.loads((tmp_path / "requests.har").read_text())
    assert len(har["log"]["entries"]) == sum(len(s.requests) for s in report.states)
    assert any(e["request"]["url"].endswith("/consent/v1/records") for e in har["log"]["entries"])
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["summary"]["violation"] == 0


def test_a_category_alone(demo_declaration, session, site, tmp_path):
    report = scan(demo_declaration, session, f"{site}/demo/website", tmp_path, pages=1,
                  states=["only:statistics"])
    assert names(report, "only:statistics") == {"personvern_consent", "_lma"}, consent_posts(report)
    assert report.violations == []


def test_marketing_cookie_and_pixel_before_consent_are_violations(
    demo_declaration, session, site, pixel, tmp_path
):
    report = scan(demo_declaration, session, f"{site}/t/bad", tmp_path, pages=2)

    assert report.exit_code() == 1
    violations = {(f.state, f.subject) for f in report.violations}
    for state in ("none", "reject"):
        assert (state, "_phub") in violations
        assert (state, "127.0.0.2") in violations
    assert ("accept", "_phub") not in violations
    pixel_requests = [r for s in report.states for r in s.requests if r.host == "127.0.0.2"]
    assert pixel_requests and all(r.kind == "pixel" and r.third_party for r in pixel_requests)
    assert any(hit.startswith("/pixel.gif?ev=view") for hit in pixel.hits)
    message = next(f.message for f in report.violations
                   if f.state == "none" and f.subject == "_phub")
    assert "before any consent" in message and f"inline script on {site}/t/bad" in message

    undeclared = {f.subject: f for f in report.findings if f.kind == "undeclared"}
    assert "shop_ab_test" in undeclared
    proposal = undeclared["shop_ab_test"].proposal
    assert proposal["cookies"][0]["name"] == "shop_ab_test"
    assert proposal["cookies"][0]["duration"] == "P1D"
    assert "127.0.0.2" in undeclared  # the pixel's host matches no declared service
    assert "violation" in (tmp_path / "report.html").read_text()


def test_another_banner_by_its_selectors(demo_declaration, session, site, tmp_path):
    site_config = SiteConfig.model_validate(
        {"banner": {"accept": "#yes", "reject": "#no", "banner": "#cmp"}}
    )
    report = scan(demo_declaration, session, f"{site}/t/other-banner", tmp_path, pages=1,
                  site=site_config)
    assert names(report, "none") == set()
    assert names(report, "reject") == {"cmp"}
    assert names(report, "accept") == {"cmp", "_lma"}
    assert report.states[2].banner == "clicked accept"
    assert not any(f.kind == "violation" for f in report.findings)
    assert any(f.kind == "undeclared" and f.subject == "cmp" for f in report.findings)


@pytest.mark.parametrize("path, expected", [
    ("/t/loop", "redirect loop"),
    ("/t/slow", "did not finish loading within 2 s"),
    ("/t/data.json", "not an HTML page (application/json)"),
])
def test_bad_pages_give_a_clear_message_and_a_partial_report(
    demo_declaration, session, site, tmp_path, path, expected
):
    report = scan(demo_declaration, session, f"{site}{path}", tmp_path, pages=3, timeout_s=2)
    assert any(expected in m for m in report.messages), report.messages
    assert len(report.states) == 3
    assert (tmp_path / "report.html").exists() and (tmp_path / "report.json").exists()
    if path != "/t/slow":
        assert report.exit_code() == 3


def test_unreachable_site(demo_declaration, session, tmp_path):
    from tests.scan.conftest import free_port

    url = f"http://127.0.0.1:{free_port()}/"
    report = scan(demo_declaration, session, url, tmp_path, pages=3, timeout_s=3)
    assert report.exit_code() == 3
    assert all("unreachable: the connection was refused" in s.pages[0].error
               for s in report.states)
    assert "incomplete" in (tmp_path / "report.html").read_text().lower()
