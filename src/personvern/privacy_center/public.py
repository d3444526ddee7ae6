"""The data subject's pages: ``/privacy-center`` (form), verify, status, download."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from personvern.declaration.model import Declaration
from personvern.errors import DomainError, NotFound
from personvern.privacy_center.choices import (
    calendar_of,
    consented,
    extra_identities,
    objectable,
    options,
    processor_scopes,
)
from personvern.privacy_center.entities import ASKED_KINDS
from personvern.privacy_center.intake import Form, FormProblems
from personvern.privacy_center.pages import SECURITY_HEADERS, STATIC, negotiate, render
from personvern.privacy_center.ratelimit import RateLimited
from personvern.privacy_center.security import CODE_VALIDITY, CSRF_COOKIE
from personvern.privacy_center.service import PrivacyCenter
from personvern.privacy_center.texts import texts
from personvern.requests.links import LinkRefused

router = APIRouter(include_in_schema=False)
_CODE = re.compile(r"^\d{6}$")
_REF = re.compile(r"^[A-Za-z0-9_-]{20,43}$")
# The field a problem belongs to, where its anchor differs from its key.
ANCHORS = {"asked": "asked-access", "scope": "scope-own"}


def _center(request: Request) -> PrivacyCenter:
    return request.app.state.container.privacy_center


def _declaration(center: PrivacyCenter) -> Declaration | None:
    try:
        return center.intake.declaration()
    except DomainError:
        return None


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _message(request: Request, lang: str, declaration: Declaration | None, center: PrivacyCenter, title: str,
             body: str, status: int, new_link_for: int | None = None,
             headers: dict[str, str] | None = None, new_copy: bool = False) -> HTMLResponse:
    return render(request, "message.html", lang, declaration=declaration, status_code=status,
                  csrf=center.shared.csrf, title=title, body=body, new_link_for=new_link_for, headers=headers,
                  new_copy=new_copy)


def _rate_limited(request: Request, lang: str, declaration: Declaration | None, center: PrivacyCenter,
                  exc: RateLimited) -> HTMLResponse:
    t = texts(lang)
    minutes = max(1, (exc.retry_after + 59) // 60)
    wait = t.minute_one if minutes == 1 else t.minute_many.format(n=minutes)
    return _message(request, lang, declaration, center, t.rate_title, t.rate_body.format(wait=wait), 429,
                    headers={"Retry-After": str(exc.retry_after)})


def _csrf_refused(request: Request, lang: str, declaration: Declaration | None, center: PrivacyCenter) -> HTMLResponse:
    t = texts(lang)
    return _message(request, lang, declaration, center, t.csrf_title, t.csrf_body, 403)


def _csrf_ok(request: Request, center: PrivacyCenter, field: object) -> bool:
    return center.shared.csrf.accepts(request.cookies.get(CSRF_COOKIE), str(field) if field else None)


@router.get("/privacy-center/style.css")
def stylesheet() -> FileResponse:
    return FileResponse(STATIC / "style.css", media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.get("/privacy-center", response_class=HTMLResponse)
def form_page(request: Request) -> HTMLResponse:
    center = _center(request)
    lang = negotiate(request)
    declaration = _declaration(center)
    if declaration is None:
        t = texts(lang)
        return _message(request, lang, None, center, t.unavailable_title, t.unavailable_body, 503)
    asked = request.query_params.get("asked", "")
    return _form(request, center, declaration, lang, Form(language=lang, asked=asked if asked in ASKED_KINDS else ""), {})


def _form(request: Request, center: PrivacyCenter, declaration: Declaration, lang: str, form: Form,
          problems: dict[str, str], status: int = 200) -> HTMLResponse:
    t = texts(lang)
    worded = {field: getattr(t, f"problem_{key}") for field, key in problems.items()}
    return render(
        request, "form.html", lang, declaration=declaration, status_code=status, csrf=center.shared.csrf,
        form=form, problems=worded, anchors=ANCHORS, kinds=ASKED_KINDS,
        objectable=options(objectable(declaration), lang), consented=options(consented(declaration), lang),
        scopes=processor_scopes(declaration), extra_identities=extra_identities(declaration),
    )


@router.post("/privacy-center", response_class=HTMLResponse)
async def submit(request: Request) -> Response:
    center = _center(request)
    data = await request.form()
    lang = str(data.get("lang") or negotiate(request))
    lang = lang if lang in ("en", "nb") else "en"
    declaration = _declaration(center)
    if declaration is None:
        t = texts(lang)
        return _message(request, lang, None, center, t.unavailable_title, t.unavailable_body, 503)
    if not _csrf_ok(request, center, data.get("csrf")):
        return _csrf_refused(request, lang, declaration, center)
    asked = str(data.get("asked") or "")
    form = Form(
        asked=asked, email=str(data.get("email") or "").strip(), scope=str(data.get("scope") or ""),
        language=lang, correction=str(data.get("correction") or ""),
        restriction_reason=str(data.get("restriction_reason") or ""),
        purposes=[str(v) for v in data.getlist("withdraw" if asked == "withdrawal" else "object_to")],
        identities={
            name: str(data.get(f"identity_{name}") or "") for name in extra_identities(declaration)
            if data.get(f"identity_{name}")
        },
    )
    verify_url = str(request.app.state.settings.server.public_url).rstrip("/") + \
        f"/privacy-center/verify/{{ref}}?lang={lang}"
    try:
        ref = center.intake.submit(form, _client(request), verify_url)
    except FormProblems as exc:
        return _form(request, center, declaration, lang, form, exc.problems, 422)
    except RateLimited as exc:
        return _rate_limited(request, lang, declaration, center, exc)
    return RedirectResponse(f"/privacy-center/verify/{ref}?lang={lang}", status_code=303)


@router.get("/privacy-center/verify/{ref}", response_class=HTMLResponse)
def verify_page(ref: str, request: Request) -> Response:
    center = _center(request)
    lang = negotiate(request)
    declaration = _declaration(center)
    found = center.intake.submission_state(ref) if _REF.match(ref) else None
    if found is None:
        return _not_found(request, lang, declaration, center)
    state, request_id = found
    if state == "verified":
        # The address is in the code mail and the browser's history: after the confirmation it
        # grants nothing; the status link went to the person once, a new one goes by mail only.
        t = texts(lang)
        return _message(request, lang, declaration, center, t.already_confirmed_title, t.already_confirmed_body,
                        200, new_link_for=request_id)
    if state in ("failed", "expired"):
        return _not_identified(request, lang, declaration, center, state)
    return _verify_form(request, center, declaration, lang, ref, None)


def _verify_form(request: Request, center: PrivacyCenter, declaration: Declaration | None, lang: str, ref: str,
                 problem: str | None, status: int = 200) -> HTMLResponse:
    return render(request, "verify.html", lang, declaration=declaration, status_code=status,
                  csrf=center.shared.csrf, ref=ref, problem=problem,
                  minutes=int(CODE_VALIDITY.total_seconds() // 60))


def _not_identified(request: Request, lang: str, declaration: Declaration | None, center: PrivacyCenter,
                    why: str) -> HTMLResponse:
    return render(request, "not_identified.html", lang, declaration=declaration, status_code=403,
                  csrf=center.shared.csrf, why=why)


def _not_found(request: Request, lang: str, declaration: Declaration | None, center: PrivacyCenter) -> HTMLResponse:
    t = texts(lang)
    return _message(request, lang, declaration, center, t.not_found_title, t.link_invalid_body, 404)


@router.post("/privacy-center/verify/{ref}", response_class=HTMLResponse)
async def verify(ref: str, request: Request) -> Response:
    center = _center(request)
    lang = negotiate(request)
    declaration = _declaration(center)
    data = await request.form()
    if not _REF.match(ref):
        return _not_found(request, lang, declaration, center)
    if not _csrf_ok(request, center, data.get("csrf")):
        return _csrf_refused(request, lang, declaration, center)
    code = re.sub(r"\s", "", str(data.get("code") or ""))
    t = texts(lang)
    if not _CODE.match(code):
        return _verify_form(request, center, declaration, lang, ref, t.problem_code_format, 422)
    try:
        outcome = center.intake.verify(ref, code, _client(request))
    except RateLimited as exc:
        return _rate_limited(request, lang, declaration, center, exc)
    except NotFound:
        return _not_found(request, lang, declaration, center)
    if outcome.outcome == "verified":
        return RedirectResponse(center.shared.links.path(outcome.request_id, center.shared.clock.now(), lang), 303)
    if outcome.outcome == "wrong":
        return _verify_form(request, center, declaration, lang, ref,
                            t.problem_code_wrong.format(left=outcome.attempts_left), 422)
    return _not_identified(request, lang, declaration, center, outcome.outcome)


@router.get("/privacy-center/status/{request_id}", response_class=HTMLResponse)
def status(request_id: int, request: Request, expires: int = 0, sig: str = "") -> Response:
    center = _center(request)
    declaration = _declaration(center)
    shared = center.shared
    check = shared.links.check(request_id, expires, sig[:128], shared.clock.now())
    lang = negotiate(request)
    t = texts(lang)
    if not check.genuine:
        return _message(request, lang, declaration, center, t.link_invalid_title, t.link_invalid_body, 403)
    try:
        view = center.views.status(request_id, lang)
    except NotFound:
        return _message(request, lang, declaration, center, t.link_invalid_title, t.link_invalid_body, 404)
    lang = negotiate(request, view.case.language)
    t = texts(lang)
    if check.expired:
        return _message(request, lang, view.declaration, center, t.link_expired_title, t.link_expired_body, 410,
                        new_link_for=request_id)
    view = center.views.status(request_id, lang)
    download_href = download_until = None
    if view.download:
        download_href = (f"/privacy-center/download/{request_id}?expires={view.download['expires']}"
                         f"&sig={view.download['sig']}&lang={lang}")
        download_until = _local_time(view.download["expires_at"], view.declaration, lang)
    merged_href = shared.links.path(view.outcome.merged_into, shared.clock.now(), lang) if view.outcome.merged_into else None
    return render(
        request, "status.html", lang, declaration=view.declaration, csrf=shared.csrf, view=view,
        received_on=calendar_of(view.declaration).local_day(view.case.received_at),
        download_href=download_href, download_until=download_until, merged_href=merged_href,
    )


@router.post("/privacy-center/status/{request_id}/new-link", response_class=HTMLResponse)
async def new_link(request_id: int, request: Request) -> Response:
    center = _center(request)
    lang = negotiate(request)
    declaration = _declaration(center)
    data = await request.form()
    if not _csrf_ok(request, center, data.get("csrf")):
        return _csrf_refused(request, lang, declaration, center)
    try:
        center.intake.new_link(request_id, str(data.get("email") or "")[:254], _client(request))
    except RateLimited as exc:
        return _rate_limited(request, lang, declaration, center, exc)
    t = texts(lang)
    return _message(request, lang, declaration, center, t.new_link_sent_title, t.new_link_sent_body, 200)


@router.get("/privacy-center/download/{request_id}")
def download(request_id: int, request: Request, expires: int = 0, sig: str = "") -> Response:
    center = _center(request)
    declaration = _declaration(center)
    lang = negotiate(request)
    t = texts(lang)
    try:
        data = center.shared.engine.download(request_id, expires, sig[:128])
    except LinkRefused as refused:
        expired = refused.expired  # only a genuine link can be expired: a forged one is invalid
        title = t.download_expired_title if expired else t.link_invalid_title
        body = t.download_expired_body if expired else t.link_invalid_body
        return _message(request, lang, declaration, center, title, body, 410 if expired else 403,
                        new_link_for=request_id if expired else None, new_copy=expired)
    return Response(data, media_type="application/zip", headers={
        **SECURITY_HEADERS,
        "Content-Disposition": f'attachment; filename="personal-data-{request_id}.zip"',
    })


def _local_time(moment: datetime, declaration: Declaration, lang: str) -> str:
    calendar = calendar_of(declaration)
    local = moment.astimezone(calendar.zone)
    from personvern.privacy_center.wording import day

    return f"{day(local.date(), lang)} {local:%H:%M}"
