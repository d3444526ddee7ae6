"""Access requests end to end on the test shop (SQLite): collect, package, encrypt, hand over."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from personvern.errors import Conflict, Invalid
from personvern.requests.repository import RequestRepository
from tests.requests.shop import ANNA


def test_access_collects_personal_fields_and_stores_an_encrypted_package(service, shop_sqlite, container):
    request = service.create("access", {"email": ANNA}, actor="test")
    assert (request.state, request.language) == ("approved", "nb")  # the declaration's first language
    done = service.execute(request.id, actor="test")
    assert done.state == "completed"
    assert done.result["collections"] == {
        "shop:customers": 1, "shop:invoices": 3, "shop:newsletter": 1, "shop:orders": 3, "shop:visits": 30,
    }
    package = service.package(request.id)
    stored = Path(package.path).read_bytes()
    assert Path(package.path).parent == container.settings.data_dir / "exports"
    assert not stored.startswith(b"PK") and b"Anna" not in stored  # encrypted at rest
    archive = zipfile.ZipFile(io.BytesIO(service.package_bytes(request.id)))
    data = json.loads(archive.read("data.json"))
    # every column of every row about the person (amounts, timestamps and paths relate to her too)
    assert data["shop"]["invoices"][0] == {"id": 20, "order_id": 10, "billing_name": "Anna Test",
                                          "amount": 990, "paid_at": "2015-05-03 00:00:00.000000"}
    assert set(data["shop"]["visits"][0]) == {"id", "customer_id", "ip", "path", "ts"}
    assert data["shop"]["newsletter"][0]["email"] == "ANNA@example.com"  # found case-insensitively
    assert all(c["email"] == ANNA for c in data["shop"]["customers"])
    assert "README.txt" in archive.namelist() and "shop/visits.csv" in archive.namelist()
    assert archive.read("README.txt").decode().startswith("Dine personopplysninger hos Testbutikken AS")


def test_every_step_is_audited_without_personal_data(service, shop_sqlite, container):
    request = service.create("access", {"email": ANNA}, actor="test", language="en")
    service.execute(request.id, actor="test")
    entries = [e for e in container.audit.list(limit=100) if e.target == f"request:{request.id}"]
    actions = [e.action for e in reversed(entries)]
    assert actions == [
        "request.created", "request.executing", "request.step.started", "request.step.done",
        "request.step.started", "request.step.done", "request.completed",
    ]
    everything = json.dumps([e.details for e in container.audit.list(limit=1000)])
    assert "anna" not in everything.lower()
    assert container.audit.verify().ok


def test_running_a_finished_request_again_changes_nothing(service, shop_sqlite, container):
    request = service.create("access", {"email": ANNA}, actor="test")
    first = service.execute(request.id, actor="test")
    audit_before = len(container.audit.list(limit=1000))
    again = service.execute(request.id, actor="test")
    assert again == first
    assert len(container.audit.list(limit=1000)) == audit_before
    assert [s.attempts for s in service.steps(request.id)] == [1, 1]


def test_checkpoints_with_personal_data_are_dropped_when_the_request_ends(service, shop_sqlite, container):
    request = service.create("access", {"email": ANNA}, actor="test")
    service.execute(request.id, actor="test")
    with container.db.read() as session:
        assert RequestRepository(session, service.sealer).checkpoint(request.id, "collect") is None


def test_a_person_with_no_data_gets_an_empty_package(service, shop_sqlite):
    request = service.create("access", {"email": "nobody@example.com"}, actor="test")
    done = service.execute(request.id, actor="test")
    assert done.result["collections"] == {}
    archive = zipfile.ZipFile(io.BytesIO(service.package_bytes(request.id)))
    assert json.loads(archive.read("data.json")) == {}


def test_bad_requests_are_refused_before_anything_is_stored(service, shop_sqlite):
    with pytest.raises(Invalid, match="unknown request kind"):
        service.create("delete_everything", {"email": ANNA}, actor="test")
    with pytest.raises(Invalid, match="unknown identity phone"):
        service.create("access", {"phone": "+4740000001"}, actor="test")
    with pytest.raises(Invalid, match="not an email address"):
        service.create("access", {"email": "anna"}, actor="test")
    with pytest.raises(Invalid, match="needs an identity"):
        service.create("access", {"email": "  "}, actor="test")
    with pytest.raises(Invalid, match="language"):
        service.create("access", {"email": ANNA}, actor="test", language="sv")
    assert service.list() == []


def test_only_approved_requests_run(service, shop_sqlite, container, clock):
    with container.db.write() as session:  # as the privacy center (issue 7) will record one
        received = RequestRepository(session, service.sealer).add(
            kind="access", state="received", identities={"email": ANNA}, params={}, language="en",
            declaration_version_id=None, source="declaration", now=clock.now(), actor="privacy-center",
        )
    with pytest.raises(Conflict, match="verified and approved"):
        service.execute(received.id, actor="test")
    assert service.steps(received.id) == []
