"""The consent banner in headless Chromium, on personvern's demo website page.

The page (``/demo/website``) carries one blocked script per declared service; the
statistics script of service ``teller`` sets the cookie ``_tl``. The declaration is the
consent tests' own fixture, so these tests do not depend on the demo company.
"""

from __future__ import annotations

import base64
import json

import pytest


pytestmark = pytest.mark.browser

OPTIONAL_COOKIES = {"_tl", "_hm", "_adn", "shop_theme"}
CONSENT_COOKIE = "personvern_consent"
DATALAYER = "() => window.dataLayer.map(e => (e && typeof e.length === 'number') ? Array.from(e) : e)"


def cookies(context) -> dict[str, str]:
    return {c["name"]: c["value"] for c in context.cookies()}


def ran(page) -> list[str]:
    return page.evaluate("() => window.pvDemoRan || []")


def records_of(live_server, cookie_value: str):
    consent = live_server.container.consent
    outcome = consent.verify(cookie_value)
    assert outcome.valid, outcome.reason
    return consent.records_of(outcome.consent_id)


def open_page(context, live_server, lang: str | None = None):
    page = context.new_page()
    page.goto(f"{live_server.url}/demo/website" + (f"?lang={lang}" if lang else ""))
    page.get_by_role("dialog").wait_for()
    return page


def choose(page, button: str) -> dict:
    with page.expect_response(lambda r: r.url.endswith("/consent/v1/records")) as answer:
        page.get_by_role("button", name=button, exact=True).click()
    assert answer.value.status == 201, answer.value.text()
    page.wait_for_function(f"() => document.cookie.includes('{CONSENT_COOKIE}=')")
    return answer.value.json()


def test_nothing_optional_runs_before_a_choice(context, live_server, artifacts) -> None:
    page = open_page(context, live_server)
    dialog = page.get_by_role("dialog")
    assert dialog.get_attribute("aria-modal") == "true"
    assert dialog.get_attribute("aria-labelledby") == "pv-t"
    assert page.locator("#pv-t").inner_text() == "Testbutikk AS uses cookies"
    for name in ("Accept all", "Reject all", "Settings"):
        assert page.get_by_role("button", name=name, exact=True).is_visible()
    sizes = [page.get_by_role("button", name=n, exact=True).bounding_box() for n in ("Accept all", "Reject all")]
    assert sizes[0]["height"] == sizes[1]["height"]  # equal prominence
    assert page.locator("script[type='text/plain'][data-service='teller']").count() == 1
    assert ran(page) == []
    assert not OPTIONAL_COOKIES & set(cookies(context))
    page.screenshot(path=str(artifacts / "banner-first-layer.png"))

    page.get_by_role("button", name="Settings", exact=True).click()
    assert page.get_by_role("switch", name="Strictly necessary").is_checked()
    assert page.get_by_role("switch", name="Strictly necessary").is_disabled()
    for name in ("Preferences", "Statistics", "Marketing"):
        assert not page.get_by_role("switch", name=name, exact=True).is_checked()  # nothing pre-ticked
    page.locator("summary").nth(2).click()
    assert page.get_by_role("switch", name="Teller", exact=True).is_visible()
    assert page.locator("input[role=switch]").count() == 8  # 4 categories, 4 optional services
    page.screenshot(path=str(artifacts / "banner-settings-layer.png"))
    assert ran(page) == []


def test_reject_all_keeps_scripts_blocked_and_stores_a_record(context, live_server) -> None:
    page = open_page(context, live_server)
    receipt = choose(page, "Reject all")
    assert receipt["method"] == "reject_all"
    assert not any(receipt["categories"].values())
    assert ran(page) == []
    jar = cookies(context)
    assert not OPTIONAL_COOKIES & set(jar)
    (record,) = records_of(live_server, jar[CONSENT_COOKIE])
    assert record.method == "reject_all" and record.page_url.endswith("/demo/website")
    assert record.ip == "127.0.0.0"

    page.reload()
    assert page.locator("#pv-banner").is_hidden()
    assert page.get_by_role("button", name="Cookie settings").is_visible()
    assert ran(page) == []


def test_accept_all_runs_the_scripts_and_stores_a_record(context, live_server) -> None:
    page = open_page(context, live_server)
    receipt = choose(page, "Accept all")
    assert receipt["method"] == "accept_all"
    page.wait_for_function("() => (window.pvDemoRan || []).length === 4")
    assert sorted(ran(page)) == ["adnet", "heatmap", "teller", "theme"]
    jar = cookies(context)
    assert OPTIONAL_COOKIES <= set(jar)
    (record,) = records_of(live_server, jar[CONSENT_COOKIE])
    assert record.method == "accept_all" and all(record.categories.values())


def test_consent_mode_default_comes_before_update(context, live_server) -> None:
    page = open_page(context, live_server)
    layer = page.evaluate(DATALAYER)
    assert layer[0][:2] == ["consent", "default"]
    assert layer[0][2]["analytics_storage"] == "denied" and layer[0][2]["ad_storage"] == "denied"
    assert layer[0][2]["security_storage"] == "granted"
    choose(page, "Accept all")
    layer = page.evaluate(DATALAYER)
    updates = [i for i, e in enumerate(layer) if isinstance(e, list) and e[:2] == ["consent", "update"]]
    assert updates and updates[0] > 0
    assert layer[updates[0]][2]["analytics_storage"] == "granted"
    assert layer[updates[0]][2]["ad_user_data"] == "granted"

    page.reload()  # the stored choice is applied by an update right after the default
    layer = page.evaluate(DATALAYER)
    assert layer[0][:2] == ["consent", "default"]
    assert layer[1][:2] == ["consent", "update"] and layer[1][2]["analytics_storage"] == "granted"
    tags = [i for i, e in enumerate(layer) if isinstance(e, dict) and e.get("event") == "demo_tag"]
    assert tags and min(tags) > 1


