"""Data-subject requests: create, execute (resumably), report; subject status; export downloads.

Requests created here come from an operator (the admin API or the command line) who has
confirmed the person's identity, so they start ``approved``. The privacy center (issue 7) will
create them ``received`` and move them through verification first; only ``approved`` and
``executing`` requests run. Running a finished request again changes nothing.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from personvern.audit.service import AuditService
from personvern.clock import Clock
from personvern.db.database import Database
from personvern.declaration.service import DeclarationService
from personvern.errors import Conflict, Invalid, NotFound
from personvern.keys import Keys
from personvern.requests import access, erasure, rectification, subjects
from personvern.requests.collecting import connected
from personvern.requests.entities import (
    FINAL_STATES,
    KINDS,
    RUNNABLE_STATES,
    SOURCE_DATASETS,
    SOURCE_DECLARATION,
    DataRequest,
    ExportPackage,
    Step,
    SubjectStatus,
)
from personvern.requests.execution import RequestLock, StepDef, StepRunner
from personvern.requests.links import ExportLinks, LinkRefused
from personvern.requests.repository import RequestRepository
from personvern.requests.sealing import Sealer
from personvern.requests.storage import EXPORTS_DIR, ExportStorage
from personvern.requests.target import Target, from_files, from_version
from personvern.settings import Settings

LANGUAGES = ("en", "nb")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RequestService:
    def __init__(
        self, database: Database, audit: AuditService, clock: Clock, keys: Keys,
        declarations: DeclarationService, settings: Settings,
    ) -> None:
        self.database = database
        self.audit = audit
        self.clock = clock
        self.keys = keys
        self.declarations = declarations
        self.sealer = Sealer(keys)
        self.lock = RequestLock(database, settings.resolve(Path("locks")))
        self.storage = ExportStorage(settings.resolve(Path(EXPORTS_DIR)), keys.export_cipher())
        self.links = ExportLinks(keys, settings.server.public_url)

    # --- targets ----------------------------------------------------------------------

    def current_target(self) -> Target:
        version = self.declarations.current()
        if version is None:
            raise Invalid("no declaration loaded; run `personvern declaration load personvern.yaml` "
                          "or give --dataset FILE --url URL")
        return from_version(version, self.declarations.declaration_of(version).declaration)

    @staticmethod
    def files_target(pairs: list[tuple[Path, str]]) -> Target:
        return from_files(pairs)

    def _target_of(self, request: DataRequest, given: Target | None) -> Target:
        if given is not None:
            return given
        if request.source == SOURCE_DATASETS:
            raise Conflict(
                f"request {request.id} was made from dataset files on the command line; resume it "
                "with the same `personvern dsr ... --dataset FILE --url URL` command"
            )
        if request.declaration_version_id is None:
            raise Conflict(f"request {request.id} is bound to no declaration version")
        version = self.declarations.version(request.declaration_version_id)
        return from_version(version, self.declarations.declaration_of(version).declaration)

    # --- creating ---------------------------------------------------------------------

    def create(
        self, kind: str, identities: dict[str, str], *, actor: str, params: dict[str, Any] | None = None,
        language: str | None = None, target: Target | None = None,
    ) -> DataRequest:
        if kind not in KINDS:
            raise Invalid(f"unknown request kind '{kind}'; one of: {', '.join(KINDS)}")
        target = target or self.current_target()
        identities = self._identities(identities, target)
        params = self._params(kind, params or {}, target)
        language = self._language(language, target)
        source = SOURCE_DECLARATION if target.declaration is not None else SOURCE_DATASETS
        with self.database.write() as session:
            request = RequestRepository(session, self.sealer).add(
                kind=kind, state="approved", identities=identities, params=params, language=language,
                declaration_version_id=target.version_id, source=source, now=self.clock.now(), actor=actor,
            )
            self.audit.record(
                session, actor=actor, action="request.created", target=request.target,
                details={
                    "kind": kind, "source": source, "declaration_version": target.version_id,
                    "identity_types": sorted(identities), "language": language, "state": request.state,
                },
            )
        return request

    def open_or_create(
        self, kind: str, identities: dict[str, str], *, actor: str, params: dict[str, Any] | None = None,
        language: str | None = None, target: Target | None = None,
    ) -> tuple[DataRequest, bool]:
        """An unfinished request of this kind for these identities (to resume), else a new one."""
        target = target or self.current_target()
        source = SOURCE_DECLARATION if target.declaration is not None else SOURCE_DATASETS
        with self.database.read() as session:
            found = RequestRepository(session, self.sealer).find_open(
                kind, self._identities(identities, target), source
            )
        if found is not None:
            return found, False
        return self.create(kind, identities, actor=actor, params=params, language=language, target=target), True

    def _identities(self, given: dict[str, str], target: Target) -> dict[str, str]:
        identities = {k.strip(): v.strip() for k, v in given.items() if v and v.strip()}
        if not identities:
            raise Invalid("a request needs an identity, e.g. email=kari@example.com")
        allowed = target.identities
        unknown = sorted(set(identities) - set(allowed))
        if unknown:
            raise Invalid(f"unknown identity {', '.join(unknown)}; this data map knows: {', '.join(allowed) or 'none'}")
        if "email" in identities and not _EMAIL.match(identities["email"]):
            raise Invalid("the email identity is not an email address")
        return identities

    def _params(self, kind: str, params: dict[str, Any], target: Target) -> dict[str, Any]:
        if kind == "rectification":
            raw = params.get("changes") or {}
            items = raw.items() if isinstance(raw, dict) else ((c.get("field", ""), c.get("value")) for c in raw)
            changes = [rectification.resolve_change(target.datamap, name, value) for name, value in items]
            if not changes:
                raise Invalid("a rectification names the fields to change, e.g. customers.phone=+4791234567")
            with connected(target) as connectors:
                rectification.validate_changes(target.datamap, connectors, changes)
            return {"changes": changes}
        if kind == "objection":
            purposes = subjects.resolve_purposes(target.declaration, list(params.get("purposes") or []))
            return {"purposes": purposes, "lift": bool(params.get("lift"))}
        if kind == "restriction":
            return {"lift": bool(params.get("lift"))}
        return {}

    @staticmethod
    def _language(language: str | None, target: Target) -> str:
        if language is None:
            declared = target.declaration.controller.languages if target.declaration else ["en"]
            language = declared[0]
        if language not in LANGUAGES:
            raise Invalid(f"language must be one of {', '.join(LANGUAGES)}")
        return language

    # --- reading ----------------------------------------------------------------------

    def get(self, request_id: int) -> DataRequest:
        with self.database.read() as session:
            request = RequestRepository(session, self.sealer).get(request_id)
        if request is None:
            raise NotFound(f"no request {request_id}")
        return request

    def list(self, *, state: str | None = None, kind: str | None = None, limit: int = 100) -> list[DataRequest]:
        with self.database.read() as session:
            return RequestRepository(session, self.sealer).list(state=state, kind=kind, limit=limit)

    def steps(self, request_id: int) -> list[Step]:
        with self.database.read() as session:
            return RequestRepository(session, self.sealer).steps(request_id)

    def ids_to_resume(self) -> list[int]:
        """Requests left executing (a worker died) that a worker can resume on its own."""
        with self.database.read() as session:
            return RequestRepository(session, self.sealer).ids_in_state("executing", source=SOURCE_DECLARATION)

    def check_runnable(self, request_id: int) -> DataRequest:
        """The request, when ``execute`` may be called on it; ``Conflict`` saying why not otherwise."""
        request = self.get(request_id)
        if request.state in FINAL_STATES:
            return request
        if request.state not in RUNNABLE_STATES:
            raise Conflict(f"request {request_id} is {request.state}; it must be verified and approved first")
        if request.source == SOURCE_DATASETS:
            self._target_of(request, None)  # raises: only the command line that made it can run it
        return request

    # --- executing --------------------------------------------------------------------

    def execute(self, request_id: int, *, actor: str, target: Target | None = None) -> DataRequest:
        """Runs (or resumes) the request to its end; a finished request is returned unchanged."""
        request = self.get(request_id)
        if request.state in FINAL_STATES:
            return request
        if request.state not in RUNNABLE_STATES:
            raise Conflict(f"request {request_id} is {request.state}; it must be verified and approved first")
        with self.lock.hold(request_id):
            request = self.get(request_id)
            if request.state in FINAL_STATES:
                return request
            target = self._target_of(request, target)
            if request.state == "approved":
                self._set_state(request, "executing", actor)
            runner = StepRunner(self.database, self.audit, self.clock, self.sealer)  # per run: its cache
            result = self._run(runner, request, target, actor)
            with self.database.write() as session:
                repo = RequestRepository(session, self.sealer)
                repo.set_state(request.id, "completed", self.clock.now(), result=result, completed=True)
                repo.forget_checkpoints(request.id)
                self.audit.record(
                    session, actor=actor, action="request.completed", target=request.target,
                    details={"kind": request.kind, **_audit_summary(request.kind, result)},
                )
        return self.get(request_id)

    def _run(self, runner: StepRunner, request: DataRequest, target: Target, actor: str) -> dict[str, Any]:
        kind = request.kind
        if kind in ("access", "portability"):
            steps = self._run_steps(runner, request, access.access_steps(
                target, request, now=self.clock.now, status=lambda: self.status(request.identities),
                store=self._store_package,
            ), actor)
            package = steps[access.PACKAGE].result
            return {"collections": steps[access.COLLECT].result["collections"], "package": package}
        if kind == "erasure":
            today = lambda: self.clock.now().date()  # noqa: E731
            steps = self._run_steps(runner, request, [erasure.collect_step(target, request.identities, today)], actor)
            order = steps[erasure.COLLECT].result["order"]
            steps = self._run_steps(runner, request, erasure.erase_steps(target, request.identities, order, self.keys), actor)
            kept = runner.checkpoint(request.id, erasure.COLLECT)["kept"]
            return erasure.erasure_result(
                target, kept, [steps[erasure.PREFIX + a].result for a in order]
            )
        if kind == "rectification":
            changes = request.params["changes"]
            steps = self._run_steps(runner, request, rectification.rectification_steps(
                target, request.identities, changes), actor)
            return {"updated": [s.result for k, s in steps.items() if k.startswith(rectification.PREFIX)]}
        writer = lambda flag, purpose, lift: self._write_flag(request, flag, purpose, lift, actor)  # noqa: E731
        steps = self._run_steps(runner, request, [subjects.record_step(kind, request.params, writer, self.clock.now)], actor)
        return steps[subjects.RECORD].result

    @staticmethod
    def _run_steps(runner: StepRunner, request: DataRequest, defs: list[StepDef], actor: str) -> dict[str, Step]:
        return {s.key: s for s in runner.run(request, defs, actor=actor)}

    def _set_state(self, request: DataRequest, state: str, actor: str) -> None:
        with self.database.write() as session:
            RequestRepository(session, self.sealer).set_state(request.id, state, self.clock.now())
            self.audit.record(
                session, actor=actor, action=f"request.{state}", target=request.target,
                details={"kind": request.kind, "from": request.state},
            )

    # --- subject flags ----------------------------------------------------------------

    def _write_flag(self, request: DataRequest, kind: str, purpose: str, lift: bool, actor: str) -> int:
        changed = 0
        now = self.clock.now()
        with self.database.write() as session:
            repo = RequestRepository(session, self.sealer)
            for identity_type, value in request.identities.items():
                subject = self.sealer.subject_hash(identity_type, value)
                write = repo.lift_flag if lift else repo.add_flag
                if write(subject, kind, purpose, request.id, now):
                    changed += 1
                    self.audit.record(
                        session, actor=actor, action=f"subject.{kind}.{'lifted' if lift else 'set'}",
                        target=f"subject:{subject[:16]}",
                        details={"request": request.id, "purpose": purpose, "identity_type": identity_type},
                    )
        return changed

    def status(self, identities: dict[str, str]) -> SubjectStatus:
        """Whether processing is restricted, and the purposes objected to, for a person."""
        hashes = [self.sealer.subject_hash(t, v) for t, v in identities.items() if v]
        with self.database.read() as session:
            flags = RequestRepository(session, self.sealer).active_flags(hashes)
        return subjects.status_of(flags)

    def is_restricted(self, identity_type: str, value: str) -> bool:
        """For the retention engine and other exports: skip this person's data while restricted."""
        return self.status({identity_type: value}).restricted

    # --- export packages --------------------------------------------------------------

    def _store_package(self, request_id: int, data: bytes, expires_at: datetime) -> dict[str, Any]:
        stored = self.storage.write(request_id, data)
        with self.database.write() as session:
            RequestRepository(session, self.sealer).save_package(
                request_id, path=stored.path, nonce=stored.nonce, size=stored.size, sha256=stored.sha256,
                now=self.clock.now(), expires_at=expires_at,
            )
        return {"size": stored.size, "sha256": stored.sha256, "expires_at": expires_at.isoformat()}

    def package(self, request_id: int) -> ExportPackage:
        with self.database.read() as session:
            package = RequestRepository(session, self.sealer).package(request_id)
        if package is None or package.deleted_at is not None:
            raise NotFound(f"request {request_id} has no export package (not an access request, not run "
                           "yet, or its package expired and was deleted)")
        return package

    def package_bytes(self, request_id: int) -> bytes:
        """The plain zip, for the operator (the command line's --out)."""
        package = self.package(request_id)
        return self.storage.read(request_id, package.path, package.nonce)

    def download_url(self, request_id: int) -> str:
        package = self.package(request_id)
        return self.links.url(request_id, package.expires_at)

    def download(self, request_id: int, expires: int, signature: str) -> bytes:
        """The plain zip for a signed link: refused when forged, expired or for another request."""
        now = self.clock.now()
        self.links.check(request_id, expires, signature, now)
        try:
            package = self.package(request_id)
        except NotFound:
            raise LinkRefused("this download link is no longer valid") from None
        if now >= package.expires_at:
            raise LinkRefused("this download link has expired; ask for a new one", expired=True)
        data = self.storage.read(request_id, package.path, package.nonce)
        with self.database.write() as session:
            RequestRepository(session, self.sealer).count_download(request_id)
            self.audit.record(
                session, actor="public:signed-link", action="request.package.downloaded",
                target=f"request:{request_id}", details={"size": package.size},
            )
        return data

    def purge_expired_packages(self, *, actor: str = "system:scheduler") -> int:
        now = self.clock.now()
        with self.database.read() as session:
            expired = RequestRepository(session, self.sealer).expired_packages(now)
        for package in expired:
            self.storage.delete(package.path)
            with self.database.write() as session:
                RequestRepository(session, self.sealer).mark_package_deleted(package.request_id, now)
                self.audit.record(
                    session, actor=actor, action="request.package.deleted",
                    target=f"request:{package.request_id}", details={"reason": "expired"},
                )
        return len(expired)


def _audit_summary(kind: str, result: dict[str, Any]) -> dict[str, Any]:
    """Counts only: the audit log never holds personal data."""
    if kind == "erasure":
        return {
            "erased_collections": len(result.get("erased", [])),
            "kept_collections": len(result.get("kept", [])),
            "retention_rules_applied": result.get("retention_rules_applied"),
        }
    if kind in ("access", "portability"):
        return {"rows": sum(result.get("collections", {}).values())}
    if kind == "rectification":
        return {"rows": sum(u.get("rows", 0) for u in result.get("updated", []))}
    return {k: v for k, v in result.items() if k in ("restricted", "purposes", "withdrawn", "changed")}


def build_request_service(container: Any) -> RequestService:
    """A request service on the container's store (``Container.requests`` keeps one)."""
    return RequestService(
        container.db, container.audit, container.clock, container.keys, container.declarations,
        container.settings,
    )
