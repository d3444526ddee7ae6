"""Visiting pages: one navigation with a timeout and a clear message for each way it can
fail, and the links that stay inside the scan's scope."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from personvern.scan.entities import PageVisit
from personvern.scan.sites import same_site

SKIP_EXTENSIONS = (".pdf", ".zip", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".mp4",
                   ".mp3", ".css", ".js", ".json", ".xml", ".ico", ".woff", ".woff2")
NET_ERRORS = {
    "ERR_CONNECTION_REFUSED": "unreachable: the connection was refused",
    "ERR_NAME_NOT_RESOLVED": "unreachable: the host name was not found",
    "ERR_ADDRESS_UNREACHABLE": "unreachable: no route to the address",
    "ERR_CONNECTION_TIMED_OUT": "unreachable: the connection timed out",
    "ERR_TOO_MANY_REDIRECTS": "a redirect loop (too many redirects)",
    "ERR_CERT_": "the TLS certificate was refused",
    "ERR_SSL_": "the TLS connection failed",
    "ERR_EMPTY_RESPONSE": "the server closed the connection without an answer",
    "ERR_INVALID_RESPONSE": "the server's answer was not valid HTTP",
}


def describe_error(message: str) -> str:
    for code, text in NET_ERRORS.items():
        if code in message:
            return f"{text} ({message.split()[0] if message else code})"
    first = message.strip().splitlines()[0] if message.strip() else "navigation failed"
    return first[:200]


def visit(page: Page, url: str, timeout_s: float) -> PageVisit:
    """Opens ``url``; never raises and never waits longer than ``timeout_s`` for the load."""
    started = time.monotonic()
    result = PageVisit(url=url)
    try:
        response = page.goto(url, wait_until="load", timeout=timeout_s * 1000)
        if response is not None:
            result.status = response.status
            result.mime = response.headers.get("content-type", "").split(";")[0].strip()
            if result.status >= 400:
                result.error = f"HTTP {result.status}"
            elif result.mime and "html" not in result.mime:
                result.error = f"not an HTML page ({result.mime}): no banner, no links"
    except PlaywrightTimeout:
        result.error = f"did not finish loading within {timeout_s:g} s (what it did so far is kept)"
    except PlaywrightError as exc:
        result.error = describe_error(exc.message)
    result.seconds = round(time.monotonic() - started, 3)
    return result


def settle(page: Page, inflight: Callable[[], int], cap_s: float) -> None:
    """Lets late requests (beacons, pixels fired on load) start and finish: returns when no
    request has been in flight for ~150 ms, or after ``cap_s``."""
    deadline = time.monotonic() + cap_s
    quiet = 0
    while time.monotonic() < deadline and quiet < 3:
        try:
            page.wait_for_timeout(50)
        except PlaywrightError:
            return
        quiet = quiet + 1 if inflight() == 0 else 0


class Scope:
    def __init__(self, start: str, kind: str) -> None:
        parts = urlsplit(start)
        self.kind = kind
        self.origin = (parts.scheme, parts.netloc)
        self.host = parts.hostname or ""
        self.folder = parts.path[: parts.path.rfind("/") + 1] or "/"

    def normalise(self, link: str, *, seed: bool = False) -> str | None:
        """The link without its fragment when it is a page inside the scope; a seed (the
        start page, pages planned by an earlier state) is taken whatever it ends with."""
        url, _fragment = urldefrag(link)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        if seed:
            return url
        if parts.path.lower().endswith(SKIP_EXTENSIONS):
            return None
        if self.kind == "site":
            inside = same_site(parts.hostname or "", self.host)
        else:
            inside = (parts.scheme, parts.netloc) == self.origin
            if inside and self.kind == "path":
                inside = (parts.path or "/").startswith(self.folder)
        return url if inside else None


class Frontier:
    """Pages still to visit, breadth first, each once, up to the budget."""

    def __init__(self, scope: Scope, budget: int, seed: list[str]) -> None:
        self.scope = scope
        self.budget = budget
        self.queue: list[str] = []
        self.seen: set[str] = set()
        for url in seed:
            self.add(url, seed=True)

    def add(self, link: str, *, seed: bool = False) -> None:
        url = self.scope.normalise(link, seed=seed)
        if url is not None and url not in self.seen and len(self.seen) < self.budget:
            self.seen.add(url)
            self.queue.append(url)

    def next(self) -> str | None:
        return self.queue.pop(0) if self.queue else None
