"""Read models: the status page's view of one request, and the privacy officer's lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from personvern.audit.entities import AuditEntry
from personvern.declaration.model import Declaration
from personvern.errors import NotFound
from personvern.privacy_center.choices import calendar_of
from personvern.privacy_center.context import Shared
from personvern.privacy_center.deadline import case_deadline, moved_words
from personvern.privacy_center.entities import Case
from personvern.privacy_center.outcome import Outcome, outcome_of
from personvern.privacy_center.repository import CaseRepository
from personvern.requests.entities import FINAL_STATES, DataRequest, Step


@dataclass(frozen=True)
class StatusView:
    request: DataRequest
    case: Case
    declaration: Declaration
    outcome: Outcome
    due_on: date | None
    moved: str
    download: dict[str, Any] | None  # {expires, sig, expires_at} while the package exists
    package_gone: bool


@dataclass(frozen=True)
class Row:
    """One line of the officer's list."""

    request: DataRequest
    case: Case | None
    overdue: bool
    days_left: int | None

    @property
    def asked(self) -> str:
        return self.case.asked if self.case else self.request.kind

    @property
    def due_on(self) -> date | None:
        return self.case.due_on if self.case else (self.request.due_at.date() if self.request.due_at else None)


@dataclass(frozen=True)
class Detail:
    row: Row
    steps: list[Step]
    audit: list[AuditEntry] = field(default_factory=list)


class Views:
    def __init__(self, shared: Shared) -> None:
        self.s = shared

    def status(self, request_id: int, lang: str) -> StatusView:
        with self.s.db.read() as session:
            request = self.s.engine.repo(session).get(request_id)
            case = CaseRepository(session, self.s.engine.sealer).case(request_id)
        if request is None or case is None:
            raise NotFound("no such request")
        declaration = self.s.declaration_of(request)
        download, gone = None, False
        if request.kind in ("access", "portability") and request.state == "completed" and not case.merged_into:
            download = self.s.engine.download_query(request_id)
            gone = download is None or self.s.clock.now() >= download["expires_at"]
            if gone:
                download = None
        return StatusView(
            request=request, case=case, declaration=declaration,
            outcome=outcome_of(request, case, declaration, lang), due_on=case.due_on,
            moved=moved_words(case_deadline(case, declaration), declaration, lang),
            download=download, package_gone=gone,
        )

    def list(self, *, state: str | None = None, kind: str | None = None, due_before: date | None = None,
             overdue: bool | None = None, limit: int = 200) -> list[Row]:
        with self.s.db.read() as session:
            requests = self.s.engine.repo(session).list(state=state, limit=max(limit * 4, 400))
            cases = CaseRepository(session, self.s.engine.sealer).cases([r.id for r in requests])
        rows = [self._row(r, cases.get(r.id)) for r in requests]
        if kind:
            rows = [r for r in rows if r.asked == kind or r.request.kind == kind]
        if due_before is not None:
            rows = [r for r in rows if r.due_on is not None and r.due_on <= due_before]
        if overdue is not None:
            rows = [r for r in rows if r.overdue == overdue]
        return rows[:limit]

    def detail(self, request_id: int) -> Detail:
        with self.s.db.read() as session:
            request = self.s.engine.repo(session).get(request_id)
            if request is None:
                raise NotFound(f"no request {request_id}")
            case = CaseRepository(session, self.s.engine.sealer).case(request_id)
        audit = self.s.audit.list(target=request.target, limit=500)
        steps = self.s.engine.service.steps(request_id)
        return Detail(row=self._row(request, case), steps=steps, audit=sorted(audit, key=lambda e: e.id))

    def _row(self, request: DataRequest, case: Case | None) -> Row:
        now = self.s.clock.now()
        due_at = case.due_at if case else request.due_at
        open_ = request.state not in FINAL_STATES
        overdue = bool(open_ and due_at is not None and now >= due_at)
        days_left = None
        if open_ and case is not None and case.due_on is not None:
            try:
                declaration = self.s.declaration_of(request)
                days_left = (case.due_on - calendar_of(declaration).local_day(now)).days
            except (ValueError, NotFound):
                days_left = None
        return Row(request=request, case=case, overdue=overdue, days_left=days_left)
