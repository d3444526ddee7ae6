"""Rendering the privacy center's pages: language, templates, and the headers every page carries."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from personvern.declaration.model import Declaration, text
from personvern.notice.supervisory import authority_of
from personvern.privacy_center.security import CSRF_COOKIE, CsrfTokens
from personvern.privacy_center.texts import texts
from personvern.privacy_center.wording import PROGRESS, day, kind_long, kind_short, state_words, step_words

LANGUAGES = ("en", "nb")
_ALIASES = {"nb": "nb", "no": "nb", "nn": "nb", "en": "en"}
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

# Nothing may be loaded from anywhere but this service; no script runs at all.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
)


def negotiate(request: Request, fallback: str | None = None) -> str:
    """``?lang=`` first, then the request's own language, then ``Accept-Language``, then English."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    if fallback in LANGUAGES:
        return fallback  # type: ignore[return-value]
    return from_accept_language(request.headers.get("accept-language", ""))


def from_accept_language(header: str) -> str:
    best, best_q = "en", -1.0
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        lang = _ALIASES.get(tag.strip().lower().split("-")[0])
        if lang and q > best_q and q > 0:
            best, best_q = lang, q - position * 1e-6
    return best


def with_lang(url: str, lang: str) -> str:
    """The same URL asking for ``lang`` (the language switch)."""
    base, _, query = url.partition("?")
    kept = [p for p in query.split("&") if p and not p.startswith("lang=")]
    return f"{base}?{'&'.join(kept + [urlencode({'lang': lang})])}"


def render(
    request: Request, name: str, lang: str, *, declaration: Declaration | None, status_code: int = 200,
    csrf: CsrfTokens | None = None, headers: dict[str, str] | None = None, **context: Any,
) -> HTMLResponse:
    token = None
    if csrf is not None:
        existing = request.cookies.get(CSRF_COOKIE)
        token = existing if csrf.genuine(existing) else csrf.new()
    t = texts(lang)
    company = declaration.controller.name if declaration else ""
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    html = _env.get_template(name).render(
        t=t, lang=lang, declaration=declaration, company=company, csrf_token=token or "",
        controller=declaration.controller if declaration else None,
        authority=authority_of(declaration.controller) if declaration else None,
        switch=[(code, texts(code).lang_name, with_lang(path, code)) for code in LANGUAGES if code != lang],
        day=lambda value: day(value, lang), local=lambda value: text(value, lang),
        kind_short=lambda kind: kind_short(kind, lang), kind_long=lambda kind: kind_long(kind, lang),
        state_words=lambda state: state_words(state, lang), step_words=lambda state: step_words(state, lang),
        progress=PROGRESS, **context,
    )
    response = HTMLResponse(html, status_code=status_code, headers={**SECURITY_HEADERS, **(headers or {})})
    if token is not None and token != request.cookies.get(CSRF_COOKIE):
        secure = str(request.app.state.settings.server.public_url).startswith("https://")
        response.set_cookie(
            CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/privacy-center",
        )
    return response
