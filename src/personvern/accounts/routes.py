from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from personvern.accounts.deps import require_role, token_service
from personvern.accounts.entities import ApiToken, Role
from personvern.accounts.service import TokenService

router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"])


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    role: Role


class TokenOut(BaseModel):
    id: int
    name: str
    role: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, token: ApiToken) -> TokenOut:
        return cls(
            id=token.id, name=token.name, role=token.role, prefix=token.prefix,
            created_at=token.created_at, revoked_at=token.revoked_at,
        )


class IssuedOut(TokenOut):
    token: str = Field(description="Shown once; store it now.")


@router.get("", response_model=list[TokenOut], summary="List API tokens (admin)")
def list_tokens(
    _: ApiToken = Depends(require_role("admin")), tokens: TokenService = Depends(token_service)
) -> list[TokenOut]:
    return [TokenOut.of(t) for t in tokens.list()]


@router.post("", response_model=IssuedOut, status_code=201, summary="Create an API token (admin)")
def create_token(
    body: TokenIn,
    caller: ApiToken = Depends(require_role("admin")),
    tokens: TokenService = Depends(token_service),
) -> IssuedOut:
    issued = tokens.create(name=body.name, role=body.role, actor=caller.actor)
    return IssuedOut(**TokenOut.of(issued.token).model_dump(), token=issued.secret)


@router.delete("/{token_id}", response_model=TokenOut, summary="Revoke an API token (admin)")
def revoke_token(
    token_id: int,
    caller: ApiToken = Depends(require_role("admin")),
    tokens: TokenService = Depends(token_service),
) -> TokenOut:
    return TokenOut.of(tokens.revoke(token_id, actor=caller.actor))
