"""POST /consent/v1/records and GET /consent/v1/verify."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import text

from personvern.consent.proof import Signer, decode_cookie
from personvern.keys import Keys
from tests.consent.conftest import SITE, api_client, choice


def test_a_choice_is_stored_and_its_cookie_verifies(api, consent, banner) -> None:
    response = api.post("/consent/v1/records", json=choice(
        banner, method="custom", categories={"statistics": True}, services={"teller": True},
        page_url=f"{SITE}/checkout?email=kari@example.com#pay",
    ), headers={"User-Agent": "TestBrowser/1.0"})
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert receipt["categories"] == {"preferences": False, "statistics": True, "marketing": False}
    assert receipt["services"] == {"theme": False, "teller": True, "heatmap": False, "adnet": False}
    assert receipt["max_age"] == 365 * 24 * 3600
    (record,) = consent.records_of(receipt["consent_id"])
    assert record.page_url == f"{SITE}/checkout"  # no query string or fragment (personal data)
    assert record.property == SITE
    assert record.recorded_at == consent.clock.now()  # the server's time
    assert record.banner_hash == banner.text_hash["en"] and record.declaration_version == banner.version
    assert record.user_agent == "TestBrowser/1.0" and record.method == "custom"
    assert consent.banner_text(record.banner_hash)["u"]["accept"] == "Accept all"  # what was shown
    verified = api.get("/consent/v1/verify", params={"value": receipt["cookie"]}).json()
    assert verified["valid"] is True and verified["record_id"] == record.id
    assert receipt["record"] == record.key == record.seal[:16]
    assert verified["expired"] is False


def test_verify_detects_an_edited_choice(api, banner) -> None:
    cookie = api.post("/consent/v1/records", json=choice(banner, method="reject_all")).json()["cookie"]
    body, signature = cookie.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["c"] = ["statistics", "marketing"]  # the visitor "accepts" in the stored cookie
    edited = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    verdict = api.get("/consent/v1/verify", params={"value": f"{edited}.{signature}"}).json()
    assert verdict["valid"] is False
    assert "altered" in verdict["reason"]
    forged = Signer(Keys(b"another-secret-key-0123456789abcdef-xyz"), "consent-cookie")
    resigned = f"{edited}.{forged.sign(edited.encode())}"
    assert api.get("/consent/v1/verify", params={"value": resigned}).json()["valid"] is False
    assert api.get("/consent/v1/verify", params={"value": "garbage"}).json()["valid"] is False


def test_verify_detects_a_stored_record_edited_afterwards(api, loaded, consent, banner) -> None:
    cookie = api.post("/consent/v1/records", json=choice(banner, method="reject_all")).json()["cookie"]
    key = decode_cookie(cookie, consent.cookie_signer).record
    with loaded.db.write() as session:
        session.execute(text("UPDATE consent_records SET method = 'accept_all' WHERE seal LIKE :key"),
                        {"key": key + "%"})
    verdict = consent.verify(cookie)
    assert not verdict.valid and "was altered" in verdict.reason


def test_a_withdrawal_is_a_new_record_of_the_same_consent(api, consent, banner) -> None:
    first = api.post("/consent/v1/records", json=choice(banner)).json()
    second = api.post("/consent/v1/records", json=choice(
        banner, method="withdraw", previous=first["cookie"])).json()
    assert second["consent_id"] == first["consent_id"]
    assert not any(second["categories"].values()) and not any(second["services"].values())
    records = consent.records_of(first["consent_id"])
    assert [r.method for r in records] == ["accept_all", "withdraw"]
    assert all(records[0].categories.values())  # the first record is untouched
    old = consent.verify(first["cookie"])
    assert old.valid and old.superseded_by == records[1].id
    # a forged "previous" does not continue somebody's consent id
    forged = api.post("/consent/v1/records", json=choice(banner, previous="e30.00")).json()
    assert forged["consent_id"] != first["consent_id"]


def test_gpc_signal_refuses_marketing_and_is_recorded(api, consent, banner) -> None:
    receipt = api.post("/consent/v1/records", json=choice(banner, method="gpc"),
                       headers={"Sec-GPC": "1"}).json()
    assert receipt["gpc"] is True and receipt["method"] == "gpc"
    assert receipt["categories"] == {"preferences": True, "statistics": True, "marketing": False}
    assert receipt["services"]["adnet"] is False
    (record,) = consent.records_of(receipt["consent_id"])
    assert record.gpc is True and record.method == "gpc"


@pytest.mark.parametrize(
    ("overrides", "status", "reason"),
    [
        ({"method": "custom", "categories": {"tracking": True}}, 422, "unknown category 'tracking'"),
        ({"method": "custom", "services": {"spyware": True}}, 422, "unknown service 'spyware'"),
        ({"method": "custom", "categories": {"necessary": False}}, 422, "cannot be refused"),
        ({"method": "custom", "services": {"teller": True}}, 422, "its category 'statistics' is refused"),
        ({"method": "gpc"}, 422, "needs the Global Privacy Control signal"),
        ({"method": "maybe"}, 422, "method"),
        ({"banner_hash": "0" * 64}, 422, "banner_hash does not match"),
        ({"version": 99}, 404, "declaration version 99 does not exist"),
        ({"page_url": "https://evil.example/x"}, 403, "not one of the sites"),
        ({"page_url": "ftp://shop.example.com/x"}, 422, "http(s) URL"),
        ({"lang": "de"}, 422, "lang"),
        ({"colour": "blue"}, 422, "colour"),
    ],
)
def test_bad_choices_get_a_4xx_with_a_reason(api, consent, banner, overrides, status, reason) -> None:
    response = api.post("/consent/v1/records", json=choice(banner, **overrides))
    assert response.status_code == status, response.text
    assert reason in response.json()["detail"]


def test_bad_requests_get_a_4xx_with_a_reason(api, banner) -> None:
    url = "/consent/v1/records"
    malformed = api.post(url, content=b'{"version": 1,', headers={"Content-Type": "application/json"})
    assert malformed.status_code == 400 and "not valid JSON" in malformed.json()["detail"]
    form = api.post(url, data={"version": "1"})
    assert form.status_code == 415 and "application/json" in form.json()["detail"]
    big = choice(banner, page_url=SITE + "/" + "x" * 2000, previous="y" * 4000, user="z" * 3000)
    oversized = api.post(url, json=big)
    assert oversized.status_code == 413 and "larger than" in oversized.json()["detail"]
    streamed = api.post(url, content=iter([b"{" + b" " * 9000 + b"}"]), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
    assert api.post(url, content=b"[]", headers={"Content-Type": "application/json"}).status_code == 422


def test_nothing_is_stored_for_a_bad_request(api, loaded, banner) -> None:
    api.post("/consent/v1/records", json=choice(banner, method="custom", categories={"tracking": True}))
    with loaded.db.read() as session:
        assert session.execute(text("SELECT count(*) FROM consent_records")).scalar() == 0


def test_cors_only_for_declared_sites(api, banner) -> None:
    preflight = {"Origin": SITE, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    allowed = api.options("/consent/v1/records", headers=preflight)
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == SITE
    assert allowed.headers["access-control-allow-headers"] == "Content-Type"
    refused = api.options("/consent/v1/records", headers={**preflight, "Origin": "https://evil.example"})
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers
    posted = api.post("/consent/v1/records", json=choice(banner), headers={"Origin": SITE})
    assert posted.status_code == 201 and posted.headers["access-control-allow-origin"] == SITE
    other = api.post("/consent/v1/records", json=choice(banner), headers={"Origin": "https://evil.example"})
    assert other.status_code == 403 and "access-control-allow-origin" not in other.headers
    # personvern's own pages (the demo website) are always allowed
    own = api.post("/consent/v1/records", json=choice(banner, page_url="http://testserver/demo/website"),
                   headers={"Origin": "http://testserver"})
    assert own.status_code == 201


def test_records_on_postgresql_and_sqlite(any_loaded) -> None:
    consent = any_loaded.consent
    banner = consent.config()
    for client in api_client(any_loaded):
        receipts = [client.post("/consent/v1/records", json=choice(banner, method=m)).json()
                    for m in ("accept_all", "reject_all", "accept_all")]
    assert len({r["record"] for r in receipts}) == 3
    assert all(consent.verify(r["cookie"]).valid for r in receipts)
