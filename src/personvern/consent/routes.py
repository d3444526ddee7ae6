"""HTTP: the banner script, the public consent API (CORS for the declared sites) and the
admin API (statistics, records of one consent, checkpoints, integrity)."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.requests import ClientDisconnect

from personvern.accounts.deps import ANY_ROLE, require_role
from personvern.accounts.entities import ApiToken
from personvern.consent import asset, website
from personvern.consent.config import CONSENT_COOKIE, BannerConfig, origin_of
from personvern.consent.schemas import (
    MAX_BODY_BYTES,
    CheckpointOut,
    ConsentIn,
    DayStatsOut,
    ImpressionIn,
    IntegrityOut,
    ReceiptOut,
    RecordOut,
    VerifyOut,
)
from personvern.consent.service import ConsentService, Visitor
from personvern.errors import DomainError

router = APIRouter(tags=["consent"])
admin = APIRouter(prefix="/api/v1/consent", tags=["consent"])
PREFLIGHT_MAX_AGE = "600"
Body = TypeVar("Body", bound=BaseModel)


def consent_service(request: Request) -> ConsentService:
    return request.app.state.container.consent


class RequestProblem(DomainError):
    """A request the consent API cannot read (status given per case)."""

    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


# --- the public API (first: the hot path, and routes are matched in order) ------------

def _visitor(request: Request) -> Visitor:
    headers = request.headers
    return Visitor(
        ip=request.client.host if request.client else None,
        user_agent=headers.get("user-agent", ""),
        sec_gpc=headers.get("sec-gpc") == "1",
        own_origin=_own_origin(request.scope["scheme"], headers.get("host")),
    )


def _own_origin(scheme: str, host: str | None) -> str | None:
    """The origin the request reached personvern on, as ``origin_of`` writes origins."""
    if not host:
        return None
    host = host.lower()
    return f"{scheme}://{host.removesuffix(':443' if scheme == 'https' else ':80')}"


async def _read(request: Request, model: type[Body]) -> Body:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise RequestProblem("send the body as JSON with Content-Type: application/json", 415)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise RequestProblem(f"the body is larger than {MAX_BODY_BYTES} bytes", 413)
    body = b""
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise RequestProblem(f"the body is larger than {MAX_BODY_BYTES} bytes", 413)
    except ClientDisconnect:
        raise RequestProblem("the client closed the connection before sending the body", 400) from None
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        if any(error["type"] == "json_invalid" for error in errors):
            raise RequestProblem(f"the body is not valid JSON: {errors[0]['msg']}", 400) from None
        where = ".".join(str(part) for part in errors[0]["loc"]) or "body"
        raise RequestProblem(f"{where}: {errors[0]['msg']}", 422) from None


def _cors(request: Request, config: BannerConfig, visitor: Visitor) -> dict[str, str]:
    """CORS headers for a declared site; a request from any other origin is refused."""
    origin = request.headers.get("origin")
    if origin is None:
        return {}
    if not ConsentService.allowed_origin(origin_of(origin), config, visitor):
        raise RequestProblem(f"the origin {origin} is not one of the sites in the declaration", 403)
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}


def _failure(exc: DomainError, headers: dict[str, str]) -> JSONResponse:
    return JSONResponse({"detail": exc.message}, exc.status_code, headers=headers)


@router.post(
    "/consent/v1/records", status_code=201, response_model=ReceiptOut,
    summary="Store a visitor's choice (also a change or a withdrawal)",
    responses={400: {"description": "Malformed JSON"}, 403: {"description": "Undeclared site"},
               413: {"description": "Body too large"}, 415: {"description": "Not JSON"},
               422: {"description": "Unknown category, wrong banner hash, ..."}},
)
async def post_record(request: Request) -> Response:
    consent = request.app.state.container.consent  # no Depends: this is the hot path
    headers: dict[str, str] = {}
    try:
        body = await _read(request, ConsentIn)
        visitor = _visitor(request)
        headers = _cors(request, await consent.config_async(body.version), visitor)
        receipt = await consent.record_async(body, visitor)
    except DomainError as exc:
        return _failure(exc, headers)
    return JSONResponse(ReceiptOut.of(receipt, CONSENT_COOKIE), 201, headers=headers)


@router.post("/consent/v1/impressions", status_code=204, summary="Count one display of the banner")
async def post_impression(request: Request) -> Response:
    consent = request.app.state.container.consent
    headers: dict[str, str] = {}
    try:
        body = await _read(request, ImpressionIn)
        visitor = _visitor(request)
        headers = _cors(request, await consent.config_async(body.version), visitor)
        await consent.impression_async(body, visitor)
    except DomainError as exc:
        return _failure(exc, headers)
    return Response(status_code=204, headers=headers)


@router.options("/consent/v1/records", include_in_schema=False)
@router.options("/consent/v1/impressions", include_in_schema=False)
def preflight(request: Request, consent: ConsentService = Depends(consent_service)) -> Response:
    try:
        headers = _cors(request, consent.config(), _visitor(request))
    except DomainError as exc:
        return _failure(exc, {})
    headers.update({
        "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
    })
    return Response(status_code=204, headers=headers)


# --- the banner -------------------------------------------------------------------------

_rendered: dict[tuple[int, bool], tuple[str, str]] = {}


@router.get("/consent/banner.js", summary="The consent banner, configured from the declaration")
def banner_js(
    request: Request, consent: ConsentService = Depends(consent_service),
    lang: str | None = Query(None, description="en or nb; default: the page's <html lang>."),
) -> Response:
    config = consent.config()
    gpc = request.headers.get("sec-gpc") == "1"
    etag, body = _rendered.get((config.version, gpc)) or _render(config, gpc)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=60", "Vary": "Sec-GPC"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)


def _render(config: BannerConfig, gpc: bool) -> tuple[str, str]:
    etag = f'"{config.version}-{config.consent_hash}-{asset.code_hash()}-{int(gpc)}"'
    if len(_rendered) > 64:
        _rendered.clear()
    _rendered[(config.version, gpc)] = rendered = (etag, asset.render(config.client_json(), gpc=gpc))
    return rendered


@router.get("/consent/v1/config", summary="The banner configuration of the current declaration")
def banner_config(consent: ConsentService = Depends(consent_service)) -> dict[str, object]:
    return consent.config().client


@router.get("/consent/v1/verify", response_model=VerifyOut, summary="Is this consent cookie genuine?")
def verify(
    value: str = Query(..., max_length=4096, description="The value of the personvern_consent cookie."),
    consent: ConsentService = Depends(consent_service),
) -> VerifyOut:
    return VerifyOut.of(consent.verify(value))


# --- admin API --------------------------------------------------------------------------

@admin.get("/stats", response_model=list[DayStatsOut], summary="Consent rate per category per day")
def stats(
    start: date = Query(..., alias="from", description="First day (UTC)."),
    end: date = Query(..., alias="to", description="Last day (UTC), included."),
    property: str | None = Query(None, description="One site origin, e.g. https://shop.example.com"),
    _: ApiToken = Depends(require_role(*ANY_ROLE)),
    consent: ConsentService = Depends(consent_service),
) -> list[DayStatsOut]:
    return [DayStatsOut.of(day) for day in consent.stats(start, end, property)]


@admin.get("/records", response_model=list[RecordOut], summary="Every record of one consent id")
def records(
    consent_id: str = Query(..., max_length=32),
    _: ApiToken = Depends(require_role("admin", "dpo")),
    consent: ConsentService = Depends(consent_service),
) -> list[RecordOut]:
    return [RecordOut.of(record) for record in consent.records_of(consent_id)]


@admin.get("/banners/{text_hash}", summary="The exact banner text a record's banner_hash names")
def banner_text(
    text_hash: str, _: ApiToken = Depends(require_role(*ANY_ROLE)),
    consent: ConsentService = Depends(consent_service),
) -> dict[str, object]:
    return consent.banner_text(text_hash)


@admin.post("/checkpoint", response_model=CheckpointOut | None, summary="Seal new records into the audit log")
def checkpoint(
    token: ApiToken = Depends(require_role("admin")), consent: ConsentService = Depends(consent_service),
) -> CheckpointOut | None:
    made = consent.ledger.checkpoint(actor=token.actor)
    return None if made is None else CheckpointOut.of(made)


@admin.get("/integrity", response_model=IntegrityOut, summary="Check seals and checkpoints")
def integrity(
    _: ApiToken = Depends(require_role("admin", "dpo")), consent: ConsentService = Depends(consent_service),
) -> IntegrityOut:
    return IntegrityOut.of(consent.ledger.integrity())


router.include_router(admin)
router.include_router(website.router)
