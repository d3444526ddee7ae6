"""FastAPI dependencies: who is calling, and may they?"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from personvern.accounts.entities import ApiToken
from personvern.accounts.service import TokenService

_bearer = HTTPBearer(auto_error=False, description="An API token from `personvern token create`.")


def token_service(request: Request) -> TokenService:
    return request.app.state.container.tokens


def current_token(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
    tokens: TokenService = Depends(token_service),
) -> ApiToken:
    checked = getattr(request.state, "api_token", None)  # the body guard checked it already
    if isinstance(checked, ApiToken):
        return checked
    if credentials is None:
        raise HTTPException(
            401, "missing API token: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token = tokens.authenticate(credentials.credentials)
    if token is None:
        raise HTTPException(
            401, "invalid or revoked API token", headers={"WWW-Authenticate": "Bearer"}
        )
    return token


def require_role(*roles: str) -> Callable[..., ApiToken]:
    """A dependency that lets only tokens with one of ``roles`` through (403 otherwise)."""

    def dependency(token: ApiToken = Depends(current_token)) -> ApiToken:
        if token.role not in roles:
            raise HTTPException(
                403, f"this needs the role {' or '.join(roles)}; your token has '{token.role}'"
            )
        return token

    return dependency


ANY_ROLE = ("admin", "dpo", "viewer")
