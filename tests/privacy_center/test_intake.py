"""Submitting and verifying: nothing before the code, nothing revealed, brute force refused."""

from __future__ import annotations

import sqlite3

import pytest

from personvern.errors import NotFound
from personvern.privacy_center.intake import Form, FormProblems
from personvern.privacy_center.ratelimit import RateLimited
from personvern.privacy_center.repository import CaseRepository
from personvern.privacy_center.security import MAX_CODE_ATTEMPTS
from tests.privacy_center.conftest import KARI, VERIFY_URL, Demo

NOBODY = "nobody.at.all@example.com"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def company_rows(demo: Demo, email: str) -> int:
    with sqlite3.connect(demo.folder.database) as conn:
        return conn.execute("SELECT count(*) FROM customers WHERE email = ?", (email,)).fetchone()[0]


def test_a_submission_is_received_and_sends_a_code_but_executes_nothing(demo: Demo):
    ref = demo.submit("erasure", KARI)
    requests = demo.center.shared.engine.service.list()
    assert [(r.kind, r.state) for r in requests] == [("erasure", "received")]
    request = requests[0]
    assert demo.center.shared.engine.service.steps(request.id) == []
    assert company_rows(demo, KARI) == 1
    [mail] = demo.mails_to(KARI)
    assert mail.subject.startswith("Your code: ") and demo.last_code(KARI) in mail.subject
    assert f"/privacy-center/verify/{ref}" in mail.text
    entry = demo.container.audit.list(action="request.received")[0]
    assert entry.target == f"request:{request.id}" and "kari" not in str(entry.details).lower()


def test_an_unverified_request_cannot_be_executed_by_anyone(demo: Demo):
    from personvern.errors import Conflict

    demo.submit("erasure", KARI)
    request = demo.center.shared.engine.service.list()[0]
    with pytest.raises(Conflict, match="verified and approved first"):
        demo.center.shared.engine.execute(request.id, "test")
    assert demo.center.workflow.run(request.id, "test") == "skipped"
    assert company_rows(demo, KARI) == 1


def test_the_answer_never_tells_whether_the_company_holds_data_about_an_address(demo: Demo):
    known = demo.submit("access", KARI)
    unknown = demo.submit("access", NOBODY)
    assert len(known) == len(unknown)
    known_mail, unknown_mail = demo.mails_to(KARI)[0], demo.mails_to(NOBODY)[0]
    strip = lambda m: m.text.replace(demo.last_code(KARI), "C").replace(demo.last_code(NOBODY), "C")  # noqa: E731
    assert strip(known_mail).replace(known, "R") == strip(unknown_mail).replace(unknown, "R")
    assert demo.center.intake.submission_state(known)[0] == demo.center.intake.submission_state(unknown)[0]


def test_the_right_code_verifies_once_and_is_then_deleted(demo: Demo):
    ref = demo.submit("access", KARI)
    code = demo.last_code(KARI)
    outcome = demo.center.intake.verify(ref, code, "192.0.2.10")
    assert outcome.outcome == "verified"
    with demo.container.db.read() as session:
        submission = CaseRepository(session, demo.center.shared.engine.sealer).submission(ref)
    assert submission.code_hash is None and submission.state == "verified"
    again = demo.center.intake.verify(ref, code, "192.0.2.10")
    assert again.outcome == "verified" and again.request_id == outcome.request_id


def test_brute_force_is_refused_after_the_limit_and_the_request_ends(demo: Demo):
    ref = demo.submit("access", KARI)
    code = demo.last_code(KARI)
    for attempt in range(1, MAX_CODE_ATTEMPTS):
        outcome = demo.center.intake.verify(ref, wrong(code), "192.0.2.10")
        assert (outcome.outcome, outcome.attempts_left) == ("wrong", MAX_CODE_ATTEMPTS - attempt)
    assert demo.center.intake.verify(ref, wrong(code), "192.0.2.10").outcome == "failed"
    # even the right code does nothing now
    final = demo.center.intake.verify(ref, code, "192.0.2.10")
    assert final.outcome == "failed"
    request = demo.center.shared.engine.request(final.request_id)
    assert request.state == "refused" and request.result == {"refused": "identity_not_verified"}
    assert demo.center.shared.engine.service.steps(request.id) == []
    with demo.container.db.read() as session:
        submission = CaseRepository(session, demo.center.shared.engine.sealer).submission(ref)
    assert submission.code_hash is None and submission.attempts == MAX_CODE_ATTEMPTS
    last = demo.mails_to(KARI)[-1]
    assert last.subject == f"We could not confirm request no. {request.id}"
    assert "Art. 11(2)" in last.text and "Datatilsynet" in last.text


