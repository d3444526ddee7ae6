"""Statistics (admin API) and the auditor's export."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import bearer
from tests.consent.conftest import SITE, choice

IMPRESSION = {"lang": "en", "page_url": f"{SITE}/"}


def _traffic(api, banner) -> None:
    for _ in range(4):
        assert api.post("/consent/v1/impressions", json={**IMPRESSION, "version": banner.version}).status_code == 204
    api.post("/consent/v1/records", json=choice(banner))
    api.post("/consent/v1/records", json=choice(banner, method="reject_all"))
    receipt = api.post("/consent/v1/records", json=choice(
        banner, method="custom", categories={"statistics": True}, services={"teller": True})).json()
    api.post("/consent/v1/records", json=choice(banner, method="withdraw", previous=receipt["cookie"]))


def test_consent_rate_per_category_per_day(api, banner, viewer_token, clock) -> None:
    _traffic(api, banner)
    today = clock.now().date().isoformat()
    response = api.get("/api/v1/consent/stats", params={"from": "2026-01-14", "to": today},
                       headers=bearer(viewer_token))
    assert response.status_code == 200, response.text
    before, day = response.json()
    assert before["impressions"] == 0 and before["categories"] == {}
    assert (day["impressions"], day["decisions"], day["withdrawals"]) == (4, 3, 1)
    assert day["decision_rate"] == 0.75
    assert day["categories"]["statistics"] == {"granted": 2, "rate": 0.6667}
    assert day["categories"]["marketing"] == {"granted": 1, "rate": 0.3333}
    other = api.get("/api/v1/consent/stats", params={"from": today, "to": today, "property": "https://x.example"},
                    headers=bearer(viewer_token)).json()
    assert other[0]["decisions"] == 0


def test_stats_need_a_token_and_a_sane_range(api, viewer_token) -> None:
    assert api.get("/api/v1/consent/stats", params={"from": "2026-01-01", "to": "2026-01-02"}).status_code == 401
    backwards = api.get("/api/v1/consent/stats", params={"from": "2026-01-02", "to": "2026-01-01"},
                        headers=bearer(viewer_token))
    assert backwards.status_code == 422 and "before the start" in backwards.json()["detail"]


def test_records_of_a_consent_for_the_dpo(api, banner, dpo_token, viewer_token) -> None:
    receipt = api.post("/consent/v1/records", json=choice(banner)).json()
    params = {"consent_id": receipt["consent_id"]}
    assert api.get("/api/v1/consent/records", params=params, headers=bearer(viewer_token)).status_code == 403
    (record,) = api.get("/api/v1/consent/records", params=params, headers=bearer(dpo_token)).json()
    assert record["record"] == receipt["record"] and record["ip"] is None  # "testclient" is no IP
    missing = api.get("/api/v1/consent/records", params={"consent_id": "nope"}, headers=bearer(dpo_token))
    assert missing.status_code == 404


def test_export_by_date_range_and_property_is_audited(api, loaded, banner, clock) -> None:
    consent = loaded.consent
    api.post("/consent/v1/records", json=choice(banner))
    clock.advance(days=1)
    api.post("/consent/v1/records", json=choice(banner, method="reject_all"))
    api.post("/consent/v1/records", json=choice(banner, page_url="http://testserver/demo/website"))
    day = clock.now().date()

    out = io.StringIO()
    assert consent.export(out, "csv", actor="test", start=day, end=day, property=SITE) == 1
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["method"] == "reject_all" and row["property"] == SITE
    assert json.loads(row["categories"]) == {"marketing": False, "preferences": False, "statistics": False}

    out = io.StringIO()
    assert consent.export(out, "jsonl", actor="test") == 3
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["method"] for line in lines] == ["accept_all", "reject_all", "accept_all"]
    assert {"seal", "banner_hash", "declaration_version", "gpc", "user_agent"} <= set(lines[0])
    entries = loaded.audit.list(action="consent.exported")
    assert [e.details["count"] for e in entries] == [3, 1]
