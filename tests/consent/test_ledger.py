"""Seals and checkpoints: edits, deletions and insertions in the consent log are detected."""

from __future__ import annotations

from sqlalchemy import text

from personvern.consent.proof import record_content
from personvern.consent.repository import ConsentRepository
from personvern.consent.schemas import ConsentIn
from personvern.consent.service import Visitor
from tests.consent.conftest import choice

VISITOR = Visitor(ip="192.0.2.10", user_agent="Test/1.0", own_origin=None)


def _record(consent, method: str = "accept_all") -> int:
    receipt = consent.record(ConsentIn.model_validate(choice(consent.config(), method=method)), VISITOR)
    return consent.records_of(receipt.consent_id)[-1].id


def test_checkpoint_appends_one_audit_entry(loaded, consent, clock) -> None:
    ids = [_record(consent) for _ in range(5)]
    assert consent.ledger.checkpoint(actor="test") is None  # too young: might still have gaps
    clock.advance(minutes=2)
    made = consent.ledger.checkpoint(actor="test")
    assert (made.first_record_id, made.last_record_id, made.count) == (ids[0], ids[-1], 5)
    (entry,) = loaded.audit.list(action="consent.checkpoint")
    assert entry.details["digest"] == made.digest and entry.details["count"] == 5
    assert consent.ledger.checkpoint(actor="test") is None  # nothing new
    _record(consent, "withdraw")
    clock.advance(minutes=2)
    second = consent.ledger.checkpoint(actor="test")
    assert second.first_record_id == ids[-1] + 1 and second.count == 1
    report = consent.ledger.integrity()
    assert report.ok, report.problems
    assert (report.records, report.checkpoints, report.unchecked_records) == (6, 2, 0)
    assert loaded.audit.verify().ok


def test_records_after_the_last_checkpoint_are_counted_as_unchecked(consent, clock) -> None:
    _record(consent)
    clock.advance(minutes=2)
    consent.ledger.checkpoint(actor="test")
    _record(consent)
    report = consent.ledger.integrity()
    assert report.ok and report.unchecked_records == 1


def _sealed(consent, clock, count: int = 4) -> list[int]:
    ids = [_record(consent) for _ in range(count)]
    clock.advance(minutes=2)
    consent.ledger.checkpoint(actor="test")
    return ids


def test_an_edited_record_breaks_its_seal_and_its_checkpoint(loaded, consent, clock) -> None:
    ids = _sealed(consent, clock)
    with loaded.db.write() as session:
        session.execute(text("UPDATE consent_records SET choices = '{}' WHERE id = :id"), {"id": ids[1]})
    report = consent.ledger.integrity()
    assert not report.ok
    assert f"record {ids[1]}: its content does not match its seal (altered)" in report.problems


def test_a_deleted_record_breaks_its_checkpoint(loaded, consent, clock) -> None:
    ids = _sealed(consent, clock)
    with loaded.db.write() as session:
        session.execute(text("DELETE FROM consent_records WHERE id = :id"), {"id": ids[2]})
    report = consent.ledger.integrity()
    assert not report.ok and "4 records were sealed, 3 are there now" in report.problems[0]


def test_a_resealed_forgery_still_breaks_the_checkpoint(loaded, consent, clock) -> None:
    """Someone with the key re-seals an edited record: the checkpoint digest still differs."""
    ids = _sealed(consent, clock)
    with loaded.db.read() as session:
        stored = ConsentRepository(session).get(ids[0])
    forged = {**stored.as_row(), "method": "reject_all"}
    seal = consent.record_signer.sign(record_content(forged))
    with loaded.db.write() as session:
        session.execute(text("UPDATE consent_records SET method = 'reject_all', seal = :seal WHERE id = :id"),
                        {"seal": seal, "id": ids[0]})
    assert consent.ledger.integrity().problems[0].endswith("(digest mismatch)")


def test_an_edited_checkpoint_no_longer_matches_the_audit_log(loaded, consent, clock) -> None:
    _sealed(consent, clock)
    with loaded.db.write() as session:
        session.execute(text("UPDATE consent_checkpoints SET digest = :d"), {"d": "f" * 64})
    report = consent.ledger.integrity()
    assert any("does not match audit entry" in p for p in report.problems)


def test_checkpoint_job_is_registered(loaded) -> None:
    assert {"consent.checkpoint", "consent.checkpoint.hourly"} <= set(loaded.jobs.names)
    consent = loaded.consent
    _record(consent)
    loaded.clock.advance(minutes=2)
    result = loaded.jobs.enqueue("consent.checkpoint")
    assert result()["count"] == 1