def test_an_expired_code_is_refused(demo: Demo):
    ref = demo.submit("access", KARI)
    code = demo.last_code(KARI)
    demo.clock.advance(minutes=15)
    outcome = demo.center.intake.verify(ref, code, "192.0.2.10")
    assert outcome.outcome == "expired"
    assert demo.center.shared.engine.request(outcome.request_id).state == "refused"


def test_verification_attempts_are_limited_per_address_across_submissions(demo: Demo):
    refs = [demo.submit("access", f"p{i}@example.com", client=f"198.51.100.{i}") for i in range(5)]
    with pytest.raises(RateLimited):
        for _ in range(7):
            for ref in refs:
                demo.center.intake.verify(ref, "000000", "203.0.113.9")


def test_submissions_are_limited_per_ip_and_per_address(demo: Demo):
    for i in range(10):
        demo.submit("access", f"p{i}@example.com", client="203.0.113.7")
    with pytest.raises(RateLimited) as limited:
        demo.submit("access", "p10@example.com", client="203.0.113.7")
    assert limited.value.retry_after > 0 and limited.value.status_code == 429
    for i in range(5):
        demo.submit("access", KARI, client=f"198.51.100.{i}")
    with pytest.raises(RateLimited):
        demo.submit("access", KARI.upper(), client="198.51.100.99")  # the same address, differently written
    demo.clock.advance(hours=1, seconds=1)
    demo.submit("access", KARI, client="198.51.100.100")
    demo.submit("access", "p11@example.com", client="203.0.113.7")


def test_limits_hold_across_processes_because_they_are_in_the_store(demo: Demo):
    from personvern.container import Container

    other = Container(demo.container.settings, clock=demo.clock)  # a second process's view
    try:
        for i in range(10):
            form = Form(asked="access", email=f"q{i}@example.com")
            (demo.center if i % 2 else other.privacy_center).intake.submit(form, "203.0.113.8", VERIFY_URL)
        with pytest.raises(RateLimited):
            other.privacy_center.intake.submit(Form(asked="access", email="q@example.com"), "203.0.113.8",
                                                    VERIFY_URL)
    finally:
        other.close()


@pytest.mark.parametrize(
    ("form", "problems"),
    [
        (Form(asked="", email=KARI), {"asked": "choose_kind"}),
        (Form(asked="access", email=""), {"email": "email_missing"}),
        (Form(asked="access", email="not an email"), {"email": "email_invalid"}),
        (Form(asked="rectification", email=KARI), {"correction": "correction_missing"}),
        (Form(asked="objection", email=KARI), {"purposes_objection": "purposes_missing"}),
        (Form(asked="withdrawal", email=KARI, purposes=["site_logs"]), {"purposes_withdrawal": "purposes_unknown"}),
        (Form(asked="access", email=KARI, scope="nope"), {"scope": "scope_unknown"}),
        (Form(asked="access", email=KARI, identities={"phone": "1"}), {"identity_phone": "identity_unknown"}),
    ],
)
def test_a_form_with_problems_is_refused_whole(demo: Demo, form, problems):
    with pytest.raises(FormProblems) as refused:
        demo.center.intake.submit(form, "192.0.2.1", VERIFY_URL)
    assert refused.value.problems == problems and refused.value.status_code == 422
    assert demo.center.shared.engine.service.list() == [] and demo.outbox() == []


def test_an_unknown_submission_is_not_found(demo: Demo):
    with pytest.raises(NotFound):
        demo.center.intake.verify("x" * 32, "123456", "192.0.2.1")
    assert demo.center.intake.submission_state("x" * 32) is None


def test_a_sweep_closes_requests_never_verified(demo: Demo):
    demo.submit("access", KARI)
    demo.clock.advance(minutes=16)
    report = demo.center.sweep.run()
    assert len(report.expired) == 1
    assert demo.center.shared.engine.request(report.expired[0]).state == "refused"
    assert demo.mails_to(KARI)[-1].subject.startswith("We could not confirm")
    assert demo.center.sweep.run().expired == []
