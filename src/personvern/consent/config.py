"""The banner's configuration, built from one declaration version and cached per version.

A declaration version never changes once stored, so a configuration built for version N
is valid forever and each process builds it at most once. Only "which version is
current" is looked up again, at most every few seconds.

Two hashes come out of it:

- ``text_hash[lang]``: SHA-256 of everything the visitor can read in that language
  (wording, categories, services, cookies). A consent record stores it, and the exact
  text is kept under that hash in ``consent_banners``, so a record proves what was shown.
- ``consent_hash``: a short hash of everything consent-relevant in every language. A new
  declaration version that changes none of it (e.g. a retention period) keeps the hash and
  visitors are not asked again; any change to it makes the banner ask again.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit

from personvern.consent import texts
from personvern.declaration.model import CookieService, Declaration, text
from personvern.errors import NotFound

NECESSARY = "necessary"
CATEGORY_ORDER = ("necessary", "preferences", "statistics", "marketing")
GPC_CATEGORIES = frozenset({"marketing"})
CONSENT_COOKIE = "personvern_consent"
# Consent Mode v2 types and the category that grants them when no service declares them.
CONSENT_MODE_DEFAULTS = {
    "ad_storage": "marketing",
    "ad_user_data": "marketing",
    "ad_personalization": "marketing",
    "analytics_storage": "statistics",
    "functionality_storage": "preferences",
    "personalization_storage": "preferences",
    "security_storage": "necessary",
}


class DeclarationSource(Protocol):
    def current_version_id(self) -> int | None: ...

    def declaration(self, version_id: int) -> Declaration: ...


class StoredDeclarations:
    """Declarations as stored by the declaration package (the production source)."""

    def __init__(self, declarations: Any) -> None:
        self.declarations = declarations

    def current_version_id(self) -> int | None:
        version = self.declarations.current()
        return None if version is None else version.id

    def declaration(self, version_id: int) -> Declaration:
        version = self.declarations.version(version_id)
        return self.declarations.declaration_of(version).declaration


@dataclass(frozen=True)
class BannerConfig:
    version: int
    validity: str
    sites: frozenset[str]
    categories: tuple[str, ...]  # the ones a visitor can choose (necessary excluded)
    services: dict[str, str]  # service key -> category, choosable services only
    consent_mode: dict[str, tuple[str, ...]]  # type -> "c:<category>" / "s:<service>"
    consent_hash: str
    texts: dict[str, dict[str, Any]]
    text_hash: dict[str, str]
    controller: str
    client: dict[str, Any] = field(repr=False)

    def client_json(self) -> str:
        return json.dumps(self.client, ensure_ascii=False, separators=(",", ":"))


def build_config(declaration: Declaration, version_id: int) -> BannerConfig:
    cookies = declaration.cookies
    present = {NECESSARY} | {s.category for s in cookies.services} | set(cookies.categories)
    ordered = [c for c in CATEGORY_ORDER if c in present]
    choosable = tuple(c for c in ordered if c != NECESSARY)
    services = {s.key: s.category for s in cookies.services if s.category != NECESSARY}
    mode = _consent_mode(cookies.services, set(ordered))
    trees = {lang: _tree(declaration, ordered, lang) for lang in texts.LANGUAGES}
    hashes = {lang: _sha256(tree) for lang, tree in trees.items()}
    gpc = sorted(GPC_CATEGORIES & set(choosable))
    relevant = {"texts": hashes, "mode": mode, "validity": cookies.validity, "gpc": gpc,
                "services": services}
    consent_hash = _sha256(relevant)[:16]
    deletions = {
        s.key: [c.name for c in s.cookies if c.first_party] for s in cookies.services
        if s.category != NECESSARY and any(c.first_party for c in s.cookies)
    }
    client = {
        "v": version_id, "h": consent_hash, "g": gpc, "cm": mode, "k": deletions,
        "sc": services, "t": {lang: {"h": hashes[lang], **tree} for lang, tree in trees.items()},
    }
    return BannerConfig(
        version=version_id, validity=cookies.validity,
        sites=frozenset(o for o in (origin_of(site) for site in cookies.sites) if o),
        categories=choosable, services=services,
        consent_mode={k: tuple(v) for k, v in mode.items()}, consent_hash=consent_hash,
        texts=trees, text_hash=hashes, controller=declaration.controller.name, client=client,
    )


def _consent_mode(services: list[CookieService], categories: set[str]) -> dict[str, list[str]]:
    mode: dict[str, list[str]] = {}
    for service in services:
        key = "c:necessary" if service.category == NECESSARY else f"s:{service.key}"
        for kind in service.consent_mode:
            mode.setdefault(kind, [])
            if key not in mode[kind]:
                mode[kind].append(key)
    for kind, category in CONSENT_MODE_DEFAULTS.items():
        if kind not in mode:  # every type is named: an unnamed type counts as granted by Google
            mode[kind] = [f"c:{category}"] if category in categories else []
    return dict(sorted(mode.items()))


def _tree(declaration: Declaration, categories: list[str], lang: str) -> dict[str, Any]:
    cookies = declaration.cookies
    ui = dict(texts.UI[lang])
    ui["title"] = ui["title"].format(controller=declaration.controller.name)
    processors = {p.key: p.name for p in declaration.processors}
    tree = []
    for category in categories:
        name, description = texts.CATEGORIES[category][lang]
        override = cookies.categories.get(category)  # type: ignore[call-overload]
        if override is not None:
            name = text(override.name, lang) or name
            description = text(override.description, lang) or description
        entries = [
            {
                "k": s.key, "n": s.name, "p": processors.get(s.provider, s.provider),
                "d": text(s.description, lang),
                "c": [[c.name, texts.duration(c.duration, lang), text(c.purpose, lang)] for c in s.cookies],
            }
            for s in cookies.services if s.category == category
        ]
        declared = {c[0] for entry in entries for c in entry["c"]}
        if category == NECESSARY and CONSENT_COOKIE not in declared:
            entries.insert(0, {
                "k": "personvern", "n": texts.CONSENT_SERVICE_NAME[lang],
                "p": declaration.controller.name, "d": "",
                "c": [[CONSENT_COOKIE, texts.duration(cookies.validity, lang),
                       texts.CONSENT_COOKIE_PURPOSE[lang]]],
            })
        tree.append({"k": category, "n": name, "d": description, "s": entries})
    return {"u": ui, "c": tree}


def _sha256(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def origin_of(url: str) -> str | None:
    """``https://Shop.example.com:443/a?b`` -> ``https://shop.example.com``; None if not http(s)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = 443 if parts.scheme == "https" else 80
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


