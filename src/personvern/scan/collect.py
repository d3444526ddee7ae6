"""Collectors attached to one consent state's browser context: every request and response,
every cookie write (by a response header or by a script, with the script's URL), and
snapshots of cookies, Web Storage, IndexedDB and forms after each page."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from playwright.sync_api import BrowserContext, Page, Request, Response
from playwright.sync_api import Error as PlaywrightError

from personvern.scan.entities import CookieSeen, FormSeen, RequestSeen, StateResult, StorageSeen
from personvern.scan.sites import host_of, same_site
from personvern.scan.trackers import TrackerList

# Reports every write to document.cookie with the stack that made it.
COOKIE_HOOK = """
(() => {
  const d = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (!d || !d.set) return;
  Object.defineProperty(Document.prototype, "cookie", {
    configurable: true,
    get() { return d.get.call(this); },
    set(v) {
      try { window.__pvScanCookie(String(v), String(new Error().stack || ""), location.href); }
      catch (e) {}
      d.set.call(this, v);
    }
  });
})();
"""
SNAPSHOT = """
async () => {
  const keys = (s) => { try { return Object.keys(s); } catch (e) { return []; } };
  let idb = [];
  try { idb = (await indexedDB.databases()).map((x) => x.name); } catch (e) {}
  const forms = Array.from(document.forms).map((f) => ({
    action: f.action || location.href, method: (f.getAttribute("method") || "get").toLowerCase(),
  }));
  const links = Array.from(document.querySelectorAll("a[href]")).map((a) => a.href);
  return { local: keys(localStorage), session: keys(sessionStorage), idb, forms, links,
           origin: location.origin };
}
"""
_URL_IN_STACK = re.compile(r"(https?://[^\s()]+?):\d+:\d+")


class StateCollector:
    """Everything one state's context did; call ``snapshot`` after each page."""

    def __init__(self, context: BrowserContext, result: StateResult, start_host: str,
                 trackers: TrackerList) -> None:
        self.result = result
        self.start_host = start_host
        self.trackers = trackers
        self.page_url = ""
        self._requests: dict[int, RequestSeen] = {}
        self._responses: list[Response] = []
        self._writes: dict[str, tuple[str, str, float | None, bool]] = {}
        self._cookies: dict[tuple[str, str, str], CookieSeen] = {}
        self._storage: set[tuple[str, str, str]] = set()
        self._open: set[int] = set()
        context.expose_binding("__pvScanCookie", self._on_cookie_write)
        context.add_init_script(COOKIE_HOOK)
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("requestfinished", self._on_finished)
        context.on("requestfailed", self._on_failed)

    # --- events --------------------------------------------------------------------------
    def _on_request(self, request: Request) -> None:
        url = request.url
        if not url.startswith(("http://", "https://")):
            return
        host = host_of(url)
        third = not same_site(host, self.start_host)
        record = RequestSeen(
            url=url, method=request.method, resource_type=request.resource_type, host=host,
            third_party=third, page=self.page_url or url, started=time.time(),
        )
        if record.resource_type in ("ping", "beacon"):
            record.kind = "beacon"
        entry = self.trackers.host(host)
        if entry is not None:
            record.tracker, record.category = entry.vendor, entry.category
        self._requests[id(request)] = record
        self._open.add(id(request))
        self.result.requests.append(record)

    def inflight(self) -> int:
        return len(self._open)

    def _on_response(self, response: Response) -> None:
        record = self._requests.get(id(response.request))
        if record is not None:
            record.status = response.status
            headers = response.headers
            record.mime = headers.get("content-type", "").split(";")[0].strip()
            length = headers.get("content-length", "")
            record.size = int(length) if length.isdigit() else None
        self._responses.append(response)

    def _on_finished(self, request: Request) -> None:
        self._open.discard(id(request))
        record = self._requests.get(id(request))
        if record is None:
            return
        timing = request.timing
        if timing.get("responseEnd", -1) >= 0:
            record.duration_ms = round(timing["responseEnd"], 1)
        if record.resource_type == "image" and record.third_party and (
            record.tracker or (record.size is not None and record.size <= 200)
        ):
            record.kind = record.kind or "pixel"

    def _on_failed(self, request: Request) -> None:
        self._open.discard(id(request))
        record = self._requests.get(id(request))
        if record is not None:
            record.failure = request.failure or "failed"

    def _on_cookie_write(self, _source: object, text: str, stack: str, page: str) -> None:
        name, expires, deleting = parse_cookie_write(text)
        if not name:
            return
        self._writes[name] = (describe_writer(stack, page), page, expires, deleting)

    # --- after each page -----------------------------------------------------------------
    def snapshot(self, page: Page) -> list[str]:
        """Records what the page left behind; returns the page's links."""
        self._read_set_cookie_headers()
        found: dict[str, object] = {}
        try:
            found = page.evaluate(SNAPSHOT)
        except PlaywrightError:
            pass  # not an HTML document (or it went away): nothing stored to read
        origin = str(found.get("origin", ""))
        for kind, keys in (("localStorage", found.get("local", [])),
                           ("sessionStorage", found.get("session", [])),
                           ("indexedDB", found.get("idb", []))):
            for key in keys or []:
                if (kind, origin, key) not in self._storage:
                    self._storage.add((kind, origin, key))
                    self.result.storage.append(StorageSeen(kind, origin, str(key), self.page_url))
        for form in found.get("forms", []) or []:
            action, method = str(form["action"]), str(form["method"])
            insecure = method == "post" and action.startswith("http://")
            if not any(f.action == action and f.page == self.page_url for f in self.result.forms):
                self.result.forms.append(FormSeen(self.page_url, action, method, insecure))
        self._read_cookies(page.context)
        return [str(link) for link in found.get("links", []) or []]

    def finish(self, context: BrowserContext) -> None:
        """Cookies written during the state but gone at its end are kept, marked deleted."""
        self._read_set_cookie_headers()
        self._read_cookies(context)
        present = {c.name for c in self.result.cookies if not c.deleted}
        for name, (by, page, expires, deleting) in self._writes.items():
            if deleting or name in present:
                continue
            host = host_of(page)
            self.result.cookies.append(CookieSeen(
                name=name, domain=host, path="/", expires=expires, third_party=False,
                set_by=by, page=page, deleted=True,
            ))
            present.add(name)

    def _read_set_cookie_headers(self) -> None:
        pending, self._responses = self._responses, []
        for response in pending:
            try:
                values = response.header_values("set-cookie")
            except PlaywrightError:
                continue
            for value in values:
                for line in value.split("\n"):
                    name, expires, deleting = parse_cookie_write(line)
                    if name:
                        self._writes[name] = (f"response {response.url}", response.url,
                                              expires, deleting)

    def _read_cookies(self, context: BrowserContext) -> None:
        try:
            cookies = context.cookies()
        except PlaywrightError:
            return
        for c in cookies:
            key = (c["name"], c["domain"], c["path"])
            if key in self._cookies:
                continue
            write = self._writes.get(c["name"])
            expires = c.get("expires", -1)
            seen = CookieSeen(
                name=c["name"], domain=c["domain"], path=c["path"],
                expires=None if expires is None or expires < 0 else float(expires),
                third_party=not same_site(c["domain"], self.start_host),
                set_by=write[0] if write else "unknown", page=self.page_url,
                http_only=bool(c.get("httpOnly")), secure=bool(c.get("secure")),
                same_site=str(c.get("sameSite", "")),
            )
            self._cookies[key] = seen
            self.result.cookies.append(seen)


