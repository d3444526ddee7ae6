"""One scan: for each consent state a fresh context in one reused browser; the start page,
the banner screenshot, the banner choice, then same-site pages up to the budget."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from personvern.declaration.model import Declaration
from personvern.scan.banner import BannerDriver, BannerProblem, driver_for
from personvern.scan.browser import BrowserSession
from personvern.scan.collect import StateCollector
from personvern.scan.compare import compare
from personvern.scan.config import ScanOptions, SiteConfig
from personvern.scan.crawler import Frontier, Scope, settle, visit
from personvern.scan.entities import PageVisit, ScanReport, StateResult
from personvern.errors import Invalid
from personvern.scan.sites import host_of
from personvern.scan.tls import check_tls
from personvern.scan.trackers import TrackerList

Progress = Callable[[str, int, int, PageVisit], None]


class Scanner:
    def __init__(self, declaration: Declaration, trackers: TrackerList,
                 site: SiteConfig | None = None, session: BrowserSession | None = None) -> None:
        self.declaration = declaration
        self.trackers = trackers
        self.site = site or SiteConfig()
        self.session = session

    def run(self, url: str, options: ScanOptions, out_dir: Path,
            progress: Progress | None = None) -> ScanReport:
        if not url.startswith(("http://", "https://")) or not host_of(url):
            raise Invalid(f"not a web address: {url!r} (give http://… or https://…)")
        out_dir.mkdir(parents=True, exist_ok=True)
        report = ScanReport(url=url, started=_now(), pages_budget=options.pages,
                            tracker_list=self.trackers.source,
                            declaration=self.declaration.controller.name)
        report.tls = check_tls(url, options.timeout_s)
        deadline = time.monotonic() + options.budget_s
        session = self.session or BrowserSession()
        plan: list[str] = [url]
        with session:
            for state in options.states:
                result = self._state(session, state, url, options, out_dir, plan, deadline,
                                     progress)
                report.states.append(result)
                plan = [p.url for p in result.pages if not p.error] or plan
                report.messages.extend(
                    f"[{state}] {p.url}: {p.error}" for p in result.pages if p.error
                )
                if result.banner.startswith("could not"):
                    report.messages.append(f"[{state}] banner: {result.banner}")
        report.findings = compare(report, self.declaration, self.site, self.trackers)
        report.finished = _now()
        return report

    def _state(self, session: BrowserSession, state: str, url: str, options: ScanOptions,
               out_dir: Path, plan: list[str], deadline: float,
               progress: Progress | None) -> StateResult:
        started = time.monotonic()
        result = StateResult(state=state)
        driver: BannerDriver = driver_for(self.site.banner)
        context = session.new_context()
        collector = StateCollector(context, result, host_of(url), self.trackers)
        try:
            page = context.new_page()
            page.set_default_timeout(options.timeout_s * 1000)
            frontier = Frontier(Scope(url, options.scope), options.pages, plan)
            first = True
            while (target := frontier.next()) is not None:
                if time.monotonic() > deadline:
                    result.pages.append(PageVisit(url=target, error="not visited: the scan's "
                                                  "time budget ran out"))
                    continue
                collector.page_url = target
                visited = visit(page, target, options.timeout_s)
                result.pages.append(visited)
                if progress is not None:
                    progress(state, len(result.pages), options.pages, visited)
                if first:
                    first = False
                    if visited.error and not visited.error.startswith("did not finish"):
                        break
                    self._banner(page, driver, state, options, out_dir, result)
                settle(page, collector.inflight, options.settle_s)
                if visited.error and not visited.error.startswith("did not finish"):
                    continue
                for link in collector.snapshot(page):
                    frontier.add(link)
            collector.finish(context)
        finally:
            try:
                context.close()
            except PlaywrightError:
                pass
        result.seconds = round(time.monotonic() - started, 3)
        return result

    def _banner(self, page: Page, driver: BannerDriver, state: str, options: ScanOptions,
                out_dir: Path, result: StateResult) -> None:
        name = state.replace(":", "-")
        seen = driver.visible(page, min(options.timeout_s, 5.0))
        if seen and state == options.states[0]:
            result.screenshot = _shoot(page, out_dir / f"banner-{name}.png")
        if state == "none":
            result.banner = ("no choice made (the banner was left open)" if seen
                             else "could not see a banner on the start page")
            return
        if not seen:
            result.banner = f"could not choose '{state}': no banner was seen on the start page"
            return
        try:
            result.banner = driver.choose(page, state, options.timeout_s)
        except BannerProblem as exc:
            result.banner = f"could not choose '{state}': {exc}"
            return
        result.after_screenshot = _shoot(page, out_dir / f"after-{name}.png")


def _shoot(page: Page, path: Path) -> str:
    try:
        page.screenshot(path=str(path))
    except PlaywrightError:
        return ""
    return path.name


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
