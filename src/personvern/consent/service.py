"""Recording consents, answering "is this cookie genuine?", impressions.

The write path (``record``) is pure computation plus one queued insert: the choice is
checked against the banner configuration of the declaration version the visitor saw
(cached per version), sealed with an HMAC, and handed to the group-commit writer
(``writer.py``); the answer is given after the commit. No audit-chain entry is written
per consent; the log is made tamper-evident by seals and checkpoints (``ledger.py``).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.consent import reports
from personvern.consent.config import (
    GPC_CATEGORIES,
    NECESSARY,
    BannerConfig,
    BannerConfigs,
    StoredDeclarations,
    add_period,
    origin_of,
)
from personvern.consent.entities import ConsentRecord, DayStats, Receipt, VerifyOutcome
from personvern.consent.ipmask import mask_ip
from personvern.consent.ledger import ConsentLedger
from personvern.consent.proof import (
    COOKIE_PURPOSE,
    RECORD_KEY_LENGTH,
    RECORD_PURPOSE,
    ConsentIds,
    CookieInvalid,
    CookieValue,
    Signer,
    canonical_choices,
    decode_cookie,
    encode_cookie,
    record_content,
)
from personvern.consent.repository import ConsentRepository, CounterKey
from personvern.consent.schemas import ConsentIn, ImpressionIn
from personvern.consent.writer import GroupCommitWriter
from personvern.db.database import Database
from personvern.errors import Forbidden, Invalid, NotFound
from personvern.keys import Keys

MAX_USER_AGENT = 512
MAX_STATS_DAYS = 731


@dataclass(frozen=True)
class Visitor:
    """What the request tells about the visitor, besides the body."""

    ip: str | None
    user_agent: str
    sec_gpc: bool = False
    own_origin: str | None = None  # the origin personvern itself is reached on


@dataclass(frozen=True)
class _Pending:
    row: dict[str, Any]
    counts: dict[CounterKey, int]
    config: BannerConfig
    categories: dict[str, bool]
    services: dict[str, bool]


class ConsentService:
    def __init__(
        self, database: Database, clock: Clock, keys: Keys, audit: AuditService,
        configs: BannerConfigs, writer: GroupCommitWriter | None = None,
    ) -> None:
        self.database = database
        self.clock = clock
        self.audit = audit
        self.configs = configs
        self.writer = writer or GroupCommitWriter(database)
        self.record_signer = Signer(keys, RECORD_PURPOSE)
        self.cookie_signer = Signer(keys, COOKIE_PURPOSE)
        self.ids = ConsentIds()
        self.ledger = ConsentLedger(database, clock, audit, self.record_signer)
        self._stored_banners: set[str] = set()

    # --- configuration -----------------------------------------------------------------

    def config(self, version_id: int | None = None) -> BannerConfig:
        config = self.configs.current() if version_id is None else self.configs.get(version_id)
        if not self._stored_banners.issuperset(config.text_hash.values()):
            self._store_banner_texts(config)
        return config

    async def config_async(self, version_id: int) -> BannerConfig:
        config = self.configs.cached(version_id)
        if config is not None and self._stored_banners.issuperset(config.text_hash.values()):
            return config
        return await asyncio.to_thread(self.config, version_id)

    def _store_banner_texts(self, config: BannerConfig) -> None:
        """Keeps the exact text of each language under its hash (once per process)."""
        with self.database.write() as session:
            repo = ConsentRepository(session)
            for lang, tree in config.texts.items():
                content = json.dumps(tree, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                repo.store_banner(config.text_hash[lang], config.version, lang, content, self.clock.now())
        self._stored_banners.update(config.text_hash.values())

    @staticmethod
    def allowed_origin(origin: str | None, config: BannerConfig, visitor: Visitor) -> bool:
        """A declared site, or personvern's own origin (its demo website page)."""
        return origin is not None and (origin in config.sites or origin == visitor.own_origin)

    # --- recording ---------------------------------------------------------------------

    def record(self, body: ConsentIn, visitor: Visitor) -> Receipt:
        pending = self._prepare(self.config(body.version), body, visitor)
        self.writer.write([pending.row], pending.counts)
        return self._receipt(pending)

    async def record_async(self, body: ConsentIn, visitor: Visitor) -> Receipt:
        pending = self._prepare(await self.config_async(body.version), body, visitor)
        await self.writer.write_async([pending.row], pending.counts)
        return self._receipt(pending)

    def _prepare(self, config: BannerConfig, body: ConsentIn, visitor: Visitor) -> _Pending:
        expected = config.text_hash[body.lang]
        if body.banner_hash != expected:
            raise Invalid(
                f"banner_hash does not match the '{body.lang}' banner text of declaration "
                f"version {config.version}; load the banner again"
            )
        prop = self._property(config, body.page_url, visitor)
        gpc = body.gpc or visitor.sec_gpc
        categories, services = _choices(config, body, gpc)
        consent_id = self._continued(body.previous) or self.ids.new()
        now = self.clock.now()
        row: dict[str, Any] = {
            "consent_id": consent_id, "recorded_at": now,
            "expires_at": add_period(now, config.validity), "property": prop,
            "page_url": _without_query(body.page_url), "language": body.lang,
            "declaration_version": config.version, "banner_hash": body.banner_hash,
            "choices": canonical_choices(categories, services), "method": body.method, "gpc": gpc,
            "ip": mask_ip(visitor.ip), "user_agent": visitor.user_agent[:MAX_USER_AGENT],
        }
        row["seal"] = self.record_signer.sign(record_content(row))
        day = now.date()
        counts: dict[CounterKey, int]
        if body.method == "withdraw":
            counts = {(day, prop, "withdrawals"): 1}
        else:
            counts = {(day, prop, "decisions"): 1}
            counts.update({(day, prop, f"granted:{c}"): 1 for c, on in categories.items() if on})
        return _Pending(row, counts, config, categories, services)

    def _property(self, config: BannerConfig, page_url: str, visitor: Visitor) -> str:
        prop = origin_of(page_url)
        if prop is None:
            raise Invalid("page_url must be an absolute http(s) URL")
        if not self.allowed_origin(prop, config, visitor):
            raise Forbidden(
                f"the page's origin {prop} is not one of the sites in the declaration (cookies.sites)"
            )
        return prop

    def _continued(self, previous: str | None) -> str | None:
        """The consent id of a genuine previous cookie: a change or withdrawal continues it."""
        if not previous:
            return None
        try:
            return decode_cookie(previous, self.cookie_signer).consent_id
        except CookieInvalid:
            return None

    def _receipt(self, pending: _Pending) -> Receipt:
        row = pending.row
        key = row["seal"][:RECORD_KEY_LENGTH]
        cookie = CookieValue(
            consent_id=row["consent_id"], record=key, version=pending.config.version,
            consent_hash=pending.config.consent_hash, expires=int(row["expires_at"].timestamp()),
            categories=tuple(c for c, on in pending.categories.items() if on),
            services=tuple(s for s, on in pending.services.items() if on),
        )
        return Receipt(
            record=key, consent_id=row["consent_id"],
            cookie=encode_cookie(cookie, self.cookie_signer), recorded_at=row["recorded_at"],
            expires_at=row["expires_at"], method=row["method"], gpc=row["gpc"],
            categories=pending.categories, services=pending.services,
        )

    # --- impressions -------------------------------------------------------------------

    def _impression_counts(self, config: BannerConfig, body: ImpressionIn, visitor: Visitor) -> dict[CounterKey, int]:
        prop = self._property(config, body.page_url, visitor)
        return {(self.clock.now().date(), prop, "impressions"): 1}

    def impression(self, body: ImpressionIn, visitor: Visitor) -> None:
        self.writer.write([], self._impression_counts(self.config(body.version), body, visitor))

    async def impression_async(self, body: ImpressionIn, visitor: Visitor) -> None:
        counts = self._impression_counts(await self.config_async(body.version), body, visitor)
        await self.writer.write_async([], counts)

    # --- proof -------------------------------------------------------------------------

    def verify(self, value: str) -> VerifyOutcome:
        """Is ``value`` a consent cookie this server issued, unaltered, matching its record?"""
        try:
            cookie = decode_cookie(value, self.cookie_signer)
        except CookieInvalid as exc:
            return VerifyOutcome(False, str(exc))
        with self.database.read() as session:
            records = ConsentRepository(session).for_consent(cookie.consent_id)
        record = next((r for r in records if r.key == cookie.record), None)
        latest = records[-1].id if records else None
        if record is None:
            return VerifyOutcome(
                False, f"signed by this server, but no stored record {cookie.record} of consent "
                f"{cookie.consent_id} exists", consent_id=cookie.consent_id,
            )
        base = {
            "consent_id": record.consent_id, "record_id": record.id, "recorded_at": record.recorded_at,
            "expires_at": record.expires_at, "method": record.method,
            "expired": self.clock.now() >= record.expires_at,
            "superseded_by": latest if latest and latest != record.id else None,
        }
        if not self.record_signer.verify(record_content(record.as_row()), record.seal):
            return VerifyOutcome(False, f"stored record {record.id} was altered: its seal does not match", **base)
        if not _cookie_matches(cookie, record):
            return VerifyOutcome(False, f"the cookie's content differs from stored record {record.id}", **base)
        reason = f"matches stored record {record.id}, unaltered"
        if base["superseded_by"]:
            reason += f"; a later choice (record {latest}) replaced it"
        if base["expired"]:
            reason += "; the consent has expired"
        return VerifyOutcome(True, reason, **base)

    def records_of(self, consent_id: str) -> list[ConsentRecord]:
        with self.database.read() as session:
            found = ConsentRepository(session).for_consent(consent_id)
        if not found:
            raise NotFound(f"no consent records with consent id {consent_id}")
        return found

    # --- reports -----------------------------------------------------------------------

    def stats(self, start: date, end: date, property: str | None = None) -> list[DayStats]:
        if end < start:
            raise Invalid("the end date is before the start date")
        if (end - start).days > MAX_STATS_DAYS:
            raise Invalid(f"at most {MAX_STATS_DAYS} days at a time")
        return reports.stats(self.database, start, end, property)

    def export(
        self, out: IO[str], fmt: reports.ExportFormat, *, actor: str, start: date | None = None,
        end: date | None = None, property: str | None = None,
    ) -> int:
        """Writes the log (CSV or JSON Lines) for an auditor; the export itself is audited."""
        count = reports.write_export(reports.records_between(self.database, start, end, property), out, fmt)
        with self.database.write() as session:
            self.audit.record(
                session, actor=actor, action="consent.exported", target="consent-records",
                details={"format": fmt, "count": count, "from": str(start) if start else None,
                         "to": str(end) if end else None, "property": property},
            )
        return count

    def banner_text(self, text_hash: str) -> dict[str, Any]:
        with self.database.read() as session:
            content = ConsentRepository(session).banner(text_hash)
        if content is None:
            raise NotFound(f"no banner text stored under {text_hash}")
        return json.loads(content)


