"""``/demo/website``: a small website page with the banner, as a visitor sees it.

Each declared statistics, preferences or marketing service gets a blocked script that
sets its first declared cookie, so what consent allows (and what a withdrawal deletes)
can be seen in the browser. Served wherever a declaration is loaded (a preview of the
banner), linked from the demo's landing page.
"""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from personvern.consent.config import BannerConfig
from personvern.consent.service import ConsentService

router = APIRouter(tags=["consent"])

PAGE = {
    "en": {
        "title": "Demo website", "lead": "This page is a website of {controller} as a visitor "
        "sees it. Its statistics and marketing scripts are blocked until the visitor consents; "
        "refusing or withdrawing deletes their cookies.",
        "scripts": "Scripts that ran on this page", "none": "none yet",
        "cookies": "Cookies of this site", "notice": "Privacy notice", "other": "Norsk",
        "reopen": "Cookie settings", "back": "personvern start page",
    },
    "nb": {
        "title": "Demonettsted", "lead": "Denne siden er et nettsted for {controller} slik en "
        "besøkende ser det. Skriptene for statistikk og markedsføring er blokkert til den "
        "besøkende samtykker; avslag eller tilbaketrekking sletter informasjonskapslene deres.",
        "scripts": "Skript som har kjørt på denne siden", "none": "ingen ennå",
        "cookies": "Informasjonskapsler for dette nettstedet", "notice": "Personvernerklæring",
        "other": "English", "reopen": "Innstillinger for informasjonskapsler",
        "back": "personvern-startsiden",
    },
}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("personvern.consent", "templates"), autoescape=select_autoescape()
    )


def _blocked_scripts(config: BannerConfig) -> list[dict[str, str]]:
    scripts = []
    for category in config.texts["en"]["c"]:
        if category["k"] == "necessary":
            continue
        for service in category["s"]:
            cookie = next((c[0] for c in service["c"]), f"demo_{service['k']}")
            scripts.append({
                "category": category["k"], "service": service["k"], "name": service["n"],
                "cookie": cookie.replace("*", "demo"),
            })
    return scripts


def _service(request: Request) -> ConsentService:
    return request.app.state.container.consent


@router.get("/demo/website", response_class=HTMLResponse, summary="A demo website page with the banner")
def demo_website(
    request: Request, lang: str = Query("en", pattern="^(en|nb)$"),
    consent: ConsentService = Depends(_service),
) -> HTMLResponse:
    config = consent.config()
    words = {k: v.format(controller=config.controller) for k, v in PAGE[lang].items()}
    html = _environment().get_template("website.html").render(
        lang=lang, other="nb" if lang == "en" else "en", words=words, controller=config.controller,
        scripts=_blocked_scripts(config),
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})
