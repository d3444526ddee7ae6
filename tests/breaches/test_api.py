"""The API: roles, bad input as 4xx with reasons, the flow from record to notices, the exports."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from personvern.demo.setup import prepare_demo_folder
from personvern.mail.outbox import list_outbox
from tests.breaches.conftest import record
from tests.conftest import bearer

BASE = "/api/v1/breaches"


@pytest.fixture
def demo(container, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    folder = prepare_demo_folder(tmp_path / "demo", today=date(2026, 1, 15))
    container.declarations.load_file(folder.declaration, actor="test")
    for name, value in folder.environment.items():
        monkeypatch.setenv(name, value)
    container.clock.at = datetime(2026, 1, 16, 17, 0, tzinfo=UTC)
    return folder


def test_roles(client, demo, viewer_token) -> None:  # type: ignore[no-untyped-def]
    assert client.get(BASE).status_code == 401
    assert client.post(BASE, json=record(), headers=bearer(viewer_token)).status_code == 403
    assert client.get(BASE, headers=bearer(viewer_token)).json() == []


@pytest.mark.parametrize("body, words", [
    ({k: v for k, v in record().items() if k != "aware_at"}, "aware_at"),
    (record(people={"value": -3}), "people.value"),
    (record(data_categories=["user.shoe_size"]), "unknown data category 'user.shoe_size'"),
    (record(aware_at="2026-01-16T17:00:00"), "aware_at"),
])
def test_bad_input_is_a_4xx_with_reasons(client, demo, dpo_token, body, words) -> None:  # type: ignore[no-untyped-def]
    response = client.post(BASE, json=body, headers=bearer(dpo_token))
    assert response.status_code == 422
    assert words in response.text
    assert client.get(BASE, headers=bearer(dpo_token)).json() == []


def test_the_whole_flow(client, container, demo, dpo_token) -> None:  # type: ignore[no-untyped-def]
    h = bearer(dpo_token)
    body = record(
        people={"value": 30, "estimate": True}, records={"value": 60, "estimate": True},
        data_categories=["user.name", "user.contact.address", "user.behavior.purchase_history"],
        datasets=["nordlys.orders"], consequences="Others may know what you bought.",
        selection={"collection": "nordlys.orders", "field": "placed_at",
                   "start": "2025-12-01T00:00:00Z", "end": "2026-01-10T00:00:00Z"})
    created = client.post(BASE, json=body, headers=h)
    assert created.status_code == 201, created.text
    breach = created.json()
    assert breach["clocks"][0]["key"] == "art33" and breach["clocks"][0]["due_local"].startswith("2026-01-19T17:00")
    bid = breach["id"]
    suggested = client.get(f"{BASE}/{bid}/assessment/suggested", headers=h).json()
    assert suggested["dpc_base"] == "behavioural"
    scored = client.put(f"{BASE}/{bid}/assessment?reason=first+look", headers=h, json={
        **suggested, "confidentiality": "disclosed",
        "adjustments": [{"factor": "other", "delta": 1, "reason": "addresses with purchases"}]}).json()
    assert scored["severity"]["band"] == "high" and scored["proposal"]["inform_people"] is True
    assert client.put(f"{BASE}/{bid}/decision", headers=h, json={"notify_authority": True}).status_code == 422
    decided = client.put(f"{BASE}/{bid}/decision", headers=h, json={
        "notify_authority": True, "inform_people": True, "reasoning": "as proposed: high risk"})
    assert decided.status_code == 200
    naive = client.post(f"{BASE}/{bid}/reports", headers=h, json={"phase": "initial", "at": "2026-01-17T10:00:00"})
    assert naive.status_code == 422 and "body.at" in naive.text
    assert client.post(f"{BASE}/{bid}/reports", headers=h, json={"phase": "initial"}).status_code == 201
    report = client.get(f"{BASE}/{bid}/report?phase=initial", headers=h).json()
    assert report["phase"] == "initial"
    fields = {f["key"]: f for s in report["sections"] for f in s["fields"]}
    assert fields["people"]["nb"] == "30 (anslag)" and fields["cause"]["nb"].startswith("E-post eller fil")
    html = client.get(f"{BASE}/{bid}/report?phase=initial&format=html&lang=nb", headers=h)
    assert "Foreløpig melding" in html.text and "Melding om brudd" in html.text
    pdf = client.get(f"{BASE}/{bid}/report?phase=initial&format=pdf&lang=nb", headers=h)
    assert pdf.content.startswith(b"%PDF")
    people = client.get(f"{BASE}/{bid}/notices/people", headers=h).json()
    assert people["people"] > 3 and people["path"] == ["nordlys:orders", "nordlys:customers"]
    approved = client.post(f"{BASE}/{bid}/notices/approve", headers=h, json={})
    assert approved.status_code == 202, approved.text
    outbox = container.settings.resolve(container.settings.mail.outbox_dir)
    to = sorted(m.to for m in list_outbox(outbox, limit=10_000))
    assert len(to) == people["people"] == len(set(to))
    shown = client.get(f"{BASE}/{bid}", headers=h).json()
    assert [r["kind"] for r in shown["revisions"]] == ["created", "assessed", "decided", "reported", "notices",
                                                           "updated"]
    csv_text = client.get(f"{BASE}/register.csv", headers=h).text
    assert csv_text.splitlines()[0].startswith("Nr.,Tittel") and len(csv_text.splitlines()) == 2
    book = load_workbook(io.BytesIO(client.get(f"{BASE}/register.xlsx?lang=en", headers=h).content))
    assert [c.value for c in book.active[1]][:2] == ["No.", "Title"] and book.active.max_row == 2
    assert container.audit.verify().ok


def test_unknown_breach_is_404(client, demo, dpo_token) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"{BASE}/99", headers=bearer(dpo_token)).status_code == 404
    assert client.get(f"{BASE}/register.pdf", headers=bearer(dpo_token)).status_code == 404