def _choices(config: BannerConfig, body: ConsentIn, gpc: bool) -> tuple[dict[str, bool], dict[str, bool]]:
    """The choice per category and service, every one of them named (False when refused)."""
    for category, granted in body.categories.items():
        if category == NECESSARY:
            if not granted:
                raise Invalid("strictly necessary cookies cannot be refused; leave 'necessary' out")
        elif category not in config.categories:
            raise Invalid(
                f"unknown category '{category}'; declaration version {config.version} has: "
                f"{', '.join(config.categories) or 'none'}"
            )
    unknown = sorted(set(body.services) - set(config.services))
    if unknown:
        raise Invalid(f"unknown service '{unknown[0]}' in declaration version {config.version}")
    method = body.method
    if method == "gpc" and not gpc:
        raise Invalid("method 'gpc' needs the Global Privacy Control signal (gpc: true or Sec-GPC: 1)")
    if method in ("accept_all", "gpc"):
        refused = GPC_CATEGORIES if method == "gpc" else frozenset()
        categories = {c: c not in refused for c in config.categories}
    elif method in ("reject_all", "withdraw"):
        categories = {c: False for c in config.categories}
    else:
        categories = {c: body.categories.get(c, False) for c in config.categories}
    if method == "custom":
        services = {s: body.services.get(s, False) for s in config.services}
        for service, granted in services.items():
            if granted and not categories[config.services[service]]:
                raise Invalid(
                    f"service '{service}' is granted but its category "
                    f"'{config.services[service]}' is refused"
                )
    else:
        services = {s: categories[c] for s, c in config.services.items()}
    return categories, services


def _cookie_matches(cookie: CookieValue, record: ConsentRecord) -> bool:
    return (
        cookie.version == record.declaration_version
        and cookie.expires == int(record.expires_at.timestamp())
        and set(cookie.categories) == {c for c, on in record.categories.items() if on}
        and set(cookie.services) == {s for s, on in record.services.items() if on}
    )


def _without_query(url: str) -> str:
    """The page URL without query string and fragment (they may carry personal data)."""
    return url.split("#", 1)[0].split("?", 1)[0]


def build_consent_service(container: Any) -> ConsentService:
    """A consent service on the container's store (``Container.consent`` keeps one)."""
    configs = BannerConfigs(StoredDeclarations(container.declarations))
    return ConsentService(container.db, container.clock, container.keys, container.audit, configs)

