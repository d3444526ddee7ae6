"""The breach register: record, revise, assess, decide, report (each step a revision, audited).

Every change is one write transaction holding the new head, an append-only revision (who, when,
why, and a frozen snapshot) and its audit entry, so the register, its history and the audit chain
never disagree. Audit details carry ids, field names, bands and decisions: never the facts' text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from personvern.audit.service import AuditService
from personvern.breaches.clocks import ClockState, art33_deadline, clocks
from personvern.breaches.decision import Decision, Proposal, differs, propose
from personvern.breaches.entities import PHASES, Breach, Revision
from personvern.breaches.facts import BreachFacts, Contact
from personvern.breaches.repository import BreachRepository
from personvern.breaches.severity import Assessment, Severity, proposed_base, score
from personvern.clock import Clock
from personvern.db.database import Database
from personvern.deadlines.calendar import country_timezone
from personvern.declaration.model import BreachDuties, Declaration
from personvern.declaration.service import DeclarationService
from personvern.declaration.taxonomy import Taxonomy
from personvern.errors import Conflict, Invalid

Phase = Literal["initial", "follow_up", "final"]
CRIMINAL_ROOT = "user.criminal_history"  # Art. 10 data
EXTRA_SUBJECTS = ("child", "pupil", "member", "user", "other")
DEFAULT_ZONE = "Europe/Oslo"


def invalid_from(exc: ValidationError) -> Invalid:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}" for e in exc.errors())
    return Invalid(f"the breach record is not valid: {problems}")


@dataclass(frozen=True)
class BreachView:
    """A breach as the officer sees it: with its clocks, severity and the proposal."""

    breach: Breach
    clocks: list[ClockState]
    severity: Severity | None
    proposal: Proposal | None
    special_categories: list[str]
    zone: str
    now: datetime
    revisions: list[Revision] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return any(c.overdue and c.done_at is None for c in self.clocks)


class BreachService:
    def __init__(self, database: Database, audit: AuditService, clock: Clock,
                 declarations: DeclarationService) -> None:
        self.database = database
        self.audit = audit
        self.clock = clock
        self.declarations = declarations

    # --- the declaration a breach is judged against --------------------------------------
    def _declaration(self, version_id: int | None) -> tuple[Declaration | None, int | None]:
        if version_id is not None:
            version = self.declarations.version(version_id)
        else:
            version = self.declarations.current()
            if version is None:
                return None, None
        return self.declarations.declaration_of(version).declaration, version.id

    def declaration_of(self, breach: Breach) -> Declaration | None:
        return self._declaration(breach.declaration_version_id)[0] if breach.declaration_version_id else None

    @staticmethod
    def _taxonomy(declaration: Declaration | None) -> Taxonomy:
        custom = [(c.key, c.special_category) for c in declaration.taxonomy.data_categories] if declaration else []
        return Taxonomy(custom)

    def check(self, facts: BreachFacts, declaration: Declaration | None) -> BreachFacts:
        """Checks the facts against the declaration; raises Invalid naming every problem."""
        taxonomy = self._taxonomy(declaration)
        problems: list[str] = []
        declared = {c for a in declaration.activities for c in a.data_categories} if declaration else set()
        for category in facts.data_categories:
            if category not in taxonomy.data_categories:
                hint = f"declared: {', '.join(sorted(declared))}" if declared else "see fideslang's data categories"
                problems.append(f"unknown data category '{category}' ({hint})")
        for subject in facts.subjects:
            if subject not in taxonomy.data_subjects and subject not in EXTRA_SUBJECTS:
                problems.append(f"unknown data subject '{subject}' (e.g. customer, employee, child)")
        if declaration is None and (facts.activities or facts.processors or facts.datasets):
            problems.append("activities, processors and datasets need a loaded declaration")
        if declaration is not None:
            activities = {a.key for a in declaration.activities}
            processors = {p.key for p in declaration.processors}
            datasets = {d.key for d in declaration.datasets}
            problems += [f"unknown activity '{k}' (declared: {', '.join(sorted(activities))})"
                         for k in facts.activities if k not in activities]
            problems += [f"unknown processor '{k}' (declared: {', '.join(sorted(processors))})"
                         for k in facts.processors if k not in processors]
            named = list(facts.datasets) + ([facts.selection.collection] if facts.selection else [])
            problems += [f"unknown dataset '{k.split('.')[0]}' in '{k}' (declared: {', '.join(sorted(datasets))})"
                         for k in named if k.split(".")[0] not in datasets]
            if facts.contact is None:
                person = declaration.controller.dpo
                facts = facts.model_copy(update={"contact": Contact(
                    name=person.name if person else declaration.controller.name,
                    email=person.email if person else declaration.controller.email,
                    phone=person.phone if person else declaration.controller.phone)})
        if problems:
            raise Invalid("the breach record is not valid: " + "; ".join(problems))
        return facts

    def special_categories(self, facts: BreachFacts, declaration: Declaration | None) -> list[str]:
        taxonomy = self._taxonomy(declaration)
        return [c for c in facts.data_categories if taxonomy.is_special(c) or c.startswith(CRIMINAL_ROOT)]

    # --- writing ----------------------------------------------------------------------------
    def create(self, facts: BreachFacts, *, actor: str, reason: str = "breach recorded") -> Breach:
        declaration, version_id = self._declaration(None)
        facts = self.check(facts, declaration)
        now = self.clock.now()
        with self.database.write() as session:
            repo = BreachRepository(session)
            breach = repo.add(facts, actor=actor, now=now, version_id=version_id)
            breach = self._revise(repo, breach, actor=actor, now=now, kind="created", reason=reason)
            self.audit.record(session, actor=actor, action="breach.created", target=breach.target, details={
                "declaration_version": version_id, "cause": facts.cause, "people": facts.people.value,
                "records": facts.records.value, "aware_at": facts.aware_at.isoformat(),
            })
        return breach

    def update(self, breach_id: int, changes: dict[str, object], *, actor: str, reason: str) -> Breach:
        if not changes:
            raise Invalid("nothing to change: give at least one field")
        self._need_reason(reason)
        current = self.get(breach_id)
        try:
            facts = current.facts.merged(changes)
        except ValidationError as exc:
            raise invalid_from(exc) from None
        except ValueError as exc:
            raise Invalid(str(exc)) from None
        facts = self.check(facts, self.declaration_of(current))
        return self._change(breach_id, actor, "updated", reason, "breach.updated",
                            lambda b: replace(b, facts=facts), {"fields": sorted(changes)})

    def assess(self, breach_id: int, assessment: Assessment, *, actor: str, reason: str = "") -> Breach:
        breach = self.get(breach_id)
        severity = score(assessment, breach.facts.people.value)
        return self._change(breach_id, actor, "assessed", reason or "severity assessed", "breach.assessed",
                            lambda b: replace(b, assessment=assessment),
                            {"band": severity.band, "score": severity.score})

    def decide(self, breach_id: int, decision: Decision, *, actor: str) -> Breach:
        breach = self.get(breach_id)
        if breach.assessment is None:
            raise Conflict(f"breach {breach_id} has no severity assessment yet: assess it before deciding")
        proposal = propose(score(breach.assessment, breach.facts.people.value), breach.assessment)
        return self._change(breach_id, actor, "decided", decision.reasoning, "breach.decided",
                            lambda b: replace(b, decision=decision), {
                                "notify_authority": decision.notify_authority,
                                "inform_people": decision.inform_people, "inform_how": decision.inform_how,
                                "differs_from_proposal": differs(decision, proposal)})

    def report(self, breach_id: int, phase: Phase, *, actor: str, reason: str = "",
               at: datetime | None = None) -> Revision:
        """Freezes a report phase (Art. 33(4)): the initial report, follow-ups, the final report."""
        if phase not in PHASES:
            raise Invalid(f"unknown phase '{phase}'; one of: {', '.join(PHASES)}")
        if at is not None and at.tzinfo is None:
            raise Invalid("the time the report was sent needs a UTC offset (e.g. 2026-01-17T09:30:00+01:00)")
        at = at or self.clock.now()
        breach = self.get(breach_id)
        if breach.decision is None or not breach.decision.notify_authority:
            raise Conflict(f"breach {breach_id}: the decision is not to notify the authority (or not made yet); "
                           "the register keeps it without a report")
        phases = [r.phase for r in self.revisions(breach_id) if r.phase]
        if phase != "initial" and "initial" not in phases:
            raise Conflict(f"breach {breach_id} has no initial report yet; report phase 'initial' first")
        if phase == "initial" and "initial" in phases:
            raise Conflict(f"breach {breach_id} already has an initial report; use follow_up or final")
        if "final" in phases:
            raise Conflict(f"breach {breach_id} already has its final report")
        if phase == "initial" and at > art33_deadline(breach.facts.aware_at) and not breach.facts.delay_reason.strip():
            raise Invalid("this report comes more than 72 hours after awareness: Art. 33(1) requires the reasons "
                          "for the delay; set delay_reason first (breach update --set delay_reason=...)")
        with self.database.write() as session:
            repo = BreachRepository(session)
            head = repo.get(breach_id, lock=True)
            if phase == "initial":
                head = replace(head, authority_notified_at=at)
            if phase == "final":
                head = replace(head, state="closed")
            now = self.clock.now()
            head = replace(head, revision=head.revision + 1)
            repo.save(head, now=now)
            revision = repo.append_revision(head, actor=actor, now=now, kind="reported",
                                            reason=reason or f"{phase} report to the authority", phase=phase)
            self.audit.record(session, actor=actor, action="breach.reported", target=head.target, details={
                "phase": phase, "revision": revision.number, "snapshot_sha256": revision.snapshot_hash,
                "late": at > art33_deadline(head.facts.aware_at)})
        return revision

    def approve_notices(self, breach_id: int, *, actor: str, reason: str = "") -> Breach:
        breach = self.get(breach_id)
        if breach.decision is None or not breach.decision.inform_people or breach.decision.inform_how != "individual":
            raise Conflict(f"breach {breach_id}: the decision is not to inform each person individually")
        if breach.notices_approved_at is not None:
            return breach
        now = self.clock.now()
        return self._change(breach_id, actor, "notices", reason or "notices to the people approved",
                            "breach.notices_approved",
                            lambda b: replace(b, notices_approved_at=now, notices_approved_by=actor), {})

    def _change(self, breach_id: int, actor: str, kind: str, reason: str, action: str,
                change: Callable[[Breach], Breach], details: dict[str, object]) -> Breach:
        now = self.clock.now()
        with self.database.write() as session:
            repo = BreachRepository(session)
            breach = change(repo.get(breach_id, lock=True))
            breach = self._revise(repo, breach, actor=actor, now=now, kind=kind, reason=reason)
            self.audit.record(session, actor=actor, action=action, target=breach.target,
                              details={**details, "revision": breach.revision})
        return breach

    @staticmethod
    def _revise(repo: BreachRepository, breach: Breach, *, actor: str, now: datetime, kind: str,
                reason: str) -> Breach:
        breach = replace(breach, revision=breach.revision + 1, updated_at=now)
        repo.save(breach, now=now)
        repo.append_revision(breach, actor=actor, now=now, kind=kind, reason=reason)
        return breach

    @staticmethod
    def _need_reason(reason: str) -> None:
        if len(reason.strip()) < 3:
            raise Invalid("say why (a reason of at least 3 characters): every revision records who, when and why")

    # --- reading ----------------------------------------------------------------------------
    def get(self, breach_id: int) -> Breach:
        with self.database.read() as session:
            return BreachRepository(session).get(breach_id)

    def list(self, *, state: str | None = None, limit: int = 500) -> list[Breach]:
        with self.database.read() as session:
            return BreachRepository(session).list(state=state, limit=limit)

    def revisions(self, breach_id: int) -> list[Revision]:
        with self.database.read() as session:
            repo = BreachRepository(session)
            repo.get(breach_id)
            return repo.revisions(breach_id)

    def zone_of(self, declaration: Declaration | None) -> str:
        if declaration is None:
            return DEFAULT_ZONE
        try:
            return country_timezone(declaration.controller.country)
        except ValueError:
            return DEFAULT_ZONE

    def view(self, breach_id: int, *, with_revisions: bool = False) -> BreachView:
        return self.view_of(self.get(breach_id), with_revisions=with_revisions)

    def view_of(self, breach: Breach, *, with_revisions: bool = False) -> BreachView:
        declaration = self.declaration_of(breach)
        duties: BreachDuties | None = declaration.breach_duties if declaration else None
        now = self.clock.now()
        severity = score(breach.assessment, breach.facts.people.value) if breach.assessment else None
        proposal = propose(severity, breach.assessment) if severity and breach.assessment else None
        notify = breach.decision.notify_authority if breach.decision else None
        states = clocks(breach.facts, duties, now, authority_notified_at=breach.authority_notified_at,
                        notify_authority=notify)
        return BreachView(breach, states, severity, proposal, self.special_categories(breach.facts, declaration),
                          self.zone_of(declaration), now,
                          self.revisions(breach.id) if with_revisions else [])

    def suggested_assessment(self, breach_id: int) -> Assessment:
        """A starting point for the officer: the DPC base the data categories suggest."""
        breach = self.get(breach_id)
        special = set(self.special_categories(breach.facts, self.declaration_of(breach)))
        return Assessment(dpc_base=proposed_base(breach.facts.data_categories, special))

    def local(self, instant: datetime, zone: str) -> datetime:
        return instant.astimezone(ZoneInfo(zone))


def build_breach_service(container: object) -> BreachService:
    c = container
    return BreachService(c.db, c.audit, c.clock, c.declarations)  # type: ignore[attr-defined]
