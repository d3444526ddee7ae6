"""Pydantic I/O of the breach API (the record itself is ``facts.BreachFacts``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from personvern.breaches.decision import Decision
from personvern.breaches.facts import BreachFacts
from personvern.breaches.service import BreachView


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UpdateIn(Strict):
    changes: dict[str, Any] = Field(min_length=1, description="Fields of the record to change, with new values.")
    reason: str = Field(min_length=3, max_length=2000, description="Why (kept in the revision).")


class ReportIn(Strict):
    phase: Literal["initial", "follow_up", "final"]
    reason: str = Field("", max_length=2000)
    at: AwareDatetime | None = Field(None, description="When it was submitted to the authority (default: now).")


class ApproveIn(Strict):
    reason: str = Field("", max_length=2000)
    language: Literal["en", "nb"] | None = None


class RevisionOut(BaseModel):
    number: int
    at: datetime
    actor: str
    kind: str
    reason: str
    phase: str | None
    snapshot_sha256: str


class BreachOut(BaseModel):
    id: int
    title: str
    state: str
    revision: int
    zone: str
    overdue: bool
    clocks: list[dict[str, Any]]
    facts: BreachFacts
    special_categories: list[str]
    severity: dict[str, Any] | None
    proposal: dict[str, Any] | None
    decision: Decision | None
    authority_notified_at: datetime | None
    notices_approved_at: datetime | None
    revisions: list[RevisionOut] = Field(default_factory=list)

    @classmethod
    def of(cls, view: BreachView) -> BreachOut:
        from zoneinfo import ZoneInfo

        b = view.breach
        zone = ZoneInfo(view.zone)
        return cls(
            id=b.id, title=b.title, state=b.state, revision=b.revision, zone=view.zone, overdue=view.overdue,
            clocks=[c.as_dict(view.now, zone) for c in view.clocks], facts=b.facts,
            special_categories=view.special_categories,
            severity=view.severity.as_dict() if view.severity else None,
            proposal=view.proposal.as_dict() if view.proposal else None, decision=b.decision,
            authority_notified_at=b.authority_notified_at, notices_approved_at=b.notices_approved_at,
            revisions=[RevisionOut(number=r.number, at=r.at, actor=r.actor, kind=r.kind, reason=r.reason,
                                   phase=r.phase, snapshot_sha256=r.snapshot_hash) for r in view.revisions],
        )


class PeopleOut(BaseModel):
    people: int
    rows: int
    path: list[str]
    recipients: dict[str, int]


class DraftOut(BaseModel):
    language: str
    subject: str
    text: str
