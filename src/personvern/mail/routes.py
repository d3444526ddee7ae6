"""``/demo/outbox``: the mails personvern wrote to its outbox folder, for the demo.

The outbox holds one-time codes and links meant for one person each, so the page is served
only when the service runs as the demo (``personvern demo``) with the outbox backend; it is
a 404 everywhere else.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from personvern.mail.outbox import list_outbox, read_mail
from personvern.mail.render import linkify

router = APIRouter(include_in_schema=False)

_pages = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
_pages.filters["linkify"] = linkify


def _outbox_folder(request: Request) -> Path:
    container = request.app.state.container
    settings = container.settings
    if settings.mail.backend != "outbox" or container.demo is None:
        raise HTTPException(404, "there is no demo outbox here (mail goes out by SMTP, or this is not the demo)")
    return settings.resolve(settings.mail.outbox_dir)


@router.get("/demo/outbox", response_class=HTMLResponse)
def outbox(request: Request) -> HTMLResponse:
    folder = _outbox_folder(request)
    html = _pages.get_template("outbox.html").render(mails=list_outbox(folder), folder=folder)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


@router.get("/demo/outbox/{name}", response_class=HTMLResponse)
def outbox_mail(name: str, request: Request) -> HTMLResponse:
    folder = _outbox_folder(request)
    try:
        mail = read_mail(folder, name)
    except (FileNotFoundError, OSError):
        raise HTTPException(404, "no such mail in the outbox") from None
    html = _pages.get_template("outbox_mail.html").render(mail=mail)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


@router.get("/demo/outbox/{name}/html", response_class=HTMLResponse)
def outbox_mail_html(name: str, request: Request) -> HTMLResponse:
    """The HTML part as the mail client would show it; the policy lets it load nothing."""
    folder = _outbox_folder(request)
    try:
        mail = read_mail(folder, name)
    except (FileNotFoundError, OSError):
        raise HTTPException(404, "no such mail in the outbox") from None
    return HTMLResponse(mail.html, headers={
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'",
    })
