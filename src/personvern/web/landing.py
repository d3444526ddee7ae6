"""The landing page: what this personvern serves, with links to every page that exists."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.routing import Match
from jinja2 import Environment, FileSystemLoader, select_autoescape

router = APIRouter(include_in_schema=False)

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)

# (path, title, what it is) — shown when the app has a route for the path.
PAGES = [
    ("/privacy", "Privacy notice", "generated from the declaration, in English and Norwegian (?lang=nb)"),
    ("/consent/cookies", "Cookie declaration", "every declared cookie, embeddable"),
    ("/demo/website", "Demo website with the consent banner", "try accepting, rejecting and withdrawing"),
    ("/privacy-center", "Privacy center", "where people ask for a copy, erasure, correction…"),
    ("/demo/outbox", "Mail outbox", "the emails personvern sent (the demo sends none for real)"),
    ("/docs", "Admin API (OpenAPI)", "needs a token; the demo prints one at start-up"),
    ("/health", "Health", "liveness and the current declaration version"),
]


def _serves(app: FastAPI, path: str) -> bool:
    """Whether some route of the app answers GET ``path`` (routers are matched, not listed)."""
    scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": []}
    return any(route.matches(scope)[0] == Match.FULL for route in app.router.routes)


@router.get("/", response_class=HTMLResponse)
def landing(request: Request) -> HTMLResponse:
    container = request.app.state.container
    pages = [
        page for page in PAGES
        if _serves(request.app, page[0]) and (container.demo or not page[0].startswith("/demo/"))
    ]
    loaded = container.declarations.current_declaration()
    version = container.declarations.current()
    html = _templates.get_template("landing.html").render(
        declaration=loaded.declaration if loaded else None,
        version=version,
        pages=pages,
        demo=container.demo,
    )
    return HTMLResponse(html)
