"""The privacy officer's workflow API (admin, dpo): list, show with the audit trail, approve, refuse, extend."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request

from personvern.accounts.deps import require_role
from personvern.accounts.entities import ApiToken
from personvern.privacy_center.schemas import Approve, Extend, Refuse, WorkflowDetailOut, WorkflowOut
from personvern.privacy_center.service import PrivacyCenter

router = APIRouter(prefix="/api/v1/workflow", tags=["workflow"])
STAFF = ("admin", "dpo")
State = Literal["received", "verified", "approved", "executing", "completed", "refused", "referred"]
Kind = Literal["access", "portability", "erasure", "rectification", "restriction", "objection", "withdrawal"]


def center(request: Request) -> PrivacyCenter:
    return request.app.state.container.privacy_center


def _detail(pc: PrivacyCenter, request_id: int) -> WorkflowDetailOut:
    return WorkflowDetailOut.of_detail(pc.views.detail(request_id))


@router.get("/requests", response_model=list[WorkflowOut], summary="Requests with their deadlines, newest first")
def list_requests(
    state: State | None = None, kind: Kind | None = None,
    due_before: date | None = Query(None, description="Only those whose last day is on or before this date."),
    overdue: bool | None = Query(None, description="true: only overdue; false: only not overdue."),
    limit: int = Query(200, ge=1, le=1000),
    _: ApiToken = Depends(require_role(*STAFF)), pc: PrivacyCenter = Depends(center),
) -> list[WorkflowOut]:
    rows = pc.views.list(state=state, kind=kind, due_before=due_before, overdue=overdue, limit=limit)
    return [WorkflowOut.of(row) for row in rows]


@router.get("/requests/{request_id}", response_model=WorkflowDetailOut, summary="One request with its audit trail")
def show(request_id: int, _: ApiToken = Depends(require_role(*STAFF)),
         pc: PrivacyCenter = Depends(center)) -> WorkflowDetailOut:
    return _detail(pc, request_id)


@router.post("/requests/{request_id}/approve", response_model=WorkflowDetailOut,
             summary="Approve a verified request; it is then carried out in the background")
def approve(request_id: int, body: Approve | None = None, token: ApiToken = Depends(require_role(*STAFF)),
            pc: PrivacyCenter = Depends(center)) -> WorkflowDetailOut:
    pc.workflow.approve(request_id, actor=token.actor, changes=body.changes if body else None)
    return _detail(pc, request_id)


@router.post("/requests/{request_id}/refuse", response_model=WorkflowDetailOut,
             summary="Refuse a request not yet carried out; the person gets the reason and their rights")
def refuse(request_id: int, body: Refuse, token: ApiToken = Depends(require_role(*STAFF)),
           pc: PrivacyCenter = Depends(center)) -> WorkflowDetailOut:
    pc.workflow.refuse(request_id, actor=token.actor, reason=body.reason)
    return _detail(pc, request_id)


@router.post("/requests/{request_id}/extend", response_model=WorkflowDetailOut,
             summary="Extend the deadline once, by up to two months, while the first month runs")
def extend(request_id: int, body: Extend, token: ApiToken = Depends(require_role(*STAFF)),
           pc: PrivacyCenter = Depends(center)) -> WorkflowDetailOut:
    pc.workflow.extend(request_id, actor=token.actor, months=body.months, reason=body.reason)
    return _detail(pc, request_id)
