"""The privacy center's door to the request engine (``personvern.requests``).

Everything the workflow asks of the engine goes through here. The workflow's own row and the
request's state, deadline and parameters change in one transaction, so those changes use
``RequestRepository`` (with the service's sealer) inside the workflow's session:

- creating a request in state ``received`` (``RequestService.create`` makes ``approved``
  requests, for operators who checked the identity themselves);
- state changes, the deadline (``set_due``), a rectification's changes (``set_params``).

Execution, packages and downloads go through ``RequestService``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from personvern.declaration.model import Declaration
from personvern.errors import Conflict, NotFound
from personvern.requests import rectification
from personvern.requests.collecting import connected
from personvern.requests.entities import FINAL_STATES, SOURCE_DECLARATION, DataRequest, ExportPackage
from personvern.requests.repository import RequestRepository
from personvern.requests.service import RequestService
from personvern.requests.target import Target, from_version


# Targets per stored declaration version (id and content hash): a version never changes, and
# building a target parses the declaration and its datasets again (slow for large YAML files).
# A cache of immutable values, private to each process.
_TARGETS: dict[tuple[int, str], Target] = {}
_TARGETS_MAX = 32


class Engine:
    def __init__(self, service: RequestService) -> None:
        self.service = service

    @property
    def sealer(self):  # type: ignore[no-untyped-def]
        return self.service.sealer

    def repo(self, session: Session) -> RequestRepository:
        return RequestRepository(session, self.service.sealer)

    def target(self) -> Target:
        """The target of the current declaration version (``Invalid`` when none is loaded)."""
        version = self.service.declarations.current()
        if version is None:
            return self.service.current_target()  # raises Invalid, worded by the engine
        return self._target(version.id)

    def target_of(self, request: DataRequest) -> Target:
        if request.declaration_version_id is None:
            raise Conflict(f"request {request.id} is bound to no declaration version")
        return self._target(request.declaration_version_id)

    def _target(self, version_id: int) -> Target:
        declarations = self.service.declarations
        version = declarations.version(version_id)
        key = (version.id, version.content_hash)
        found = _TARGETS.get(key)
        if found is None:
            found = from_version(version, declarations.declaration_of(version).declaration)
            if len(_TARGETS) >= _TARGETS_MAX:
                _TARGETS.pop(next(iter(_TARGETS)))
            _TARGETS[key] = found
        return found

    # --- inside the workflow's transaction ------------------------------------------------------

    def receive(
        self, session: Session, *, kind: str, identities: dict[str, str], params: dict[str, Any],
        language: str, target: Target, now: datetime, actor: str, due_at: datetime | None,
    ) -> DataRequest:
        return self.repo(session).add(
            kind=kind, state="received", identities=identities, params=params, language=language,
            declaration_version_id=target.version_id, source=SOURCE_DECLARATION, now=now, actor=actor,
            due_at=due_at,
        )

    def get(self, session: Session, request_id: int, *, lock: bool = False) -> DataRequest:
        request = self.repo(session).get(request_id, lock=lock)
        if request is None:
            raise NotFound(f"no request {request_id}")
        return request

    def set_state(
        self, session: Session, request: DataRequest, state: str, now: datetime,
        result: dict[str, Any] | None = None,
    ) -> None:
        if request.state in FINAL_STATES:
            raise Conflict(f"request {request.id} is already {request.state}")
        self.repo(session).set_state(
            request.id, state, now, result=result, completed=state in FINAL_STATES
        )

    def set_due(self, session: Session, request_id: int, due_at: datetime | None) -> None:
        self.repo(session).set_due(request_id, due_at)

    def set_params(self, session: Session, request_id: int, params: dict[str, Any]) -> None:
        self.repo(session).set_params(request_id, params)

    # --- outside any transaction ----------------------------------------------------------------

    def rectification_params(self, target: Target, changes: dict[str, Any]) -> dict[str, Any]:
        """``collection.field -> value`` checked against the data map and the columns' types."""
        resolved = [rectification.resolve_change(target.datamap, name, value) for name, value in changes.items()]
        with connected(target) as connectors:
            rectification.validate_changes(target.datamap, connectors, resolved)
        return {"changes": resolved}

    def objection_params(self, declaration: Declaration, purposes: list[str]) -> dict[str, Any]:
        from personvern.requests.subjects import resolve_purposes

        return {"purposes": resolve_purposes(declaration, purposes), "lift": False}

    def execute(self, request_id: int, actor: str) -> DataRequest:
        request = self.service.get(request_id)
        target = self.target_of(request) if request.declaration_version_id is not None else None
        return self.service.execute(request_id, actor=actor, target=target)

    def request(self, request_id: int) -> DataRequest:
        return self.service.get(request_id)

    def package(self, request_id: int) -> ExportPackage | None:
        try:
            return self.service.package(request_id)
        except NotFound:
            return None

    def download_query(self, request_id: int) -> dict[str, Any] | None:
        """``{expires, sig}`` of the engine's signed download link, while the package exists."""
        package = self.package(request_id)
        if package is None:
            return None
        path = self.service.links.path(request_id, package.expires_at)
        from urllib.parse import parse_qsl, urlsplit

        query = dict(parse_qsl(urlsplit(path).query))
        return {"expires": int(query["expires"]), "sig": query["sig"], "expires_at": package.expires_at}

    def download(self, request_id: int, expires: int, signature: str) -> bytes:
        return self.service.download(request_id, expires, signature)
