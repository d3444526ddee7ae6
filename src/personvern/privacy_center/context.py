"""What the privacy center's services share, built once per container."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.db.database import Database
from personvern.declaration.model import Declaration
from personvern.jobs.queue import JobQueue
from personvern.keys import Keys
from personvern.mail.message import Mail
from personvern.mail.service import Mailer
from personvern.privacy_center.engine import Engine
from personvern.privacy_center.notices import Notices
from personvern.privacy_center.security import CsrfTokens, StatusLinks
from personvern.requests.entities import DataRequest
from personvern.settings import Settings

ACTOR_PUBLIC = "public:privacy-center"
ACTOR_SYSTEM = "system:privacy-center"
SEND_MAIL = "mail.send"
EXECUTE = "privacy_center.execute"


@dataclass
class Shared:
    settings: Settings
    db: Database
    audit: AuditService
    clock: Clock
    keys: Keys
    jobs: JobQueue
    engine: Engine
    mailer: Mailer
    notices: Notices
    links: StatusLinks
    csrf: CsrfTokens
    _declarations: dict[int, Declaration] = field(default_factory=dict)

    def declaration_of(self, request: DataRequest) -> Declaration:
        """The declaration version the request was made under (cached: versions never change)."""
        version_id = request.declaration_version_id
        if version_id is None:
            raise ValueError(f"request {request.id} has no declaration version")
        found = self._declarations.get(version_id)
        if found is None:
            found = self.engine.target_of(request).declaration
            assert found is not None
            self._declarations[version_id] = found
        return found

    def status_url(self, request_id: int, lang: str | None = None) -> str:
        return self.links.url(request_id, self.clock.now(), lang)

    def after_commit(self) -> AfterCommit:
        return AfterCommit(self)


class AfterCommit:
    """Mails and jobs decided inside a transaction, queued only once it has committed.

    A job queued before the commit could run before the data it needs is visible (or, on
    the in-process queue, inside the still-open transaction).
    """

    def __init__(self, shared: Shared) -> None:
        self._shared = shared
        self._mails: list[tuple[Mail, str]] = []
        self._jobs: list[tuple[str, tuple[Any, ...]]] = []

    def mail(self, mail: Mail, target: str) -> None:
        self._mails.append((mail, target))

    def job(self, name: str, *args: Any) -> None:
        self._jobs.append((name, args))

    def run(self) -> None:
        shared = self._shared
        for mail, target in self._mails:
            shared.jobs.enqueue(SEND_MAIL, shared.mailer.seal(mail), target)
        for name, args in self._jobs:
            shared.jobs.enqueue(name, *args)
        self._mails.clear()
        self._jobs.clear()


def build_shared(container: Any) -> Shared:
    """The services every part of the privacy center uses, from the container's."""
    mailer = container.mailer
    return Shared(
        settings=container.settings, db=container.db, audit=container.audit,
        clock=container.clock, keys=container.keys, jobs=container.jobs,
        engine=Engine(container.requests), mailer=mailer, notices=Notices(mailer),
        links=StatusLinks(container.keys, container.settings.server.public_url),
        csrf=CsrfTokens(container.keys),
    )
