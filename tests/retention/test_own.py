"""Retention of personvern's own records: consent proof, export packages, request details."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from personvern.consent.ledger import ConsentLedger
from personvern.consent.proof import RECORD_PURPOSE, Signer, record_content
from personvern.consent.repository import ConsentRepository
from personvern.container import Container
from personvern.db.registry import metadata
from personvern.declaration.model import Declaration
from personvern.requests.repository import RequestRepository
from personvern.requests.sealing import Sealer
from personvern.retention.config import OwnDataRetention
from personvern.retention.own import own_rules
from personvern.retention.service import RetentionService
from personvern.retention.target import RetentionTarget
from tests.demo.expiry import load_declaration


def consent_rows(container: Container, recorded: datetime, count: int, validity: int = 366) -> None:
    signer = Signer(container.keys, RECORD_PURPOSE)
    rows = []
    for n in range(count):
        row = {
            "consent_id": f"{recorded:%Y%m%d}{n:08d}", "recorded_at": recorded + timedelta(minutes=n),
            "expires_at": recorded + timedelta(minutes=n, days=validity), "property": "https://shop.example",
            "page_url": "https://shop.example/", "language": "nb", "declaration_version": 1,
            "banner_hash": "0" * 64, "choices": "{}", "method": "accept_all", "gpc": False,
            "ip": "192.0.2.0", "user_agent": "Mozilla/5.0",
        }
        row["seal"] = signer.sign(record_content(row))
        rows.append(row)
    with container.db.write() as session:
        ConsentRepository(session).insert_records(rows)


def test_consent_records_go_in_whole_sealed_ranges_and_the_ledger_stays_intact(
    container: Container, retention: RetentionService, target: RetentionTarget, sqlite_shop: str,
) -> None:
    ledger = ConsentLedger(container.db, container.clock, container.audit,
                           Signer(container.keys, RECORD_PURPOSE))
    old = datetime(2024, 1, 1, 10, tzinfo=UTC)  # expired 2025-01-01, + 12 months: 2026-01-01
    consent_rows(container, old, 3)
    ledger.checkpoint(actor="test", grace=timedelta(0))
    consent_rows(container, old, 2)
    consent_rows(container, datetime(2024, 3, 1, tzinfo=UTC), 1)  # kept until 2026-03
    ledger.checkpoint(actor="test", grace=timedelta(0))
    consent_rows(container, old, 2)  # expired, but after a range that is not
    ledger.checkpoint(actor="test", grace=timedelta(0))
    consent_rows(container, old, 1)  # not sealed by a checkpoint yet
    plan = next(s for s in retention.plan(target).sweeps if s.key == "personvern:consent_records")
    assert plan.rows == 3 and plan.examples == [{"id": 1}, {"id": 2}, {"id": 3}]
    run = retention.run(target, actor="test")
    table = metadata.tables["consent_records"]
    with container.db.read() as session:
        left = list(session.execute(select(table.c.id).order_by(table.c.id)).scalars())
    assert left == [4, 5, 6, 7, 8, 9]
    assert run.totals["deleted"] >= 3
    report = ledger.integrity()
    assert report.ok, report.problems


def test_export_packages_are_deleted_after_30_days(
    container: Container, retention: RetentionService, target: RetentionTarget, sqlite_shop: str,
    tmp_path: Path,
) -> None:
    sealer = Sealer(container.keys)
    files = []
    with container.db.write() as session:
        repo = RequestRepository(session, sealer)
        for made in (datetime(2025, 12, 1, tzinfo=UTC), datetime(2026, 1, 10, tzinfo=UTC)):
            request = repo.add(kind="access", state="completed", identities={"email": "kari@example.com"},
                               params={}, language="nb", declaration_version_id=None, source="datasets",
                               now=made, actor="test")
            path = tmp_path / f"request-{request.id}.zip.enc"
            path.write_bytes(b"sealed")
            files.append(path)
            repo.save_package(request.id, path=str(path), nonce="00" * 12, size=6, sha256="0" * 64,
                              now=made, expires_at=made + timedelta(days=60))
    retention.run(target, actor="test")
    assert not files[0].exists() and files[1].exists()
    with container.db.read() as session:
        repo = RequestRepository(session, sealer)
        assert repo.package(1).deleted_at == container.clock.now()  # type: ignore[union-attr]
        assert repo.package(2).deleted_at is None  # type: ignore[union-attr]


def test_finished_request_details_are_wiped_and_the_request_stays_readable(
    container: Container, retention: RetentionService, target: RetentionTarget, sqlite_shop: str,
) -> None:
    sealer = Sealer(container.keys)
    with container.db.write() as session:
        repo = RequestRepository(session, sealer)
        for finished in (datetime(2022, 6, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC)):
            request = repo.add(kind="erasure", state="executing", identities={"email": "ola@example.com"},
                               params={"note": "x"}, language="nb", declaration_version_id=None,
                               source="datasets", now=finished, actor="test")
            repo.set_state(request.id, "completed", finished, result={"erased": []}, completed=True)
        repo.add(kind="access", state="received", identities={"email": "per@example.com"}, params={},
                 language="nb", declaration_version_id=None, source="datasets",
                 now=datetime(2020, 1, 1, tzinfo=UTC), actor="test")
    retention.run(target, actor="test")
    with container.db.read() as session:
        repo = RequestRepository(session, sealer)
        wiped, kept, open_request = repo.get(1), repo.get(2), repo.get(3)
    assert wiped is not None and wiped.identities == {} and wiped.params == {}
    assert wiped.state == "completed" and wiped.result == {"erased": []}
    assert kept is not None and kept.identities == {"email": "ola@example.com"}
    assert open_request is not None and open_request.identities == {"email": "per@example.com"}
    again = retention.run(target, actor="test")
    assert again.totals["affected"] == 0


def test_verification_code_hashes_are_removed_after_they_expired(
    container: Container, retention: RetentionService, target: RetentionTarget, sqlite_shop: str,
) -> None:
    sealer = Sealer(container.keys)
    with container.db.write() as session:
        request = RequestRepository(session, sealer).add(
            kind="access", state="received", identities={"email": "kari@example.com"}, params={},
            language="nb", declaration_version_id=None, source="datasets", now=container.clock.now(), actor="t")
        submissions = metadata.tables["pc_submissions"]
        for n, expires in enumerate((datetime(2026, 1, 13, tzinfo=UTC), datetime(2026, 1, 15, tzinfo=UTC))):
            session.execute(insert(submissions).values(
                ref=f"ref{n}", request_id=request.id, code_hash="c" * 64, expires_at=expires, attempts=0,
                state="pending", created_at=expires - timedelta(hours=1)))
    retention.run(target, actor="test")
    with container.db.read() as session:
        hashes = list(session.execute(select(submissions.c.code_hash).order_by(submissions.c.id)).scalars())
    assert hashes == [None, "c" * 64]


def test_the_declared_consent_promise_wins_over_the_default() -> None:
    config = OwnDataRetention()
    demo: Declaration = load_declaration()
    declared = next(r for r in own_rules(config, demo, sealer=None) if r.key == "consent_records")
    assert (declared.anchor, declared.period, declared.source) == (
        "recorded_at", "P12M", "declaration activity consent_records")
    default = next(r for r in own_rules(config, None, sealer=None) if r.key == "consent_records")
    assert (default.anchor, default.period, default.source) == ("expires_at", "P12M", "settings")
