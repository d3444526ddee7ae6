from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from personvern.accounts.deps import ANY_ROLE, require_role
from personvern.accounts.entities import ApiToken
from personvern.declaration.problems import DeclarationInvalid
from personvern.declaration.schemas import LoadResult, VersionOut
from personvern.declaration.service import DeclarationService
from personvern.errors import Invalid, NotFound

router = APIRouter(prefix="/api/v1/declaration", tags=["declaration"])


def service(request: Request) -> DeclarationService:
    return request.app.state.container.declarations


@router.get("", response_model=VersionOut, summary="The current declaration version")
def current(
    _: ApiToken = Depends(require_role(*ANY_ROLE)), declarations: DeclarationService = Depends(service)
) -> VersionOut:
    version = declarations.current()
    if version is None:
        raise NotFound("no declaration loaded yet; run `personvern declaration load FILE`")
    return VersionOut.of(version)


@router.get("/versions", response_model=list[VersionOut], summary="Every stored version")
def history(
    _: ApiToken = Depends(require_role(*ANY_ROLE)), declarations: DeclarationService = Depends(service)
) -> list[VersionOut]:
    return [VersionOut.of(v) for v in declarations.history()]


@router.post(
    "/reload", response_model=LoadResult, summary="Load the configured declaration file again",
    responses={422: {"description": "The file has problems; nothing was changed."}},
)
def reload(
    request: Request,
    token: ApiToken = Depends(require_role("admin")),
    declarations: DeclarationService = Depends(service),
) -> LoadResult | JSONResponse:
    path = request.app.state.settings.declaration
    if path is None:
        raise Invalid("the service was started without a declaration file (--config)")
    try:
        outcome = declarations.load_file(path, actor=token.actor)
    except DeclarationInvalid as exc:
        return JSONResponse(
            {"detail": "the declaration has problems; nothing was changed",
             "problems": [p.as_dict() for p in exc.problems]},
            status_code=422,
        )
    return LoadResult(version=VersionOut.of(outcome.version), created=outcome.created)
