"""The evidence held against the declaration: violations, undeclared cookies and services
(with a proposed entry), declared but never seen, and expiries longer than declared."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from dateutil.relativedelta import relativedelta

from personvern.declaration.model import Cookie, CookieService, Declaration
from personvern.scan.config import SiteConfig
from personvern.scan.entities import CookieSeen, Finding, RequestSeen, ScanReport, StateResult
from personvern.scan.trackers import TrackerList

SLACK_DAYS = 1.0  # a cookie may outlive its declared duration by this much (clock, rounding)


@dataclass(frozen=True)
class DeclaredCookie:
    service: CookieService
    cookie: Cookie


def allowed_categories(state: str) -> set[str]:
    if state == "accept":
        return {"necessary", "preferences", "statistics", "marketing"}
    if state.startswith("only:"):
        return {"necessary", state.split(":", 1)[1]}
    return {"necessary"}


def when(state: str) -> str:
    if state == "none":
        return "before any consent"
    if state == "reject":
        return "after 'Reject all'"
    if state.startswith("only:"):
        return f"although only '{state[5:]}' was accepted"
    return "after 'Accept all'"


class Declared:
    def __init__(self, declaration: Declaration, site: SiteConfig) -> None:
        self.services = {s.key: s for s in declaration.cookies.services}
        self.cookies = [DeclaredCookie(s, c) for s in declaration.cookies.services
                        for c in s.cookies]
        self.site = site
        self.providers = {p.key: p.name for p in declaration.processors}

    def cookie(self, name: str) -> DeclaredCookie | None:
        for entry in self.cookies:
            if fnmatch.fnmatchcase(name, entry.cookie.name):
                return entry
        return None

    def service_for_host(self, host: str, vendor: str) -> CookieService | None:
        for pattern, key in self.site.hosts.items():
            if (host == pattern or host.endswith("." + pattern)) and key in self.services:
                return self.services[key]
        if vendor:
            wanted = vendor.lower()
            for service in self.services.values():
                provider = self.providers.get(service.provider, service.provider).lower()
                if wanted in (service.name.lower(), provider) or wanted in service.name.lower():
                    return service
        return None

    def necessary_host(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.site.necessary_hosts)


def compare(report: ScanReport, declaration: Declaration, site: SiteConfig,
            trackers: TrackerList) -> list[Finding]:
    declared = Declared(declaration, site)
    at = datetime.fromisoformat(report.started) if report.started else datetime.now(timezone.utc)
    findings: list[Finding] = []
    undeclared: dict[str, Finding] = {}
    expiry: dict[str, Finding] = {}
    seen_names: set[str] = set()
    for state in report.states:
        allowed = allowed_categories(state.state)
        for cookie in state.cookies:
            seen_names.add(cookie.name)
            findings.extend(_cookie(cookie, state, allowed, declared, trackers, undeclared,
                                    expiry, at))
        for item in state.storage:
            seen_names.add(item.key)
            owner = declared.cookie(item.key)
            if owner is not None and owner.service.category not in allowed:
                findings.append(Finding(
                    "violation", state.state, item.key,
                    f"{item.kind} key '{item.key}' of '{owner.service.key}' "
                    f"({owner.service.category}) was written {when(state.state)}",
                ))
            if owner is None:
                key = f"storage:{item.kind}:{item.key}"
                entry = trackers.cookie(item.key)
                undeclared.setdefault(key, Finding(
                    "undeclared", state.state, item.key,
                    f"{item.kind} key '{item.key}' ({item.origin}) is not declared",
                    _cookie_proposal(item.key, None, False, entry),
                ))
        findings.extend(_requests(state, allowed, declared, undeclared))
        for form in state.forms:
            if form.insecure:
                findings.append(Finding("insecure_form", state.state, form.action,
                                        f"the form on {form.page} posts over plain HTTP to "
                                        f"{form.action}"))
    for entry in declared.cookies:
        if not any(fnmatch.fnmatchcase(n, entry.cookie.name) for n in seen_names):
            findings.append(Finding(
                "unseen", "", entry.cookie.name,
                f"'{entry.cookie.name}' of '{entry.service.key}' ({entry.service.category}) "
                f"is declared but was never seen in the states scanned",
            ))
    if report.tls is not None and not report.tls.ok:
        findings.append(Finding("tls", "", report.url, report.tls.detail))
    return _dedupe(findings) + list(expiry.values()) + list(undeclared.values())


def _cookie(cookie: CookieSeen, state: StateResult, allowed: set[str], declared: Declared,
            trackers: TrackerList, undeclared: dict[str, Finding], expiry: dict[str, Finding],
            at: datetime) -> list[Finding]:
    found = declared.cookie(cookie.name)
    out: list[Finding] = []
    gone = " (set, then deleted)" if cookie.deleted else ""
    if found is not None:
        category = found.service.category
        if category not in allowed:
            out.append(Finding("violation", state.state, cookie.name,
                               f"cookie '{cookie.name}' of '{found.service.key}' ({category}) was "
                               f"set {when(state.state)}{gone}, by {cookie.set_by}"))
        longer = _longer_than_declared(cookie, found.cookie, at)
        if longer and cookie.name not in expiry:
            expiry[cookie.name] = Finding("expiry", state.state, cookie.name, longer)
        return out
    entry = trackers.cookie(cookie.name)
    undeclared.setdefault(f"cookie:{cookie.name}", Finding(
        "undeclared", state.state, cookie.name,
        f"cookie '{cookie.name}' ({cookie.domain}) is not declared"
        + (f"; the tracker list knows it as {entry.vendor}, {entry.category}" if entry else ""),
        _cookie_proposal(cookie.name, cookie.lifetime_days(at.timestamp()), cookie.third_party,
                         entry),
    ))
    if entry is not None and entry.category not in allowed:
        out.append(Finding("violation", state.state, cookie.name,
                           f"undeclared cookie '{cookie.name}' ({entry.vendor}, "
                           f"{entry.category} by the tracker list) was set "
                           f"{when(state.state)}{gone}, by {cookie.set_by}"))
    return out


def _requests(state: StateResult, allowed: set[str], declared: Declared,
              undeclared: dict[str, Finding]) -> list[Finding]:
    out: list[Finding] = []
    by_host: dict[str, list[RequestSeen]] = {}
    for request in state.requests:
        if request.third_party:
            by_host.setdefault(request.host, []).append(request)
    for host, requests in by_host.items():
        first = requests[0]
        service = declared.service_for_host(host, first.tracker)
        necessary = declared.necessary_host(host)
        category = "necessary" if necessary else (
            service.category if service is not None else (first.category or "unknown"))
        kinds = sorted({r.kind or r.resource_type for r in requests})
        label = service.key if service is not None else (first.tracker or "unknown service")
        if category not in allowed:
            out.append(Finding(
                "violation", state.state, host,
                f"{len(requests)} request(s) to {host} ({label}, {category}; "
                f"{', '.join(kinds)}) {when(state.state)}, first from {first.page}",
            ))
        if service is None and not necessary:
            undeclared.setdefault(f"host:{host}", Finding(
                "undeclared", state.state, host,
                f"requests to {host} ({', '.join(kinds)}) match no declared service",
                {"key": _slug(first.tracker or host), "name": first.tracker or host,
                 "provider": first.tracker or host,
                 "category": first.category or "choose: preferences, statistics or marketing",
                 "site_config_hosts": {host: _slug(first.tracker or host)}},
            ))
    return out


def _longer_than_declared(cookie: CookieSeen, declared: Cookie, at: datetime) -> str:
    days = cookie.lifetime_days(at.timestamp())
    if declared.duration == "session":
        if days is not None:
            return (f"'{cookie.name}' is declared as a session cookie but lasts "
                    f"{days:.0f} days")
        return ""
    if days is None:
        return ""
    limit = (at + _period(declared.duration) - at).total_seconds() / 86400
    if days > limit + SLACK_DAYS:
        return (f"'{cookie.name}' lasts {days:.0f} days, longer than the declared "
                f"{declared.duration} ({limit:.0f} days)")
    return ""


def _period(text: str) -> relativedelta:
    parts = {unit: number for number, unit in re.findall(r"(\d+)([YMWD])", text)}
    return relativedelta(years=int(parts.get("Y", 0)), months=int(parts.get("M", 0)),
                         weeks=int(parts.get("W", 0)), days=int(parts.get("D", 0)))


def _cookie_proposal(name: str, days: float | None, third: bool,
                     entry: object | None) -> dict[str, object]:
    vendor = getattr(entry, "vendor", "")
    return {
        "key": _slug(vendor or name), "name": vendor or name, "provider": vendor or "(who?)",
        "category": getattr(entry, "category", "") or "choose: necessary, preferences, "
        "statistics or marketing",
        "cookies": [{
            "name": name,
            "duration": "session" if days is None else f"P{max(1, round(days))}D",
            "purpose": {"en": getattr(entry, "note", "") or "(what it is for)"},
            "first_party": not third,
        }],
    }


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "service"


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for f in findings:
        key = (f.kind, f.state, f.subject)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
