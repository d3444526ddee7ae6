"""The API reference works offline: /docs and /redoc load their scripts from personvern itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import serve


def test_docs_pages_name_only_local_assets(client) -> None:
    for path in ("/docs", "/redoc"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "cdn" not in page.text.lower() and "googleapis" not in page.text, path
        assert "/api-docs-assets/" in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        answer = client.get(f"/api-docs-assets/{asset}")
        assert answer.status_code == 200 and len(answer.content) > 100_000, asset
    assert "/docs" not in client.get("/openapi.json").json()["paths"]


@pytest.fixture
def served(container) -> Iterator[str]:
    from personvern.web.app import create_app

    yield from serve(create_app(container.settings, container=container))


@pytest.mark.browser
def test_swagger_ui_renders_the_operations_with_no_outside_request(browser, served: str) -> None:
    context = browser.new_context()
    outside: list[str] = []

    def only_local(route) -> None:
        if route.request.url.startswith(served):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.goto(f"{served}/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() > 10
    assert "personvern" in page.locator(".title").first.inner_text()
    assert outside == []
    context.close()
