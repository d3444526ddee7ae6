"""One headless Chromium (the system's, through Playwright) reused for a whole scan; each
consent state gets its own fresh context, so no state sees another's cookies."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from personvern.errors import Invalid

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


class BrowserSession:
    """``with BrowserSession() as session: context = session.new_context()``.

    Give ``browser`` to reuse one that is already running (it is then not closed here)."""

    def __init__(self, browser: Browser | None = None, executable: Path = CHROMIUM) -> None:
        self._browser = browser
        self._own = browser is None
        self._executable = executable
        self._playwright: Playwright | None = None
        self._manager = None

    def __enter__(self) -> BrowserSession:
        if self._browser is None:
            if not self._executable.exists():
                raise Invalid(f"Chromium is not installed at {self._executable}")
            self._manager = sync_playwright()
            self._playwright = self._manager.__enter__()
            try:
                self._browser = self._playwright.chromium.launch(
                    executable_path=str(self._executable), headless=True, args=ARGS
                )
            except PlaywrightError as exc:
                self._manager.__exit__(None, None, None)
                raise Invalid(f"Chromium could not be started: {exc.message}") from None
        return self

    @property
    def browser(self) -> Browser:
        assert self._browser is not None, "use BrowserSession as a context manager"
        return self._browser

    def new_context(self) -> BrowserContext:
        return self.browser.new_context(
            viewport=VIEWPORT, ignore_https_errors=False, service_workers="block",
            user_agent=None, locale="en-GB",
        )

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._own and self._browser is not None:
            try:
                self._browser.close()
            finally:
                self._browser = None
                if self._manager is not None:
                    self._manager.__exit__(kind, error, trace)
