"""The composition root: everything built once from Settings and handed down."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from functools import cached_property
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from personvern.accounts.service import TokenService
from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.db.database import Database
from personvern.declaration.service import DeclarationService
from personvern.jobs.queue import JobQueue, create_huey
from personvern.keys import Keys
from personvern.settings import Settings

if TYPE_CHECKING:
    from personvern.breaches.service import BreachService
    from personvern.consent.service import ConsentService
    from personvern.mail.service import Mailer
    from personvern.privacy_center.service import PrivacyCenter
    from personvern.requests.service import RequestService
    from personvern.retention.service import RetentionService
    from personvern.scan.service import ScanService

T = TypeVar("T")


@dataclass
class Container:
    settings: Settings
    clock: Clock = field(default_factory=Clock)
    database: Database | None = None
    demo: object | None = None  # the demo folder, when run by `personvern demo`
    _building: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        if self.database is None:
            self.database = Database(self.settings.database_url(), echo=self.settings.database.echo)

    @property
    def db(self) -> Database:
        assert self.database is not None
        return self.database

    @cached_property
    def keys(self) -> Keys:
        return Keys.from_settings(self.settings)

    @cached_property
    def audit(self) -> AuditService:
        from personvern.audit.anchor import AuditAnchor

        anchor = AuditAnchor(self.settings.resolve(Path("audit-anchor.json")), self.keys.derive("audit-anchor"))
        return AuditService(self.db, self.clock, anchor)

    @cached_property
    def tokens(self) -> TokenService:
        return TokenService(self.db, self.audit, self.clock)

    @cached_property
    def declarations(self) -> DeclarationService:
        return DeclarationService(self.db, self.audit, self.clock)

    def _once(self, name: str, build: Callable[[Container], T]) -> T:
        """The service ``name``, built on first use; one lock, so a service (some start a
        writer thread) is never built twice by concurrent first requests."""
        found = self.__dict__.get(name)
        if found is None:
            with self._building:
                found = self.__dict__.get(name)
                if found is None:
                    found = self.__dict__[name] = build(self)
        return found

    @property
    def requests(self) -> RequestService:
        from personvern.requests.service import build_request_service

        return self._once("_requests", build_request_service)

    @property
    def consent(self) -> ConsentService:
        from personvern.consent.service import build_consent_service

        return self._once("_consent", build_consent_service)

    @property
    def retention(self) -> RetentionService:
        from personvern.retention.service import build_retention_service

        return self._once("_retention", build_retention_service)

    @property
    def mailer(self) -> Mailer:
        from personvern.mail.service import build_mailer

        return self._once("_mailer", build_mailer)

    @property
    def privacy_center(self) -> PrivacyCenter:
        from personvern.privacy_center.service import build_privacy_center

        return self._once("_privacy_center", build_privacy_center)

    @property
    def breaches(self) -> BreachService:
        from personvern.breaches.service import build_breach_service

        return self._once("_breaches", build_breach_service)

    @property
    def scan(self) -> ScanService:
        from personvern.scan.service import build_scan_service

        return self._once("_scan", build_scan_service)

    @cached_property
    def jobs(self) -> JobQueue:
        from personvern.jobs.registry import register_all

        from personvern.jobs.ledger import JobLedger

        queue = JobQueue(create_huey(self.settings), JobLedger(self.db, self.clock))
        queue.redispatch()  # jobs parked while the queue was away, from an earlier run
        register_all(queue, self)
        return queue

    def close(self) -> None:
        self.db.dispose()
