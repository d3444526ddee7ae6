"""/privacy, /consent/cookies(.json) and /api/v1/ropa on the running app."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from personvern.notice.routes import negotiate
from tests.conftest import bearer
from tests.notice.conftest import BOOKSHOP
from tests.notice.htmlcheck import parse, problems


@pytest.fixture
def stored(container):
    return container.declarations.load_file(BOOKSHOP, actor="test").version


def test_privacy_without_a_declaration_is_404(client):
    response = client.get("/privacy")
    assert response.status_code == 404
    assert "no declaration loaded" in response.json()["detail"]


def test_privacy_in_both_languages(client, stored):
    nb = client.get("/privacy")  # the bookshop declares nb first
    assert nb.status_code == 200 and nb.headers["content-language"] == "nb"
    assert '<html lang="nb">' in nb.text and "Personvernerklæring" in nb.text
    assert f"Versjon {stored.id}," in nb.text
    assert problems(nb.text) == []
    en = client.get("/privacy?lang=en")
    assert '<html lang="en">' in en.text and "Privacy notice" in en.text
    root, _ = parse(en.text)
    switch = root.find_all("a", hreflang="nb")
    assert switch and switch[0].attrs["href"] == "?lang=nb"
    md = client.get("/privacy?lang=en&format=md")
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("# Privacy notice")


@pytest.mark.parametrize(("header", "expected"), [
    ("en-GB,en;q=0.9", "en"), ("nb-NO,nb;q=0.9,en;q=0.5", "nb"), ("no", "nb"), ("nn", "nb"),
    ("de-DE,en;q=0.3,nb;q=0.2", "en"), ("de", "nb"), (None, "nb"), ("en;q=0,nb", "nb"), ("en;q=abc", "nb"),
])
def test_language_negotiation(header, expected):
    assert negotiate(None, header, ["nb", "en"]) == expected


def test_accept_language_picks_the_page(client, stored):
    response = client.get("/privacy", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.headers["content-language"] == "en"
    assert client.get("/privacy?lang=de").status_code == 422


def test_cookie_declaration(client, stored):
    snippet = client.get("/consent/cookies?lang=en")
    assert snippet.status_code == 200 and snippet.text.startswith('<div class="pv-cookies" lang="en">')
    assert problems(snippet.text, page=False) == []
    for name in ("bb_session", "pv_consent", "_tv_id"):
        assert name in snippet.text
    body = client.get("/consent/cookies.json?lang=nb").json()
    assert body["version"] == stored.id and body["consent_validity"] == "12 måneder"
    assert {c["name"]: (c["provider"], c["category"], c["duration_text"]) for c in body["cookies"]} == {
        "bb_session": ("Bokbølgen AS", "necessary", "til du lukker nettleseren"),
        "pv_consent": ("Bokbølgen AS", "necessary", "12 måneder"),
        "_tv_id": ("Telleverk OÜ", "statistics", "13 måneder"),
    }


def test_ropa_needs_an_admin_or_dpo_token(client, stored, viewer_token, admin_token, dpo_token):
    assert client.get("/api/v1/ropa").status_code == 401
    assert client.get("/api/v1/ropa", headers=bearer(viewer_token)).status_code == 403
    assert client.get("/api/v1/ropa", headers=bearer(dpo_token)).status_code == 200
    body = client.get("/api/v1/ropa", headers=bearer(admin_token)).json()
    assert body["version"] == stored.id
    assert [r["key"] for r in body["records"]["processor"]] == [["publisher_orders"]]
    assert len(body["records"]["controller"]) == 9


def test_ropa_formats(client, stored, admin_token):
    headers = bearer(admin_token)
    xlsx = client.get("/api/v1/ropa?format=xlsx", headers=headers)
    assert xlsx.status_code == 200 and 'filename="ropa-v' in xlsx.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook["Controller (Art. 30(1))"].max_row == 10
    csv = client.get("/api/v1/ropa?format=csv&lang=nb", headers=headers)
    assert csv.text.startswith("Protokoll,Behandling,")
    html = client.get("/api/v1/ropa?format=html", headers=headers)
    assert "Record of processing activities" in html.text
    assert client.get("/api/v1/ropa?format=pdf", headers=headers).status_code == 422
    assert client.get(f"/api/v1/ropa?version={stored.id + 5}", headers=headers).status_code == 404
