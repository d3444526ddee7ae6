"""The scan API: start a scan (admin, dpo) and read the last report (every role)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse

from personvern.accounts.deps import ANY_ROLE, require_role
from personvern.accounts.entities import ApiToken
from personvern.errors import Invalid
from personvern.scan.schemas import ScanStartIn, ScanStartOut
from personvern.scan.service import ScanService
from personvern.scan.tasks import RUN

router = APIRouter(prefix="/api/v1/scan", tags=["scan"])
STAFF = ("admin", "dpo")


def service(request: Request) -> ScanService:
    return request.app.state.container.scan


@router.post("/runs", status_code=202, response_model=ScanStartOut,
             summary="Start a website scan in the background (admin, dpo)")
def start(
    request: Request, body: ScanStartIn | None = None,
    token: ApiToken = Depends(require_role(*STAFF)),
) -> ScanStartOut:
    url = body.url if body else None
    scan = request.app.state.container.scan
    if not (url or scan.settings.url):
        raise Invalid("no site to scan: give a url or set PERSONVERN__SCAN__URL")
    request.app.state.container.jobs.enqueue(RUN, token.actor, url)
    return ScanStartOut(queued=True, url=url or scan.settings.url)


@router.get("/last", summary="The last finished scan report (JSON)")
def last(
    _: ApiToken = Depends(require_role(*ANY_ROLE)), scan: ScanService = Depends(service),
) -> dict[str, Any]:
    return scan.last()


@router.get("/last/files/{name}", summary="A file of the last report: report.html, "
            "requests.har or a screenshot")
def last_file(
    name: str, _: ApiToken = Depends(require_role(*ANY_ROLE)),
    scan: ScanService = Depends(service),
) -> FileResponse:
    return FileResponse(scan.last_file(name))
