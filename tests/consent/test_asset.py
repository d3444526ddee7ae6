"""The served banner: its size budget, its configuration and HTTP caching."""

from __future__ import annotations

import gzip

from personvern.consent import asset

BUDGET = 8 * 1024


def test_banner_js_and_css_fit_in_8_kb_gzipped() -> None:
    built = asset.code()  # the script with the CSS inlined, as served (minus the configuration)
    assert "__PV_CSS__" not in built and ".pv-fab" in built
    size = len(gzip.compress(built.encode(), compresslevel=9))
    assert size <= BUDGET, f"banner.js + CSS is {size} bytes gzipped, over the {BUDGET} byte budget"


def test_minifying_keeps_every_statement_line() -> None:
    source = "/* a\n   b */\n(function () {\n  // note\n  var a = 1; // kept\n\n  return a;\n})();\n"
    assert asset.minify_js(source) == "(function () {\nvar a = 1; // kept\nreturn a;\n})();"
    assert asset.minify_css("/* x */ .a { color : red ; }\n.b > .c { margin: 0 }") == ".a{color : red}.b>.c{margin: 0}"


def test_served_script_carries_the_configuration(api, banner) -> None:
    response = api.get("/consent/banner.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert banner.consent_hash in response.text and banner.text_hash["nb"] in response.text
    assert "__PV_" not in response.text and response.text.rstrip().endswith(", false);")
    assert response.headers["vary"] == "Sec-GPC"
    again = api.get("/consent/banner.js", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    gpc = api.get("/consent/banner.js", headers={"Sec-GPC": "1"})
    assert gpc.text.rstrip().endswith(", true);") and gpc.headers["etag"] != response.headers["etag"]


def test_no_declaration_means_no_banner(client) -> None:
    response = client.get("/consent/banner.js")
    assert response.status_code == 404
    assert "no declaration is loaded" in response.json()["detail"]


def test_demo_website_page(api) -> None:
    page = api.get("/demo/website?lang=nb")
    assert page.status_code == 200
    assert '<html lang="nb">' in page.text and "/consent/banner.js?lang=nb" in page.text
    assert 'type="text/plain" data-category="statistics" data-service="teller"' in page.text
    assert api.get("/demo/website?lang=de").status_code == 422
