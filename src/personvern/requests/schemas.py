"""The request API's input and output."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from personvern.requests.entities import DataRequest, Step, SubjectStatus


class CreateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["access", "portability", "erasure", "rectification", "restriction", "objection"]
    identity: dict[str, str] = Field(
        min_length=1, description="Identity name -> value, e.g. {\"email\": \"kari@example.com\"}."
    )
    language: Literal["en", "nb"] | None = Field(None, description="Language of the export README.")
    changes: dict[str, Any] | None = Field(
        None, description="Rectification: collection.field (or dataset:collection.field) -> new value."
    )
    purposes: list[str] | None = Field(
        None, description="Objection: activity keys or data uses (e.g. marketing.communications.email)."
    )
    lift: bool = Field(False, description="Restriction / objection: lift it instead of recording it.")

    def params(self) -> dict[str, Any]:
        return {"changes": self.changes or {}, "purposes": self.purposes or [], "lift": self.lift}


class StepOut(BaseModel):
    key: str
    state: str
    attempts: int
    result: dict[str, Any]
    error: str | None
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, step: Step) -> StepOut:
        return cls(**{name: getattr(step, name) for name in cls.model_fields})


class RequestOut(BaseModel):
    id: int
    kind: str
    state: str
    identity: dict[str, str]
    language: str
    source: str
    declaration_version_id: int | None
    created_at: datetime
    created_by: str
    updated_at: datetime
    due_at: datetime | None
    completed_at: datetime | None
    result: dict[str, Any]
    steps: list[StepOut] = Field(default_factory=list)
    download_url: str | None = Field(None, description="Signed, expiring link to the export package.")

    @classmethod
    def of(cls, request: DataRequest, steps: list[Step] | None = None, download_url: str | None = None) -> RequestOut:
        return cls(
            id=request.id, kind=request.kind, state=request.state, identity=request.identities,
            language=request.language, source=request.source,
            declaration_version_id=request.declaration_version_id, created_at=request.created_at,
            created_by=request.created_by, updated_at=request.updated_at, due_at=request.due_at,
            completed_at=request.completed_at, result=request.result,
            steps=[StepOut.of(s) for s in steps or []], download_url=download_url,
        )


class SubjectStatusOut(BaseModel):
    restricted: bool = Field(description="Processing is restricted (Art. 18): only store the data.")
    restricted_since: datetime | None
    objections: list[str] = Field(description="Purposes (data uses) the person objected to (Art. 21).")
    objects_to_purpose: bool | None = Field(
        None, description="With ?purpose=: whether that purpose (or one above it) is objected to."
    )

    @classmethod
    def of(cls, status: SubjectStatus, purpose: str | None) -> SubjectStatusOut:
        return cls(
            restricted=status.restricted, restricted_since=status.restricted_since,
            objections=status.objections,
            objects_to_purpose=status.objects_to(purpose) if purpose else None,
        )
