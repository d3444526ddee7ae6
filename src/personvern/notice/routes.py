"""`/privacy` (the notice), `/consent/cookies` (+ `.json`) and `/api/v1/ropa`."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from personvern.accounts.deps import require_role
from personvern.accounts.entities import ApiToken
from personvern.declaration.model import Declaration
from personvern.notice import ropa
from personvern.notice.context import build_notice
from personvern.notice.cookies import cookie_table
from personvern.notice.render import render_cookie_snippet, render_notice
from personvern.notice.service import NoticeService
from personvern.notice.wording import LABELS, LANGS

router = APIRouter(tags=["notice"])

LangParam = Literal["en", "nb"]
_ALIASES = {"nb": "nb", "no": "nb", "nn": "nb", "en": "en"}


def notices(request: Request) -> NoticeService:
    service = getattr(request.app.state, "notices", None)
    if service is None:
        service = NoticeService(request.app.state.container.declarations)
        request.app.state.notices = service
    return service


def negotiate(query: str | None, accept_language: str | None, declared: list[str]) -> str:
    """The ``?lang=`` value, else the best of ``Accept-Language`` among the declared
    languages, else the first declared language."""
    if query:
        return query
    offered = [lang for lang in declared if lang in LANGS] or ["en"]
    best: tuple[float, int, str] | None = None
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        lang = _ALIASES.get(tag.strip().lower().split("-")[0])
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if lang in offered and quality > 0 and (best is None or (quality, -position) > best[:2]):
            best = (quality, -position, lang)
    return best[2] if best else offered[0]


def _other(lang: str, declaration: Declaration) -> str | None:
    other = "nb" if lang == "en" else "en"
    return other if other in declaration.controller.languages else None


@router.get("/privacy", response_class=HTMLResponse, summary="The privacy notice (current version)")
def privacy(
    request: Request,
    lang: LangParam | None = Query(None, description="en or nb; default from Accept-Language."),
    format: Literal["html", "md"] = Query("html", description="html (a page) or md (Markdown)."),
    service: NoticeService = Depends(notices),
) -> Response:
    declaration, meta = service.current()
    chosen = negotiate(lang, request.headers.get("accept-language"), declaration.controller.languages)
    view = build_notice(declaration, chosen, meta)
    headers = {"Content-Language": chosen, "Vary": "Accept-Language"}
    if format == "md":
        return Response(render_notice(view, "md"), media_type="text/markdown; charset=utf-8", headers=headers)
    return HTMLResponse(render_notice(view, "html", switch_to=_other(chosen, declaration)), headers=headers)


def _cookie_headers(request: Request, declaration: Declaration, lang: str) -> dict[str, str]:
    headers = {"Content-Language": lang, "Vary": "Accept-Language, Origin"}
    origin = request.headers.get("origin")
    if origin and origin in declaration.cookies.sites:
        headers["Access-Control-Allow-Origin"] = origin
    return headers


@router.get("/consent/cookies", response_class=HTMLResponse, summary="The cookie declaration (HTML snippet)")
def cookies_html(
    request: Request, lang: LangParam | None = Query(None), service: NoticeService = Depends(notices)
) -> HTMLResponse:
    declaration, _meta = service.current()
    chosen = negotiate(lang, request.headers.get("accept-language"), declaration.controller.languages)
    snippet = render_cookie_snippet(cookie_table(declaration, chosen), LABELS[chosen])
    return HTMLResponse(snippet, headers=_cookie_headers(request, declaration, chosen))


@router.get("/consent/cookies.json", summary="The cookie declaration (JSON)")
def cookies_json(
    request: Request, lang: LangParam | None = Query(None), service: NoticeService = Depends(notices)
) -> JSONResponse:
    declaration, meta = service.current()
    chosen = negotiate(lang, request.headers.get("accept-language"), declaration.controller.languages)
    body = cookie_table(declaration, chosen).as_json(meta.version)
    return JSONResponse(body, headers=_cookie_headers(request, declaration, chosen))


@router.get("/api/v1/ropa", summary="The record of processing activities (Art. 30)")
def ropa_export(
    format: Literal["json", "csv", "xlsx", "html"] = Query("json"),
    lang: LangParam = Query("en"),
    version: int | None = Query(None, description="A stored declaration version; default the current."),
    _: ApiToken = Depends(require_role("admin", "dpo")),
    service: NoticeService = Depends(notices),
) -> Response:
    declaration, meta = service.current() if version is None else service.at(version)
    records = ropa.ropa_rows(declaration, lang)
    stem = f"ropa-v{meta.version}-{lang}"
    if format == "csv":
        return Response(ropa.to_csv(records, lang), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.csv"'})
    if format == "xlsx":
        body = ropa.to_xlsx(records, lang, title=f"{ropa.TITLE[lang]} – {declaration.controller.name}")
        return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.xlsx"'})
    if format == "html":
        version_text = ropa.version_text(meta.version, meta.content_hash, meta.date, lang)
        return HTMLResponse(ropa.to_html(records, lang, controller=declaration.controller.name,
                                         version=version_text))
    return JSONResponse({"version": meta.version, "content_hash": meta.content_hash, "lang": lang,
                         "records": ropa.as_json(records, lang)})