_PERIOD = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@lru_cache(maxsize=64)
def _period_parts(period: str) -> tuple[int, int, int, int]:
    match = _PERIOD.match(period)
    if match is None:
        raise ValueError(f"not a period: {period!r}")
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    return years, months, weeks, days


def add_period(start: datetime, period: str) -> datetime:
    """``start`` plus an ISO-8601 period of years, months, weeks and days (calendar months;
    the 31st plus one month is the last day of the next month)."""
    years, months, weeks, days = _period_parts(period)
    total = start.month - 1 + months + 12 * years
    year, month = start.year + total // 12, total % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day) + timedelta(weeks=weeks, days=days)


class BannerConfigs:
    """Configurations by declaration version (built once each) and the current version."""

    CURRENT_TTL_SECONDS = 5.0
    MAX_VERSIONS = 32

    def __init__(self, source: DeclarationSource) -> None:
        self.source = source
        self._configs: OrderedDict[int, BannerConfig] = OrderedDict()
        self._lock = threading.Lock()
        self._current: tuple[float, int | None] | None = None

    def cached(self, version_id: int) -> BannerConfig | None:
        return self._configs.get(version_id)

    def get(self, version_id: int) -> BannerConfig:
        config = self._configs.get(version_id)
        if config is not None:
            return config
        try:
            declaration = self.source.declaration(version_id)
        except NotFound:
            raise NotFound(f"declaration version {version_id} does not exist") from None
        config = build_config(declaration, version_id)
        with self._lock:
            self._configs[version_id] = config
            while len(self._configs) > self.MAX_VERSIONS:
                self._configs.popitem(last=False)
        return config

    def current_version_id(self) -> int | None:
        now = time.monotonic()
        if self._current is None or now - self._current[0] > self.CURRENT_TTL_SECONDS:
            self._current = (now, self.source.current_version_id())
        return self._current[1]

    def current(self) -> BannerConfig:
        version_id = self.current_version_id()
        if version_id is None:
            raise NotFound("no declaration is loaded, so there is no banner to show")
        return self.get(version_id)

    def forget_current(self) -> None:
        """Look the current version up again on the next call (after a declaration load)."""
        self._current = None