def test_withdrawal_deletes_the_cookies_and_is_recorded(context, live_server) -> None:
    page = open_page(context, live_server)
    choose(page, "Accept all")
    page.wait_for_function("() => document.cookie.includes('_tl=')")
    first = cookies(context)[CONSENT_COOKIE]

    page.get_by_role("button", name="Cookie settings").click()
    assert page.get_by_role("switch", name="Statistics", exact=True).is_checked()
    # a script that ran cannot be stopped: the page reloads
    with page.expect_navigation(), page.expect_response(lambda r: r.url.endswith("/consent/v1/records")) as answer:
        page.get_by_role("button", name="Withdraw consent", exact=True).click()
    assert answer.value.status == 201
    page.get_by_role("button", name="Cookie settings").wait_for()
    jar = cookies(context)
    assert not OPTIONAL_COOKIES & set(jar)
    assert ran(page) == []
    records = records_of(live_server, jar[CONSENT_COOKIE])
    assert [r.method for r in records] == ["accept_all", "withdraw"]
    assert not any(records[-1].categories.values())
    assert live_server.container.consent.verify(first).superseded_by == records[-1].id


def test_global_privacy_control_refuses_marketing(browser, live_server) -> None:
    context = browser.new_context(extra_http_headers={"Sec-GPC": "1"})
    context.add_init_script("Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})")
    try:
        page = open_page(context, live_server)
        assert "Global Privacy Control" in page.locator(".pv-gpc").inner_text()
        page.get_by_role("button", name="Settings", exact=True).click()
        assert not page.get_by_role("switch", name="Marketing", exact=True).is_checked()
        receipt = choose(page, "Accept all")
        assert receipt["method"] == "gpc" and receipt["gpc"] is True
        assert receipt["categories"] == {"preferences": True, "statistics": True, "marketing": False}
        page.wait_for_function("() => (window.pvDemoRan || []).length === 3")
        assert "adnet" not in ran(page)
        jar = cookies(context)
        assert "_tl" in jar and "_adn" not in jar
        (record,) = records_of(live_server, jar[CONSENT_COOKIE])
        assert record.method == "gpc" and record.gpc is True
    finally:
        context.close()


def focus_on(page, predicate: str) -> None:
    """Presses Tab until ``predicate`` holds (at most 30 times)."""
    for _ in range(30):
        if page.evaluate(predicate):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached: {predicate}")


def test_keyboard_only(context, live_server) -> None:
    page = open_page(context, live_server)
    assert page.evaluate("() => document.activeElement.className") == "pv-box"
    for _ in range(25):  # focus never leaves the dialog
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.getElementById('pv-banner').contains(document.activeElement)")
    focus_on(page, "() => document.activeElement.textContent === 'Settings'")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.getAttribute('data-c')") == "preferences"
    focus_on(page, "() => document.activeElement.getAttribute('data-c') === 'statistics'")
    page.keyboard.press("Space")
    focus_on(page, "() => document.activeElement.textContent === 'Save choices'")
    with page.expect_response(lambda r: r.url.endswith("/consent/v1/records")) as answer:
        page.keyboard.press("Enter")
    receipt = answer.value.json()
    assert receipt["method"] == "custom"
    assert receipt["categories"] == {"preferences": False, "statistics": True, "marketing": False}
    assert receipt["services"] == {"theme": False, "teller": True, "heatmap": True, "adnet": False}
    page.wait_for_function("() => (window.pvDemoRan || []).length === 2")
    assert sorted(ran(page)) == ["heatmap", "teller"]
    assert page.evaluate("() => document.activeElement.className") == "pv-fab"
    page.keyboard.press("Enter")  # the floating control re-opens the settings
    assert page.get_by_role("dialog").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#pv-banner").is_hidden()


def test_one_service_can_be_refused_within_a_category(context, live_server) -> None:
    page = open_page(context, live_server)
    page.get_by_role("button", name="Settings", exact=True).click()
    page.get_by_role("switch", name="Statistics", exact=True).check()
    page.locator("summary").nth(2).click()
    page.get_by_role("switch", name="Heatmap", exact=True).uncheck()
    receipt = choose(page, "Save choices")
    assert receipt["services"]["teller"] is True and receipt["services"]["heatmap"] is False
    page.wait_for_function("() => (window.pvDemoRan || []).length === 1")
    assert ran(page) == ["teller"]
    assert "_hm" not in cookies(context)


def test_norwegian_page(context, live_server) -> None:
    page = open_page(context, live_server, lang="nb")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.locator("#pv-t").inner_text() == "Testbutikk AS bruker informasjonskapsler"
    assert page.get_by_role("dialog").get_by_role("link", name="Personvernerklæring").get_attribute("href").endswith("/privacy?lang=nb")
    receipt = choose(page, "Avslå alle")
    (record,) = records_of(live_server, receipt["cookie"])
    assert record.language == "nb"


@pytest.mark.parametrize("change", ["expired", "declaration changed"])
def test_asks_again(context, live_server, change: str) -> None:
    page = open_page(context, live_server)
    choose(page, "Accept all")
    value = cookies(context)[CONSENT_COOKIE]
    body, signature = value.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    if change == "expired":
        payload["e"] = 1_000_000_000
    else:
        payload["h"] = "0" * 16
    edited = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    context.add_cookies([{"name": CONSENT_COOKIE, "value": f"{edited}.{signature}", "url": live_server.url}])
    page.reload()
    page.get_by_role("dialog").wait_for()
    assert ran(page) == []
    assert not OPTIONAL_COOKIES & set(cookies(context))
