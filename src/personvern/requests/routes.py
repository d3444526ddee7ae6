"""The request API (admin, dpo), the subject-status API (any role) and the signed export download."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response

from personvern.accounts.deps import ANY_ROLE, require_role
from personvern.accounts.entities import ApiToken
from personvern.errors import NotFound
from personvern.requests.schemas import CreateRequest, RequestOut, SubjectStatusOut
from personvern.requests.service import RequestService
from personvern.requests.tasks import EXECUTE

router = APIRouter(tags=["requests"])
STAFF = ("admin", "dpo")


def service(request: Request) -> RequestService:
    return request.app.state.container.requests


def _out(requests: RequestService, request_id: int) -> RequestOut:
    request = requests.get(request_id)
    url = None
    if request.kind in ("access", "portability") and request.state == "completed":
        try:
            url = requests.download_url(request_id)
        except NotFound:
            url = None
    return RequestOut.of(request, requests.steps(request_id), url)


@router.post(
    "/api/v1/requests", response_model=RequestOut, status_code=201,
    summary="Record a data-subject request whose identity the operator has confirmed (admin, dpo)",
)
def create(
    body: CreateRequest,
    token: ApiToken = Depends(require_role(*STAFF)),
    requests: RequestService = Depends(service),
) -> RequestOut:
    created = requests.create(
        body.kind, body.identity, actor=token.actor, params=body.params(), language=body.language,
    )
    return _out(requests, created.id)


@router.get("/api/v1/requests", response_model=list[RequestOut], summary="Requests, newest first (admin, dpo)")
def list_requests(
    state: str | None = None, kind: str | None = None, limit: int = Query(100, ge=1, le=1000),
    _: ApiToken = Depends(require_role(*STAFF)), requests: RequestService = Depends(service),
) -> list[RequestOut]:
    return [RequestOut.of(r) for r in requests.list(state=state, kind=kind, limit=limit)]


@router.get("/api/v1/requests/{request_id}", response_model=RequestOut, summary="One request with its steps")
def get(
    request_id: int, _: ApiToken = Depends(require_role(*STAFF)), requests: RequestService = Depends(service),
) -> RequestOut:
    return _out(requests, request_id)


@router.post(
    "/api/v1/requests/{request_id}/execute", response_model=RequestOut, status_code=202,
    summary="Run (or resume) the request in the background (admin, dpo)",
)
def execute(
    request_id: int, http: Request, token: ApiToken = Depends(require_role(*STAFF)),
    requests: RequestService = Depends(service),
) -> RequestOut:
    requests.check_runnable(request_id)
    http.app.state.container.jobs.enqueue(EXECUTE, request_id, token.actor)
    return _out(requests, request_id)


@router.get(
    "/api/v1/subjects/status", response_model=SubjectStatusOut,
    summary="Is processing of this person restricted, and which purposes did they object to? (any role)",
)
def subject_status(
    email: str = Query(..., min_length=3, max_length=254),
    purpose: str | None = Query(None, description="Also answer whether this purpose is objected to."),
    _: ApiToken = Depends(require_role(*ANY_ROLE)),
    requests: RequestService = Depends(service),
) -> SubjectStatusOut:
    return SubjectStatusOut.of(requests.status({"email": email}), purpose)


@router.get(
    "/exports/{request_id}", summary="Download an export package through its signed link",
    responses={200: {"content": {"application/zip": {}}}, 403: {"description": "Invalid or expired link."}},
)
def download(
    request_id: int, expires: int = Query(..., ge=0), sig: str = Query(..., min_length=1, max_length=128),
    requests: RequestService = Depends(service),
) -> Response:
    data = requests.download(request_id, expires, sig)
    return Response(
        data, media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="personal-data-{request_id}.zip"',
            "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
        },
    )
