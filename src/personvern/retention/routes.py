"""The retention API: plan, runs and their reports (admin, dpo; reading also viewer), holds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from personvern.accounts.deps import ANY_ROLE, require_role
from personvern.accounts.entities import ApiToken
from personvern.retention.schemas import HoldIn, HoldOut, RunIn, RunOut
from personvern.retention.service import RetentionService
from personvern.retention.tasks import RUN

router = APIRouter(prefix="/api/v1/retention", tags=["retention"])
STAFF = ("admin", "dpo")


def service(request: Request) -> RetentionService:
    return request.app.state.container.retention


@router.get("/plan", summary="Dry run: per sweep, what a run would delete or anonymise now")
def plan(
    batch_size: int | None = Query(None, ge=1, le=100_000),
    _: ApiToken = Depends(require_role(*ANY_ROLE)), retention: RetentionService = Depends(service),
) -> dict[str, Any]:
    return retention.plan(retention.current_target(), batch_size=batch_size).as_dict()


@router.post("/runs", response_model=RunOut, status_code=202,
             summary="Start a retention run in the background (admin, dpo)")
def start_run(
    request: Request, body: RunIn | None = None,
    token: ApiToken = Depends(require_role(*STAFF)), retention: RetentionService = Depends(service),
) -> RunOut:
    batch_size = body.batch_size if body else None
    run = retention.prepare(retention.current_target(), actor=token.actor, trigger="api", batch_size=batch_size)
    request.app.state.container.jobs.enqueue(RUN, token.actor, "api", batch_size)
    return RunOut.of(*retention.report(run.id))


@router.get("/runs", response_model=list[RunOut], summary="Retention runs, newest first")
def list_runs(
    limit: int = Query(50, ge=1, le=500),
    _: ApiToken = Depends(require_role(*ANY_ROLE)), retention: RetentionService = Depends(service),
) -> list[RunOut]:
    return [RunOut.of(run) for run in retention.runs(limit)]


@router.get("/runs/{run_id}", response_model=RunOut, summary="A run's report: per sweep rows, time, errors")
def get_run(
    run_id: int, _: ApiToken = Depends(require_role(*ANY_ROLE)), retention: RetentionService = Depends(service),
) -> RunOut:
    return RunOut.of(*retention.report(run_id))


@router.get("/holds", response_model=list[HoldOut], summary="Legal holds (active ones unless all=true)")
def list_holds(
    all: bool = False,
    _: ApiToken = Depends(require_role(*ANY_ROLE)), retention: RetentionService = Depends(service),
) -> list[HoldOut]:
    return [HoldOut.of(h) for h in retention.holds(active_only=not all)]


@router.post("/holds", response_model=HoldOut, status_code=201, summary="Set a legal hold (admin, dpo)")
def add_hold(
    body: HoldIn, token: ApiToken = Depends(require_role(*STAFF)),
    retention: RetentionService = Depends(service),
) -> HoldOut:
    hold = retention.add_hold(scope=body.scope, reason=body.reason, actor=token.actor, target=body.target,
                              identity=body.identity_pair(), decision=body.decision)
    return HoldOut.of(hold)


@router.get("/holds/{hold_id}", response_model=HoldOut, summary="One legal hold")
def get_hold(
    hold_id: int, _: ApiToken = Depends(require_role(*ANY_ROLE)), retention: RetentionService = Depends(service),
) -> HoldOut:
    return HoldOut.of(retention.hold(hold_id))


@router.delete("/holds/{hold_id}", response_model=HoldOut, summary="Lift a legal hold (admin, dpo)")
def lift_hold(
    hold_id: int, reason: str = Query(..., min_length=1, max_length=2000, description="Why it is lifted."),
    token: ApiToken = Depends(require_role(*STAFF)), retention: RetentionService = Depends(service),
) -> HoldOut:
    return HoldOut.of(retention.lift_hold(hold_id, reason=reason, actor=token.actor))
