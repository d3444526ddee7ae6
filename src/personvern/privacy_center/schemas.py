"""The workflow API's input and output."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from personvern.audit.entities import AuditEntry
from personvern.privacy_center.views import Detail, Row


class Approve(BaseModel):
    model_config = ConfigDict(extra="forbid")

    changes: dict[str, Any] | None = Field(
        None, description="For a correction (rectification): collection.field -> the corrected value."
    )


class Refuse(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(
        min_length=10, max_length=4000,
        description="Why, written for the person (it is sent to them with their right to complain).",
    )


class Extend(BaseModel):
    model_config = ConfigDict(extra="forbid")

    months: int = Field(2, ge=1, le=2, description="Further months (GDPR Art. 12(3): at most two).")
    reason: str = Field(min_length=10, max_length=4000, description="Why more time is needed; sent to the person.")


class WorkflowOut(BaseModel):
    id: int
    kind: str = Field(description="The request engine's kind.")
    asked: str = Field(description="What the person chose (withdrawal is executed as an objection).")
    state: str
    scope: str = Field("", description="A processor activity when the request is referred.")
    language: str
    received_at: datetime
    verified_at: datetime | None
    due_on: date | None = Field(description="The last day to answer (after moving off holidays).")
    due_at: datetime | None = Field(description="The instant the deadline runs out (UTC).")
    days_left: int | None
    overdue: bool
    extended: bool
    extension_months: int
    needs_review: str = Field("", description="Why a verified request waits for approval.")
    merged_into: int | None
    closed_at: datetime | None
    privacy_center: bool = Field(description="Made through the privacy center (else by an operator).")

    @classmethod
    def of(cls, row: Row) -> WorkflowOut:
        r, c = row.request, row.case
        return cls(
            id=r.id, kind=r.kind, asked=row.asked, state=r.state, scope=c.scope if c else "",
            language=r.language, received_at=c.received_at if c else r.created_at,
            verified_at=c.verified_at if c else None, due_on=row.due_on,
            due_at=c.due_at if c else r.due_at, days_left=row.days_left, overdue=row.overdue,
            extended=bool(c and c.extended), extension_months=c.extension_months if c else 0,
            needs_review=c.needs_review if c else "", merged_into=c.merged_into if c else None,
            closed_at=c.closed_at if c else None, privacy_center=c is not None,
        )


class AuditOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    details: dict[str, Any]

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditOut:
        return cls(id=entry.id, at=entry.at, actor=entry.actor, action=entry.action, details=entry.details)


class WorkflowDetailOut(WorkflowOut):
    identity: dict[str, str]
    details: dict[str, Any] = Field(description="What the person wrote, and the reasons given.")
    result: dict[str, Any]
    steps: list[dict[str, Any]]
    audit: list[AuditOut] = Field(description="Every recorded step of this request, oldest first.")

    @classmethod
    def of_detail(cls, detail: Detail) -> WorkflowDetailOut:
        base = WorkflowOut.of(detail.row).model_dump()
        r, c = detail.row.request, detail.row.case
        return cls(
            **base, identity=r.identities, details=c.details if c else {}, result=r.result,
            steps=[{"key": s.key, "state": s.state, "attempts": s.attempts, "result": s.result,
                    "error": s.error} for s in detail.steps],
            audit=[AuditOut.of(e) for e in detail.audit],
        )
