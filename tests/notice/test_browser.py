"""The notice page in headless Chromium: screenshots (screen and print) saved as artefacts."""

from __future__ import annotations

import pytest

from tests.notice.conftest import ARTIFACTS, BOOKSHOP

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_notice_page_renders_in_chromium(container, live_server, chromium, lang):
    container.declarations.load_file(BOOKSHOP, actor="test")
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server) else external.append(r.url))
    try:
        response = page.goto(f"{live_server}/privacy?lang={lang}")
        assert response is not None and response.status == 200
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").inner_text() == ("Privacy notice" if lang == "en" else "Personvernerklæring")
        # laid out as designed: the facts grid has two columns, nothing overflows sideways
        assert page.evaluate("getComputedStyle(document.querySelector('dl.facts')).display") == "grid"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # the table of contents leads to the sections
        page.click("nav.toc a[href='#rights']")
        assert page.evaluate("location.hash") == "#rights"
        page.screenshot(path=str(ARTIFACTS / f"notice-{lang}.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.screenshot(path=str(ARTIFACTS / f"notice-{lang}-mobile.png"))
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('.skip')).display") == "none"
        page.pdf(path=str(ARTIFACTS / f"notice-{lang}.pdf"), format="A4")
    finally:
        context.close()
    assert external == []
    assert (ARTIFACTS / f"notice-{lang}.png").stat().st_size > 10_000
