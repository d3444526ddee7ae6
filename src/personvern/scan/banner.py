"""Banner drivers: make the choice of a consent state the way a visitor would.

``PersonvernBanner`` knows personvern's own banner (``consent/static/banner.js``): the
dialog ``#pv-banner`` with buttons ``data-a="accept|reject|settings|save"``, category
switches ``input[data-c=…]``, the ``personvern:consent`` event sent once a choice is
stored, and ``window.personvern.consent()`` that reads the choice back.
``SelectorBanner`` drives any other banner from the CSS selectors of a site file."""

from __future__ import annotations

from typing import Protocol

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from personvern.scan.config import BannerSelectors

WAIT_FOR_CHOICE = """() => {
  window.__pvScanChoice = null;
  addEventListener("personvern:consent", (e) => { window.__pvScanChoice = e.detail; },
                   { once: true });
}"""


class BannerProblem(Exception):
    """The banner could not be found or driven; the message says why."""


class BannerDriver(Protocol):
    def visible(self, page: Page, timeout_s: float) -> bool: ...

    def choose(self, page: Page, state: str, timeout_s: float) -> str: ...


def _ms(seconds: float) -> float:
    return seconds * 1000


class PersonvernBanner:
    ROOT = "#pv-banner"

    def visible(self, page: Page, timeout_s: float) -> bool:
        try:
            page.wait_for_selector(self.ROOT, state="visible", timeout=_ms(timeout_s))
            return True
        except (PlaywrightTimeout, PlaywrightError):
            return False

    def choose(self, page: Page, state: str, timeout_s: float) -> str:
        if not self.visible(page, timeout_s):
            raise BannerProblem("personvern's banner (#pv-banner) did not appear on the page; "
                                "for another banner give its selectors in --site-config")
        page.evaluate(WAIT_FOR_CHOICE)
        try:
            if state == "accept":
                page.click(f'{self.ROOT} [data-a="accept"]', timeout=_ms(timeout_s))
            elif state == "reject":
                page.click(f'{self.ROOT} [data-a="reject"]', timeout=_ms(timeout_s))
            else:
                category = state.split(":", 1)[1]
                page.click(f'{self.ROOT} [data-a="settings"]', timeout=_ms(timeout_s))
                page.check(f'{self.ROOT} input[data-c="{category}"]', timeout=_ms(timeout_s))
                page.click(f'{self.ROOT} [data-a="save"]', timeout=_ms(timeout_s))
            # Polled by interval: animation frames may be throttled in a busy headless browser.
            page.wait_for_function("() => window.__pvScanChoice !== null",
                                   timeout=_ms(timeout_s), polling=100)
            detail = page.evaluate("() => window.__pvScanChoice")
        except PlaywrightTimeout:
            raise BannerProblem(f"the banner did not confirm the choice '{state}' within "
                                f"{timeout_s:g} s") from None
        except PlaywrightError as exc:
            raise BannerProblem(f"the banner could not be driven: {exc.message}") from None
        try:
            page.wait_for_load_state("load", timeout=_ms(timeout_s))
            consent = page.evaluate("() => window.personvern && window.personvern.consent()")
        except PlaywrightError:
            consent = None  # the page reloaded: read back on the next page
        stored = "stored" if detail.get("stored") else "NOT stored by the server"
        granted = ", ".join((consent or detail.get("consent") or {}).get("c", [])) or "nothing"
        return f"{detail.get('method')} ({stored}); granted: {granted}"


class SelectorBanner:
    def __init__(self, selectors: BannerSelectors) -> None:
        self.s = selectors

    def visible(self, page: Page, timeout_s: float) -> bool:
        try:
            page.wait_for_selector(self.s.banner or self.s.accept, state="visible",
                                   timeout=_ms(timeout_s))
            return True
        except (PlaywrightTimeout, PlaywrightError):
            return False

    def choose(self, page: Page, state: str, timeout_s: float) -> str:
        if not self.visible(page, timeout_s):
            raise BannerProblem(f"the banner ({self.s.banner or self.s.accept}) did not appear")
        t = _ms(timeout_s)
        try:
            if state == "accept":
                page.click(self.s.accept, timeout=t)
                done = "clicked accept"
            elif state == "reject" and self.s.reject:
                page.click(self.s.reject, timeout=t)
                done = "clicked reject"
            else:
                if not (self.s.settings and self.s.save):
                    raise BannerProblem(
                        f"state '{state}' needs the 'reject' selector or both 'settings' and "
                        "'save' in the site file")
                page.click(self.s.settings, timeout=t)
                category = state.split(":", 1)[1] if state.startswith("only:") else None
                for key, selector in self.s.category.items():
                    page.set_checked(selector, key == category, timeout=t)
                if category and category not in self.s.category:
                    raise BannerProblem(f"no selector for the category '{category}' in the "
                                        "site file (banner.category)")
                page.click(self.s.save, timeout=t)
                done = f"saved settings ({category or 'nothing'} on)"
            page.wait_for_load_state("load", timeout=t)
        except PlaywrightTimeout:
            raise BannerProblem(f"the banner could not be driven for '{state}' within "
                                f"{timeout_s:g} s") from None
        except PlaywrightError as exc:
            raise BannerProblem(f"the banner could not be driven: {exc.message}") from None
        return done


def driver_for(selectors: BannerSelectors | None) -> BannerDriver:
    return SelectorBanner(selectors) if selectors is not None else PersonvernBanner()
