"""The evidence a scan collects and the findings drawn from it (plain dataclasses)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

StateName = str  # "none", "reject", "accept" or "only:<category>"
FindingKind = Literal["violation", "undeclared", "unseen", "expiry", "insecure_form", "tls"]


@dataclass
class CookieSeen:
    name: str
    domain: str
    path: str
    expires: float | None  # seconds since the epoch; None: a session cookie
    third_party: bool
    set_by: str  # "response <url>", "script <url>" or "unknown"
    page: str  # the page on which it was first seen
    http_only: bool = False
    secure: bool = False
    same_site: str = ""
    deleted: bool = False  # seen being set, then gone at the end of the state

    def lifetime_days(self, at: float) -> float | None:
        return None if self.expires is None else max(0.0, (self.expires - at) / 86400)


@dataclass
class StorageSeen:
    kind: Literal["localStorage", "sessionStorage", "indexedDB"]
    origin: str
    key: str
    page: str


@dataclass
class RequestSeen:
    url: str
    method: str
    resource_type: str
    host: str
    third_party: bool
    page: str
    started: float  # seconds since the epoch
    status: int | None = None
    mime: str = ""
    size: int | None = None
    failure: str = ""
    kind: str = ""  # "beacon", "pixel" or "" (another request)
    tracker: str = ""  # vendor named by the tracker list
    category: str = ""  # category from the tracker list or the scan config
    duration_ms: float | None = None


@dataclass
class FormSeen:
    page: str
    action: str
    method: str
    insecure: bool


@dataclass
class PageVisit:
    url: str
    status: int | None = None
    mime: str = ""
    error: str = ""
    seconds: float = 0.0


@dataclass
class StateResult:
    state: StateName
    pages: list[PageVisit] = field(default_factory=list)
    cookies: list[CookieSeen] = field(default_factory=list)
    storage: list[StorageSeen] = field(default_factory=list)
    requests: list[RequestSeen] = field(default_factory=list)
    forms: list[FormSeen] = field(default_factory=list)
    screenshot: str = ""  # file name of the banner screenshot (first state only)
    after_screenshot: str = ""  # file name of the start page after the choice
    banner: str = ""  # what the banner driver did (or why it could not)
    seconds: float = 0.0


@dataclass
class TlsStatus:
    scheme: str
    ok: bool
    detail: str
    not_after: str = ""
    protocol: str = ""


@dataclass
class Finding:
    kind: FindingKind
    state: str
    subject: str  # a cookie name, host, storage key, form action…
    message: str
    proposal: dict[str, object] | None = None  # a proposed declaration entry (undeclared)


@dataclass
class ScanReport:
    url: str
    started: str
    finished: str = ""
    pages_budget: int = 0
    states: list[StateResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    tls: TlsStatus | None = None
    messages: list[str] = field(default_factory=list)  # problems met while scanning
    tracker_list: str = ""
    declaration: str = ""

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "violation"]

    @property
    def complete(self) -> bool:
        """Every state reached its start page."""
        return bool(self.states) and all(
            s.pages and not s.pages[0].error for s in self.states
        )

    def exit_code(self) -> int:
        """0 clean, 1 violations, 3 the scan could not reach the site in some state
        (2 is left to bad input: a usage error, an invalid declaration)."""
        if self.violations:
            return 1
        return 0 if self.complete else 3

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["summary"] = self.summary()
        return data

    def summary(self) -> dict[str, int]:
        counts = {kind: 0 for kind in ("violation", "undeclared", "unseen", "expiry",
                                        "insecure_form", "tls")}
        for finding in self.findings:
            counts[finding.kind] += 1
        counts["pages"] = sum(len(s.pages) for s in self.states)
        counts["requests"] = sum(len(s.requests) for s in self.states)
        counts["cookies"] = sum(len(s.cookies) for s in self.states)
        return counts
