"""The workflow of a request after the person: verified -> (approved) -> executing -> answered.

States (kept on the request itself): received -> verified -> approved -> executing ->
completed | refused | referred. Every change is audited in the transaction that makes it;
the person is told by mail after the commit. Execution runs on the job queue.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from personvern.deadlines import check_extension, extended_deadline
from personvern.errors import Conflict, Invalid, NotFound
from personvern.privacy_center.choices import calendar_of, scope
from personvern.privacy_center.context import ACTOR_SYSTEM, EXECUTE, AfterCommit, Shared
from personvern.privacy_center.deadline import clock_start, first_deadline, started_values
from personvern.privacy_center.entities import Case
from personvern.privacy_center.outcome import outcome_of
from personvern.privacy_center.repository import CaseRepository
from personvern.requests.entities import FINAL_STATES, DataRequest

log = logging.getLogger("personvern.privacy_center")

MIN_REFUSAL_REASON = 10
REFUSABLE = ("received", "verified", "approved")


class Workflow:
    def __init__(self, shared: Shared) -> None:
        self.s = shared

    def repo(self, session: Session) -> CaseRepository:
        return CaseRepository(session, self.s.engine.sealer)

    # --- verification (called by intake, inside its transaction) ----------------------------

    def on_verified(self, session: Session, request_id: int, now: datetime, after: AfterCommit) -> None:
        engine, repo = self.s.engine, self.repo(session)
        request = engine.get(session, request_id, lock=True)
        case = _case(repo, request_id, lock=True)
        declaration = self.s.declaration_of(request)
        engine.set_state(session, request, "verified", now)
        values: dict[str, Any] = {"verified_at": now}
        if case.clock_started_at is None:
            started = clock_start(declaration, case.received_at, now)
            if started is not None:
                values.update(started_values(declaration, started))
                engine.set_due(session, request_id, values["due_at"])
        repo.update_case(request_id, **values)
        self._audit(session, ACTOR_SYSTEM, "request.verified", request, {"asked": case.asked})
        request, case = engine.get(session, request_id), _case(repo, request_id)

        if case.scope:
            self._refer(session, request, case, now, after)
            return
        duplicate = self._duplicate_of(session, case)
        if duplicate is not None:
            self._merge(session, request, case, duplicate, now, after)
            return
        if case.needs_review:
            repo.update_case(request_id, notified_state="verified")
            after.mail(self.s.notices.received(
                request, case, declaration, self.s.status_url(request_id), waiting=case.needs_review
            ), case.target)
            return
        self._approve(session, request, case, ACTOR_SYSTEM, now, after, automatic=True)
        after.mail(self.s.notices.received(
            request, case, declaration, self.s.status_url(request_id), waiting=""
        ), case.target)

    def close_unverified(self, session: Session, request_id: int, why: str, now: datetime,
                         after: AfterCommit) -> None:
        """The person could not be identified (Art. 11(2)): the request ends, and they are told."""
        request = self.s.engine.get(session, request_id, lock=True)
        if request.state != "received":
            return
        self.s.engine.set_state(session, request, "refused", now, result={"refused": "identity_not_verified"})
        self.repo(session).update_case(request_id, refusal="identity_not_verified", closed_at=now)
        self._audit(session, ACTOR_SYSTEM, "request.refused", request,
                    {"reason": "identity_not_verified", "verification": why})
        self._answer(session, request_id, now, after)

    # --- the privacy officer ------------------------------------------------------------------

    def approve(self, request_id: int, *, actor: str, changes: dict[str, Any] | None = None) -> DataRequest:
        request, case = self._load(request_id)
        if request.state != "verified":
            raise Conflict(f"request {request_id} is {request.state}; only a verified request waits for approval")
        params = None
        if case.asked == "rectification":
            if not changes:
                raise Invalid("approving a correction needs the changes to make, e.g. "
                              "customers.phone=+4791234567 (what the person asked is in their request)")
            params = self.s.engine.rectification_params(self.s.engine.target_of(request), changes)
        elif changes:
            raise Invalid("changes are only given when approving a correction (rectification)")
        after = self.s.after_commit()
        with self.s.db.write() as session:
            request = self.s.engine.get(session, request_id, lock=True)
            if request.state != "verified":
                raise Conflict(f"request {request_id} is {request.state}; it was changed meanwhile")
            if params is not None:
                self.s.engine.set_params(session, request_id, params)
            self._approve(session, request, case, actor, self.s.clock.now(), after, automatic=False)
        after.run()
        return self.s.engine.request(request_id)

    def refuse(self, request_id: int, *, actor: str, reason: str) -> DataRequest:
        reason = reason.strip()
        if len(reason) < MIN_REFUSAL_REASON:
            raise Invalid("a refusal needs its reason, written for the person (GDPR Art. 12(4))")
        self._load(request_id)
        after = self.s.after_commit()
        with self.s.db.write() as session:
            request = self.s.engine.get(session, request_id, lock=True)
            if request.state not in REFUSABLE:
                raise Conflict(f"request {request_id} is {request.state}; only a request not yet carried out "
                               "can be refused")
            case = _case(self.repo(session), request_id)
            now = self.s.clock.now()
            self.s.engine.set_state(session, request, "refused", now, result={"refused": "by_officer"})
            self.repo(session).update_case(
                request_id, refusal="by_officer", closed_at=now,
                details={**case.details, "refusal_reason": reason},
            )
            self._audit(session, actor, "request.refused", request, {"reason": "by_officer", "from": request.state})
            self._answer(session, request_id, now, after)
        after.run()
        return self.s.engine.request(request_id)

    def extend(self, request_id: int, *, actor: str, months: int, reason: str) -> Case:
        self._load(request_id)
        after = self.s.after_commit()
        with self.s.db.write() as session:
            repo = self.repo(session)
            request = self.s.engine.get(session, request_id, lock=True)
            case = _case(repo, request_id, lock=True)
            if request.state in FINAL_STATES:
                raise Conflict(f"request {request_id} is already {request.state}")
            declaration = self.s.declaration_of(request)
            first = first_deadline(case, declaration)
            if first is None or case.clock_started_at is None:
                raise Conflict(f"the deadline of request {request_id} has not started (it starts at verification)")
            now = self.s.clock.now()
            check_extension(first=first, now=now, reason=reason, months=months, already_extended=case.extended)
            old = case.due_on
            new = extended_deadline(case.clock_started_at, calendar_of(declaration), months)
            repo.update_case(
                request_id, extended_at=now, extension_months=months, due_at=new.ends_at, due_on=new.last_day,
                reminders_sent=(), overdue_at=None, details={**case.details, "extension_reason": reason.strip()},
            )
            self.s.engine.set_due(session, request_id, new.ends_at)
            self._audit(session, actor, "request.extended", request,
                        {"months": months, "due_on": new.last_day.isoformat(), "was_due_on": str(old)})
            case = _case(repo, request_id)
            after.mail(self.s.notices.extended(
                request, case, declaration, self.s.status_url(request_id), old_due=old
            ), case.target)
        after.run()
        return case

    # --- execution and the answer ---------------------------------------------------------------

    def run(self, request_id: int, actor: str) -> str:
        """The job: execute through the request engine, then tell the person."""
        try:
            request = self.s.engine.execute(request_id, actor)
        except Conflict as exc:  # running elsewhere, or not runnable (yet)
            log.info("request %s not executed: %s", request_id, exc.message)
            return "skipped"
        self.finish(request_id)
        return request.state

    def finish(self, request_id: int) -> bool:
        """Sends the answer of a request the engine has finished, once. True when it was sent now."""
        after = self.s.after_commit()
        with self.s.db.write() as session:
            repo = self.repo(session)
            case = repo.case(request_id, lock=True)
            request = self.s.engine.get(session, request_id)
            if case is None or case.closed_at is not None or request.state not in FINAL_STATES:
                return False
            now = self.s.clock.now()
            repo.update_case(request_id, closed_at=now)
            self._answer(session, request_id, now, after)
        after.run()
        return True

    # --- helpers ----------------------------------------------------------------------------------

    def _approve(self, session: Session, request: DataRequest, case: Case, actor: str, now: datetime,
                 after: AfterCommit, *, automatic: bool) -> None:
        self.s.engine.set_state(session, request, "approved", now)
        self._audit(session, actor, "request.approved", request, {"automatic": automatic, "asked": case.asked})
        after.job(EXECUTE, request.id, actor)

    def _refer(self, session: Session, request: DataRequest, case: Case, now: datetime, after: AfterCommit) -> None:
        declaration = self.s.declaration_of(request)
        found = scope(declaration, case.scope)
        client = found.client.key if found and found.client else ""
        self.s.engine.set_state(session, request, "referred", now,
                                result={"referred_to": client, "activity": case.scope})
        self.repo(session).update_case(request.id, closed_at=now)
        self._audit(session, ACTOR_SYSTEM, "request.referred", request, {"client": client, "activity": case.scope})
        self._answer(session, request.id, now, after)
        request = self.s.engine.get(session, request.id)
        outcome = outcome_of(request, _case(self.repo(session), request.id), declaration, declaration.controller.languages[0])
        if outcome.client_email:
            after.mail(self.s.notices.referral_notice(request, case, declaration, outcome), case.target)

    def _duplicate_of(self, session: Session, case: Case) -> int | None:
        """An open, verified request of the same kind for the same verified identity."""
        for other in self.repo(session).open_duplicates(case.identity_hash, case.asked, case.scope, case.request_id):
            if self.s.engine.get(session, other.request_id).state not in FINAL_STATES:
                return other.request_id
        return None

    def _merge(self, session: Session, request: DataRequest, case: Case, into: int, now: datetime,
               after: AfterCommit) -> None:
        self.s.engine.set_state(session, request, "completed", now, result={"merged_into": into})
        self.repo(session).update_case(request.id, merged_into=into, closed_at=now, notified_state="completed")
        self._audit(session, ACTOR_SYSTEM, "request.merged", request, {"into": into})
        declaration = self.s.declaration_of(request)
        after.mail(self.s.notices.merged(
            request, case, declaration, into, self.s.status_url(into, case.language)
        ), case.target)

    def _answer(self, session: Session, request_id: int, now: datetime, after: AfterCommit) -> None:
        """The final mail to the person, in the transaction that records that it is sent."""
        repo = self.repo(session)
        request = self.s.engine.get(session, request_id)
        case = _case(repo, request_id)
        declaration = self.s.declaration_of(request)
        outcome = outcome_of(request, case, declaration, case.language)
        after.mail(self.s.notices.answered(
            request, case, declaration, self.s.status_url(request_id, case.language), outcome
        ), case.target)
        repo.update_case(request_id, notified_state=request.state)
        self._audit(session, ACTOR_SYSTEM, "request.answered", request,
                    {"state": request.state, "partial_refusal": outcome.partial})

    def _load(self, request_id: int) -> tuple[DataRequest, Case]:
        with self.s.db.read() as session:
            request = self.s.engine.get(session, request_id)
            case = self.repo(session).case(request_id)
        if case is None:
            raise NotFound(f"request {request_id} was not made through the privacy center; "
                           "use `personvern dsr` for requests an operator recorded")
        return request, case

    def _audit(self, session: Session, actor: str, action: str, request: DataRequest, details: dict[str, Any]) -> None:
        self.s.audit.record(session, actor=actor, action=action, target=request.target,
                            details={"kind": request.kind, **details})


def _case(repo: CaseRepository, request_id: int, *, lock: bool = False) -> Case:
    case = repo.case(request_id, lock=lock)
    if case is None:
        raise NotFound(f"request {request_id} has no privacy-center case")
    return case

