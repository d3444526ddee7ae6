from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from personvern.accounts.deps import require_role
from personvern.accounts.entities import ApiToken
from personvern.audit.service import AuditService

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


def service(request: Request) -> AuditService:
    return request.app.state.container.audit


class EntryOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]
    hash: str


class VerifyOut(BaseModel):
    ok: bool
    checked: int
    broken_id: int | None
    reason: str
    anchor: str = Field("", description="What the check against the keyed anchor outside the store found.")


@router.get("", response_model=list[EntryOut], summary="Audit entries, newest first (admin, dpo)")
def list_entries(
    action: str | None = Query(None, description="Action, '*' as wildcard (e.g. token.*)"),
    target: str | None = None,
    limit: int = Query(100, ge=1, le=1000),
    before_id: int | None = Query(None, ge=1),
    _: ApiToken = Depends(require_role("admin", "dpo")),
    audit: AuditService = Depends(service),
) -> list[EntryOut]:
    entries = audit.list(action=action, target=target, limit=limit, before_id=before_id)
    return [EntryOut(**{k: getattr(e, k) for k in EntryOut.model_fields}) for e in entries]


@router.get("/verify", response_model=VerifyOut, summary="Verify the hash chain (admin, dpo)")
def verify(
    _: ApiToken = Depends(require_role("admin", "dpo")), audit: AuditService = Depends(service)
) -> VerifyOut:
    result = audit.verify()
    return VerifyOut(ok=result.ok, checked=result.checked, broken_id=result.broken_id, reason=result.reason,
                     anchor=result.anchor)
