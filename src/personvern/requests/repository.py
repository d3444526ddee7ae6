"""The only code that touches the request tables."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from personvern.requests.entities import DataRequest, ExportPackage, Step, SubjectFlag
from personvern.requests.models import ExportPackageRow, RequestRow, RequestStepRow, SubjectFlagRow
from personvern.requests.sealing import Sealer


def identity_context(request_id: int) -> str:
    """The sealing context of a request's identities."""
    return f"request:{request_id}:identity"


def params_context(request_id: int) -> str:
    """The sealing context of a request's parameters."""
    return f"request:{request_id}:params"


_identity_context = identity_context  # older names, still imported elsewhere
_params_context = params_context


def checkpoint_context(request_id: int, key: str) -> str:
    return f"request:{request_id}:step:{key}"


class RequestRepository:
    def __init__(self, session: Session, sealer: Sealer) -> None:
        self.session = session
        self.sealer = sealer

    # --- requests ---------------------------------------------------------------------

    def add(
        self, *, kind: str, state: str, identities: dict[str, str], params: dict[str, Any],
        language: str, declaration_version_id: int | None, source: str, now: datetime,
        actor: str, due_at: datetime | None = None,
    ) -> DataRequest:
        row = RequestRow(
            kind=kind, state=state, identity_hash=self.sealer.identities_hash(identities),
            identity_enc="", params_enc="", language=language,
            declaration_version_id=declaration_version_id, source=source, created_at=now,
            created_by=actor, updated_at=now, due_at=due_at, result="{}",
        )
        self.session.add(row)
        self.session.flush()  # the id is part of the sealing context
        row.identity_enc = self.sealer.seal(identities, context=identity_context(row.id))
        row.params_enc = self.sealer.seal(params, context=params_context(row.id))
        self.session.flush()
        return self._entity(row)

    def get(self, request_id: int, *, lock: bool = False) -> DataRequest | None:
        row = self._row(request_id, lock=lock)
        return None if row is None else self._entity(row)

    def list(self, *, state: str | None = None, kind: str | None = None, limit: int = 100) -> list[DataRequest]:
        query = select(RequestRow).order_by(RequestRow.id.desc()).limit(limit)
        if state:
            query = query.where(RequestRow.state == state)
        if kind:
            query = query.where(RequestRow.kind == kind)
        return [self._entity(row) for row in self.session.execute(query).scalars()]

    def find_open(self, kind: str, identities: dict[str, str], source: str) -> DataRequest | None:
        """The newest unfinished request of this kind for exactly these identities."""
        row = self.session.execute(
            select(RequestRow)
            .where(
                RequestRow.kind == kind,
                RequestRow.identity_hash == self.sealer.identities_hash(identities),
                RequestRow.source == source,
                RequestRow.state.in_(("approved", "executing")),
            )
            .order_by(RequestRow.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        return None if row is None else self._entity(row)

    def ids_in_state(self, state: str, *, source: str | None = None) -> list[int]:
        query = select(RequestRow.id).where(RequestRow.state == state).order_by(RequestRow.id)
        if source is not None:
            query = query.where(RequestRow.source == source)
        return list(self.session.execute(query).scalars())

    def set_state(
        self, request_id: int, state: str, now: datetime, *, result: dict[str, Any] | None = None,
        completed: bool = False,
    ) -> None:
        values: dict[str, Any] = {"state": state, "updated_at": now}
        if result is not None:
            values["result"] = json.dumps(result, sort_keys=True, default=str)
        if completed:
            values["completed_at"] = now
        self.session.execute(update(RequestRow).where(RequestRow.id == request_id).values(**values))

    def set_due(self, request_id: int, due_at: datetime | None) -> None:
        self.session.execute(update(RequestRow).where(RequestRow.id == request_id).values(due_at=due_at))

    def set_params(self, request_id: int, params: dict[str, Any]) -> None:
        self.session.execute(
            update(RequestRow).where(RequestRow.id == request_id)
            .values(params_enc=self.sealer.seal(params, context=params_context(request_id)))
        )

    # --- steps ------------------------------------------------------------------------

    def ensure_steps(self, request_id: int, keys: list[str]) -> None:
        """Adds the steps not yet recorded, after those that are (their order is the run order)."""
        existing = dict(self.session.execute(
            select(RequestStepRow.key, RequestStepRow.position).where(RequestStepRow.request_id == request_id)
        ).all())
        position = max(existing.values(), default=-1) + 1
        for key in keys:
            if key not in existing:
                self.session.add(RequestStepRow(
                    request_id=request_id, key=key, position=position, state="pending", attempts=0,
                    checkpoint="", result="{}",
                ))
                existing[key] = position
                position += 1
        self.session.flush()

    def steps(self, request_id: int) -> list[Step]:
        rows = self.session.execute(
            select(RequestStepRow).where(RequestStepRow.request_id == request_id)
            .order_by(RequestStepRow.position, RequestStepRow.id)
        ).scalars()
        return [_step(row) for row in rows]

    def start_step(self, request_id: int, key: str, now: datetime) -> int:
        row = self._step_row(request_id, key)
        row.attempts += 1
        row.state = "running"
        row.started_at = now
        row.error = None
        self.session.flush()
        return row.attempts

    def finish_step(
        self, request_id: int, key: str, now: datetime, *, result: dict[str, Any],
        checkpoint: Any = None,
    ) -> None:
        row = self._step_row(request_id, key)
        row.state = "done"
        row.finished_at = now
        row.result = json.dumps(result, sort_keys=True, default=str)
        if checkpoint is not None:
            row.checkpoint = self.sealer.seal(checkpoint, context=checkpoint_context(request_id, key))
        self.session.flush()

    def fail_step(self, request_id: int, key: str, error: str) -> None:
        row = self._step_row(request_id, key)
        row.state = "pending"
        row.error = error[:2000]
        self.session.flush()

    def checkpoint(self, request_id: int, key: str) -> Any:
        row = self._step_row(request_id, key)
        return self.sealer.open(row.checkpoint, context=checkpoint_context(request_id, key))

    def forget_checkpoints(self, request_id: int) -> None:
        """Drops the sealed row snapshots once a request is finished (results stay)."""
        self.session.execute(
            update(RequestStepRow).where(RequestStepRow.request_id == request_id).values(checkpoint="")
        )

    # --- subject flags ----------------------------------------------------------------

    def add_flag(self, subject_hash: str, kind: str, purpose: str, request_id: int, now: datetime) -> bool:
        if self._active_flag(subject_hash, kind, purpose) is not None:
            return False
        self.session.add(SubjectFlagRow(
            subject_hash=subject_hash, kind=kind, purpose=purpose, request_id=request_id, created_at=now,
        ))
        self.session.flush()
        return True

    def lift_flag(self, subject_hash: str, kind: str, purpose: str, request_id: int, now: datetime) -> bool:
        row = self._active_flag(subject_hash, kind, purpose)
        if row is None:
            return False
        row.lifted_at = now
        row.lifted_by_request_id = request_id
        self.session.flush()
        return True

    def active_flags(self, subject_hashes: list[str]) -> list[SubjectFlag]:
        rows = self.session.execute(
            select(SubjectFlagRow)
            .where(SubjectFlagRow.subject_hash.in_(subject_hashes), SubjectFlagRow.lifted_at.is_(None))
            .order_by(SubjectFlagRow.created_at, SubjectFlagRow.id)
        ).scalars()
        return [SubjectFlag(r.kind, r.purpose, r.request_id, r.created_at) for r in rows]

    def _active_flag(self, subject_hash: str, kind: str, purpose: str) -> SubjectFlagRow | None:
        return self.session.execute(
            select(SubjectFlagRow).where(
                SubjectFlagRow.subject_hash == subject_hash, SubjectFlagRow.kind == kind,
                SubjectFlagRow.purpose == purpose, SubjectFlagRow.lifted_at.is_(None),
            ).limit(1)
        ).scalar_one_or_none()

    # --- export packages --------------------------------------------------------------

    def save_package(
        self, request_id: int, *, path: str, nonce: str, size: int, sha256: str, now: datetime,
        expires_at: datetime,
    ) -> ExportPackage:
        row = self.session.execute(
            select(ExportPackageRow).where(ExportPackageRow.request_id == request_id)
        ).scalar_one_or_none()
        if row is None:
            row = ExportPackageRow(request_id=request_id, downloads=0)
            self.session.add(row)
        row.path, row.nonce, row.size, row.sha256 = path, nonce, size, sha256
        row.created_at, row.expires_at, row.deleted_at = now, expires_at, None
        self.session.flush()
        return _package(row)

    def package(self, request_id: int) -> ExportPackage | None:
        row = self.session.execute(
            select(ExportPackageRow).where(ExportPackageRow.request_id == request_id)
        ).scalar_one_or_none()
        return None if row is None else _package(row)

    def count_download(self, request_id: int) -> None:
        self.session.execute(
            update(ExportPackageRow).where(ExportPackageRow.request_id == request_id)
            .values(downloads=ExportPackageRow.downloads + 1)
        )

    def expired_packages(self, now: datetime) -> list[ExportPackage]:
        rows = self.session.execute(
            select(ExportPackageRow).where(
                ExportPackageRow.expires_at <= now, ExportPackageRow.deleted_at.is_(None)
            )
        ).scalars()
        return [_package(row) for row in rows]

    def mark_package_deleted(self, request_id: int, now: datetime) -> None:
        self.session.execute(
            update(ExportPackageRow).where(ExportPackageRow.request_id == request_id).values(deleted_at=now)
        )

    # --- helpers ----------------------------------------------------------------------

    def _row(self, request_id: int, *, lock: bool = False) -> RequestRow | None:
        query = select(RequestRow).where(RequestRow.id == request_id)
        if lock:
            query = query.with_for_update()
        return self.session.execute(query).scalar_one_or_none()

    def _step_row(self, request_id: int, key: str) -> RequestStepRow:
        return self.session.execute(
            select(RequestStepRow).where(RequestStepRow.request_id == request_id, RequestStepRow.key == key)
        ).scalar_one()

    def _entity(self, row: RequestRow) -> DataRequest:
        return DataRequest(
            id=row.id, kind=row.kind, state=row.state,
            identities=self.sealer.open(row.identity_enc, context=identity_context(row.id)),
            params=self.sealer.open(row.params_enc, context=params_context(row.id)) or {},
            language=row.language, declaration_version_id=row.declaration_version_id,
            source=row.source, created_at=row.created_at, created_by=row.created_by,
            updated_at=row.updated_at, due_at=row.due_at, completed_at=row.completed_at,
            result=json.loads(row.result or "{}"),
        )


def _step(row: RequestStepRow) -> Step:
    return Step(
        request_id=row.request_id, key=row.key, position=row.position, state=row.state,
        attempts=row.attempts, result=json.loads(row.result or "{}"), error=row.error,
        started_at=row.started_at, finished_at=row.finished_at,
    )


def _package(row: ExportPackageRow) -> ExportPackage:
    return ExportPackage(
        request_id=row.request_id, path=row.path, nonce=row.nonce, size=row.size, sha256=row.sha256,
        created_at=row.created_at, expires_at=row.expires_at, downloads=row.downloads,
        deleted_at=row.deleted_at,
    )
