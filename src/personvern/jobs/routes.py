"""`GET /api/v1/jobs`: queued, running, retrying and failed jobs (admin, dpo, viewer)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from personvern.accounts.deps import require_role
from personvern.accounts.entities import ApiToken
from personvern.jobs.ledger import OPEN

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])
State = Literal["unsent", "queued", "running", "retrying", "failed", "done"]


class JobOut(BaseModel):
    task_id: str
    name: str
    ref: int | None = Field(description="The job's subject: a request's or a run's number.")
    state: State
    attempts: int
    error: str = Field(description="The error's class when it failed (no message: it may hold personal data).")
    queued_at: datetime
    updated_at: datetime


@router.get("", response_model=list[JobOut], summary="Jobs that wait, run or failed; oldest first")
def list_jobs(
    request: Request,
    state: list[State] | None = Query(None, description="Only these states (default: all but done)."),
    ref: int | None = Query(None, ge=0, le=2**31 - 1, description="Only the jobs of this request or run."),
    limit: int = Query(200, ge=1, le=1000),
    _: ApiToken = Depends(require_role("admin", "dpo", "viewer")),
) -> list[JobOut]:
    ledger = request.app.state.container.jobs.ledger
    states = tuple(state) if state else (*OPEN, "failed")
    jobs = ledger.jobs(states, limit=limit)
    return [JobOut(**job.__dict__) for job in jobs if ref is None or job.ref == ref]
