"""The person's side: submit a request, confirm it with the one-time code, ask for a new link.

Nothing here tells whether the company holds data about an address: every valid
submission gets the same answer ("we have sent a code"), and the code mail is sent whether
or not the address appears anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from personvern.declaration.model import Declaration
from personvern.errors import Invalid, NotFound
from personvern.privacy_center import ratelimit
from personvern.privacy_center.choices import consented, objectable, processor_scopes
from personvern.privacy_center.context import ACTOR_PUBLIC, Shared
from personvern.privacy_center.deadline import clock_start, started_values
from personvern.privacy_center.entities import (
    ASKED_KINDS,
    ENGINE_KIND,
    SUBMISSION_EXPIRED,
    SUBMISSION_FAILED,
    SUBMISSION_VERIFIED,
)
from personvern.privacy_center.repository import CaseRepository
from personvern.privacy_center.security import (
    CODE_VALIDITY,
    MAX_CODE_ATTEMPTS,
    client_hash,
    code_hash,
    code_matches,
    identity_hash,
    new_code,
    new_ref,
)
from personvern.privacy_center.workflow import Workflow
from personvern.requests.sealing import normalise

MAX_TEXT = 2000
_EMAIL_MAX = 254


@dataclass
class Form:
    """What the person filled in (as posted)."""

    asked: str = ""
    email: str = ""
    scope: str = ""
    language: str = "en"
    identities: dict[str, str] = field(default_factory=dict)  # besides email
    correction: str = ""
    restriction_reason: str = ""
    purposes: list[str] = field(default_factory=list)


class FormProblems(Invalid):
    """Field -> problem key (the page words them in the person's language)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("the form has problems: " + ", ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class Verification:
    outcome: str  # verified | wrong | failed | expired
    request_id: int
    attempts_left: int = 0


class Intake:
    def __init__(self, shared: Shared, workflow: Workflow) -> None:
        self.s = shared
        self.workflow = workflow

    def declaration(self) -> Declaration:
        target = self.s.engine.target()
        assert target.declaration is not None
        return target.declaration

    def submit(self, form: Form, client: str, verify_url: str) -> str:
        """Records the request (state received) and sends the code; returns the submission's ref.

        ``verify_url`` is the page's address with ``{ref}`` in place of the ref.
        """
        target = self.s.engine.target()
        declaration = target.declaration
        assert declaration is not None
        problems = validate(form, declaration)
        if problems:
            raise FormProblems(problems)
        identities = {"email": form.email.strip(), **{k: v.strip() for k, v in form.identities.items() if v.strip()}}
        params, details = self._params(form, declaration)
        now = self.s.clock.now()
        started = clock_start(declaration, now, None)
        after = self.s.after_commit()
        ref, code = new_ref(), new_code()
        with self.s.db.write() as session:
            repo = CaseRepository(session, self.s.engine.sealer)
            ratelimit.hit(repo, ratelimit.SUBMIT_PER_IP, client_hash(self.s.keys, client), now)
            subject = identity_hash(self.s.keys, "email", form.email)
            ratelimit.hit(repo, ratelimit.SUBMIT_PER_IDENTITY, subject, now)
            request = self.s.engine.receive(
                session, kind=ENGINE_KIND[form.asked], identities=identities, params=params,
                language=form.language, target=target, now=now, actor=ACTOR_PUBLIC, due_at=None,
            )
            repo.add_case(
                request_id=request.id, asked=form.asked, scope=form.scope, identity_hash=subject,
                language=form.language, details=details, needs_review=_review(form, declaration),
                received_at=now,
            )
            if started is not None:
                values = started_values(declaration, started)
                repo.update_case(request.id, **values)
                self.s.engine.set_due(session, request.id, values["due_at"])
            submission = repo.add_submission(ref=ref, request_id=request.id, expires_at=now + CODE_VALIDITY, now=now)
            repo.set_code(submission.id, code_hash(self.s.keys, ref, code))
            self.s.audit.record(
                session, actor=ACTOR_PUBLIC, action="request.received", target=request.target,
                details={"kind": request.kind, "asked": form.asked, "scope": form.scope,
                         "identity_types": sorted(identities), "language": form.language,
                         "clock_starts": declaration.requests.clock_starts},
            )
            after.mail(self.s.notices.code(
                identities["email"], form.language, declaration, code, verify_url.format(ref=ref), form.asked
            ), request.target)
        after.run()
        return ref

    def verify(self, ref: str, code: str, client: str) -> Verification:
        after = self.s.after_commit()
        now = self.s.clock.now()
        with self.s.db.write() as session:
            repo = CaseRepository(session, self.s.engine.sealer)
            ratelimit.hit(repo, ratelimit.VERIFY_PER_IP, client_hash(self.s.keys, client), now)
            submission = repo.submission(ref, lock=True)
            if submission is None:
                raise NotFound("no such request")
            request_id = submission.request_id
            if submission.state == SUBMISSION_VERIFIED:
                return Verification("verified", request_id)
            if submission.state in (SUBMISSION_FAILED, SUBMISSION_EXPIRED):
                return Verification(submission.state, request_id)
            if now >= submission.expires_at:
                repo.finish_submission(submission.id, SUBMISSION_EXPIRED, now)
                self.workflow.close_unverified(session, request_id, "expired", now, after)
                outcome = Verification("expired", request_id)
            else:
                attempts = repo.count_attempt(submission.id)
                if code_matches(self.s.keys, ref, code, submission.code_hash):
                    repo.finish_submission(submission.id, SUBMISSION_VERIFIED, now)
                    self.workflow.on_verified(session, request_id, now, after)
                    outcome = Verification("verified", request_id)
                elif attempts >= MAX_CODE_ATTEMPTS:
                    repo.finish_submission(submission.id, SUBMISSION_FAILED, now)
                    self.workflow.close_unverified(session, request_id, "too_many_attempts", now, after)
                    outcome = Verification("failed", request_id)
                else:
                    self.s.audit.record(
                        session, actor=ACTOR_PUBLIC, action="request.verification_failed",
                        target=f"request:{request_id}", details={"attempt": attempts},
                    )
                    outcome = Verification("wrong", request_id, MAX_CODE_ATTEMPTS - attempts)
        after.run()
        return outcome

    def submission_state(self, ref: str) -> tuple[str, int] | None:
        """(state, request id) of a submission, or None."""
        with self.s.db.read() as session:
            submission = CaseRepository(session, self.s.engine.sealer).submission(ref)
        if submission is None:
            return None
        if submission.state == "pending" and self.s.clock.now() >= submission.expires_at:
            return SUBMISSION_EXPIRED, submission.request_id
        return submission.state, submission.request_id

    def new_link(self, request_id: int, email: str, client: str) -> None:
        """Mails a fresh status link when ``email`` is the request's address; silent otherwise."""
        now = self.s.clock.now()
        after = self.s.after_commit()
        with self.s.db.write() as session:
            repo = CaseRepository(session, self.s.engine.sealer)
            ratelimit.hit(repo, ratelimit.NEW_LINK_PER_IP, client_hash(self.s.keys, client), now)
            ratelimit.hit(repo, ratelimit.NEW_LINK_PER_REQUEST, f"request:{request_id}", now)
            case = repo.case(request_id)
            request = self.s.engine.repo(session).get(request_id)
            if case is None or request is None or request.state == "received":
                return
            given = normalise("email", email)
            if not given or given != normalise("email", request.identities.get("email", "")):
                return
            declaration = self.s.declaration_of(request)
            after.mail(self.s.notices.new_link(
                request, case, declaration, self.s.status_url(request_id, case.language)
            ), request.target)
            self.s.audit.record(session, actor=ACTOR_PUBLIC, action="request.link_renewed",
                                target=request.target, details={})
        after.run()

    def _params(self, form: Form, declaration: Declaration) -> tuple[dict, dict]:
        details: dict[str, object] = {}
        if form.scope:  # referred to the controller, never executed here
            return ({"purposes": [], "lift": False} if ENGINE_KIND[form.asked] == "objection" else {}), details
        if form.asked == "restriction":
            details["restriction_reason"] = form.restriction_reason.strip()
            return {"lift": False}, details
        if form.asked in ("objection", "withdrawal"):
            details["purposes"] = list(form.purposes)
            return self.s.engine.objection_params(declaration, list(form.purposes)), details
        if form.asked == "rectification":
            details["correction"] = form.correction.strip()
            return {"changes": []}, details
        return {}, details


def validate(form: Form, declaration: Declaration) -> dict[str, str]:
    """Field -> problem key; empty when the form can be submitted."""
    problems: dict[str, str] = {}
    if form.asked not in ASKED_KINDS:
        problems["asked"] = "choose_kind"
    email = form.email.strip()
    if not email:
        problems["email"] = "email_missing"
    elif len(email) > _EMAIL_MAX or not _looks_like_email(email):
        problems["email"] = "email_invalid"
    for name, value in form.identities.items():
        if name not in declaration.requests.identities or name == "email":
            problems[f"identity_{name}"] = "identity_unknown"
        elif len(value) > 200:
            problems[f"identity_{name}"] = "too_long"
    if form.scope and form.scope not in {s.key for s in processor_scopes(declaration)}:
        problems["scope"] = "scope_unknown"
    if form.asked == "rectification":
        if not form.correction.strip():
            problems["correction"] = "correction_missing"
        elif len(form.correction) > MAX_TEXT:
            problems["correction"] = "too_long"
    if form.asked == "restriction" and len(form.restriction_reason) > MAX_TEXT:
        problems["restriction_reason"] = "too_long"
    if form.asked in ("objection", "withdrawal") and not form.scope:
        allowed = {a.key for a in (objectable(declaration) if form.asked == "objection" else consented(declaration))}
        field_name = "purposes_" + form.asked
        if not form.purposes:
            problems[field_name] = "purposes_missing"
        elif not set(form.purposes) <= allowed:
            problems[field_name] = "purposes_unknown"
    if form.language not in ("en", "nb"):
        form.language = "en"
    return problems


def _review(form: Form, declaration: Declaration) -> str:
    """Why a verified request waits for a person ('' when it runs on its own)."""
    if form.asked == "rectification":
        return "rectification"
    if form.asked in declaration.requests.approval_required:
        return "approval_required"
    if any(v.strip() for v in form.identities.values()):
        return "extra_identities"
    return ""


def _looks_like_email(value: str) -> bool:
    local, at, domain = value.rpartition("@")
    return bool(at and local and "." in domain and " " not in value and not domain.startswith("."))

