"""Pydantic I/O of the retention API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from personvern.retention.entities import Hold, Run, SweepProgress


class HoldIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scope: Literal["person", "dataset", "activity"]
    reason: str = Field(min_length=1, max_length=2000, description="Why (the case, the law); kept with the hold.")
    target: str | None = Field(None, max_length=200, description="The dataset or activity key.")
    identity: dict[str, str] | None = Field(
        None, description="For a person: one identity, e.g. {\"email\": \"kari@example.com\"}; "
        "stored only as a keyed hash.")
    decision: Literal["keep", "release"] = Field(
        "keep", description="'keep': a legal hold. 'release' (person only): the person's processing is "
        "restricted, and their expired data may still be swept.")

    @model_validator(mode="after")
    def _check(self) -> HoldIn:
        if self.scope == "person":
            if not self.identity or len(self.identity) != 1:
                raise ValueError("a hold on a person needs exactly one identity, e.g. {\"email\": \"…\"}")
        elif not self.target:
            raise ValueError(f"a hold on a {self.scope} needs target: the {self.scope}'s key")
        return self

    def identity_pair(self) -> tuple[str, str] | None:
        return next(iter(self.identity.items())) if self.identity else None


class HoldOut(BaseModel):
    id: int
    scope: str
    target: str = Field(description="Dataset or activity key; for a person, the identity's keyed hash.")
    identity_type: str | None
    decision: str
    reason: str
    set_by: str
    set_at: datetime
    active: bool
    lifted_at: datetime | None
    lifted_by: str | None
    lift_reason: str | None

    @classmethod
    def of(cls, hold: Hold) -> HoldOut:
        return cls(**{name: getattr(hold, name) for name in cls.model_fields})


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    batch_size: int | None = Field(None, ge=1, le=100_000, description="Rows per batch.")


class RunOut(BaseModel):
    id: int
    state: str
    trigger: str
    actor: str
    started_at: datetime
    finished_at: datetime | None
    batch_size: int
    declaration_hash: str
    totals: dict[str, Any]
    error: str | None
    sweeps: list[dict[str, Any]] = Field(default_factory=list,
                                         description="Per sweep: rows affected, skipped, errors, duration.")

    @classmethod
    def of(cls, run: Run, sweeps: list[SweepProgress] | None = None) -> RunOut:
        return cls(**{name: getattr(run, name) for name in cls.model_fields if name != "sweeps"},
                   sweeps=[s.as_dict() for s in sweeps or []])