def describe_writer(stack: str, page: str) -> str:
    """Who wrote a cookie, from the stack seen by the hook (its own frame comes first)."""
    frames = [line.strip() for line in stack.splitlines()[2:] if line.strip().startswith("at ")]
    urls = _URL_IN_STACK.findall(stack)
    if not frames:
        return f"inline script on {page}"
    inner = _URL_IN_STACK.search(frames[0])
    if inner is None:
        by = f"inline script on {page}"  # a script element added by another script
    elif inner.group(1) == page:
        by = f"inline script on {page}"
    else:
        by = f"script {inner.group(1)}"
    outer = urls[-1] if urls else ""
    if outer and outer not in by:
        by += f" (run by {outer})"
    return by


def parse_cookie_write(text: str) -> tuple[str, float | None, bool]:
    """``name=value; Max-Age=…`` -> (name, expiry in epoch seconds or None, is a deletion)."""
    parts = [p.strip() for p in text.split(";")]
    if not parts or "=" not in parts[0]:
        return "", None, False
    name, value = (x.strip() for x in parts[0].split("=", 1))
    expires: float | None = None
    deleting = False
    for attribute in parts[1:]:
        key, _, val = attribute.partition("=")
        key = key.strip().lower()
        if key == "max-age":
            try:
                seconds = int(val.strip())
            except ValueError:
                continue
            deleting = seconds <= 0
            expires = time.time() + seconds
            break
        if key == "expires":
            try:
                when = parsedate_to_datetime(val.strip())
            except (TypeError, ValueError):
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            expires = when.timestamp()
            deleting = when <= datetime.now(timezone.utc)
    return name, expires, deleting
