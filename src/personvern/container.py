"""The composition root: everything built once from Settings and handed down."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from personvern.accounts.service import TokenService
from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.db.database import Database
from personvern.declaration.service import DeclarationService
from personvern.jobs.queue import JobQueue, create_huey
from personvern.keys import Keys
from personvern.settings import Settings

if TYPE_CHECKING:
    from personvern.consent.service import ConsentService
    from personvern.requests.service import RequestService


@dataclass
class Container:
    settings: Settings
    clock: Clock = field(default_factory=Clock)
    database: Database | None = None
    demo: object | None = None  # the demo folder, when run by `personvern demo`

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
        return AuditService(self.db, self.clock)

    @cached_property
    def tokens(self) -> TokenService:
        return TokenService(self.db, self.audit, self.clock)

    @cached_property
    def declarations(self) -> DeclarationService:
        return DeclarationService(self.db, self.audit, self.clock)

    @cached_property
    def requests(self) -> RequestService:
        from personvern.requests.service import RequestService

        return RequestService(
            self.db, self.audit, self.clock, self.keys, self.declarations, self.settings
        )

    @cached_property
    def consent(self) -> ConsentService:
        from personvern.consent.service import service_for

        return service_for(self)

    @cached_property
    def jobs(self) -> JobQueue:
        from personvern.jobs.registry import register_all

        queue = JobQueue(create_huey(self.settings))
        register_all(queue, self)
        return queue

    def close(self) -> None:
        self.db.dispose()
