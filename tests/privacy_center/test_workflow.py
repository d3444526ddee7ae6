"""The workflow: approval, execution, refusal, extension, referral, merging, the deadline's clock."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from personvern.deadlines import ExtensionRefused
from personvern.errors import Conflict, Invalid, NotFound
from personvern.privacy_center.repository import CaseRepository
from personvern.privacy_center.views import Views
from tests.privacy_center.conftest import KARI, OLA, Demo

REASON = "We must search five systems, two of them archived; the request covers six years of orders."


def case_of(demo: Demo, request_id: int):  # type: ignore[no-untyped-def]
    with demo.container.db.read() as session:
        return CaseRepository(session, demo.center.shared.engine.sealer).case(request_id)


def state(demo: Demo, request_id: int) -> str:
    return demo.center.shared.engine.request(request_id).state


def rows(demo: Demo, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(demo.folder.database) as conn:
        return conn.execute(sql, args).fetchall()


def actions(demo: Demo, request_id: int) -> list[str]:
    entries = sorted(demo.container.audit.list(target=f"request:{request_id}", limit=500), key=lambda e: e.id)
    return [e.action for e in entries if e.action.startswith("request.") and ".step." not in e.action]


def test_an_access_request_runs_after_verification_and_answers_with_the_package(demo: Demo):
    request_id = demo.submit_and_verify("access", KARI)
    request = demo.center.shared.engine.request(request_id)
    assert request.state == "completed" and request.result["collections"]["nordlys:customers"] == 1
    subjects = [m.subject for m in demo.mails_to(KARI)]
    assert subjects[1:] == [f"We have your request no. {request_id}", f"Your copy is ready (request no. {request_id})"]
    assert actions(demo, request_id) == [
        "request.received", "request.verified", "request.approved", "request.executing", "request.completed",
        "request.answered",
    ]
    sent = demo.container.audit.list(action="mail.sent", target=f"request:{request_id}")
    assert sorted(e.details["template"] for e in sent) == ["code", "completed", "received"]
    view = demo.center.views.status(request_id, "en")
    assert view.download is not None and view.outcome.rows == sum(request.result["collections"].values())
    assert case_of(demo, request_id).closed_at is not None


def test_the_deadline_is_one_month_from_receipt_moved_off_the_weekend(demo: Demo):
    request_id = demo.submit_and_verify("erasure", KARI)  # received Thursday 15 January 2026
    case = case_of(demo, request_id)
    assert case.clock_started_at == case.received_at
    assert case.due_on == date(2026, 2, 16)  # 15 February is a Sunday
    assert case.due_at == datetime(2026, 2, 16, 23, 0, tzinfo=UTC)
    assert demo.center.shared.engine.request(request_id).due_at == case.due_at
    received = demo.mails_to(KARI)[-1]
    assert "by 16 February 2026 at the latest" in received.text and "Sunday 15 February 2026" in received.text


def test_an_erasure_waits_for_approval_then_erases_and_explains_what_the_law_keeps(demo: Demo):
    request_id = demo.submit_and_verify("erasure", OLA)
    assert state(demo, request_id) == "verified"
    assert case_of(demo, request_id).needs_review == "approval_required"
    assert rows(demo, "SELECT count(*) FROM customers WHERE email = ?", OLA) == [(1,)]
    demo.center.workflow.approve(request_id, actor="test:dpo")
    request = demo.center.shared.engine.request(request_id)
    assert request.state == "completed"
    assert rows(demo, "SELECT count(*) FROM customers WHERE email = ?", OLA) == [(0,)]
    assert rows(demo, "SELECT count(*) FROM newsletter_subscribers WHERE email = ?", OLA) == [(0,)]
    kept = {k["collection"] for k in request.result["kept"]}
    assert {"nordlys:invoices", "nordlys:orders"} <= kept
    kept_orders = [k for k in request.result["kept"] if k["collection"] == "nordlys:orders"][0]
    order_ids = [r["keys"]["id"] for r in kept_orders["rows"]]
    assert len(rows(demo, f"SELECT id FROM orders WHERE id IN ({','.join('?' * len(order_ids))})", *order_ids)) \
        == len(order_ids)
    answer = demo.mails_to(OLA)[-1]
    assert answer.subject == f"Your request no. {request_id} is done"
    erased_part, kept_part = answer.text.split("We have not erased")
    assert "orders" not in erased_part and "invoices" not in answer.text  # purposes in words, no table names
    n = len(kept_orders["rows"])
    assert f"- Bookkeeping ({n} records): kept under bokføringsloven § 13 until 31 December 2028" in kept_part
    assert "Bookkeeping" not in erased_part  # what is kept for bookkeeping is not also called erased
    assert "Art. 17(3)(b)" in answer.text and "Datatilsynet" in answer.text and "court" in answer.text
    approved = [e for e in demo.container.audit.list(action="request.approved") if e.target == request.target]
    assert approved[0].actor == "test:dpo" and approved[0].details["automatic"] is False


def test_only_a_verified_request_can_be_approved(demo: Demo):
    ref = demo.submit("erasure", KARI)
    request_id = demo.center.intake.submission_state(ref)[1]
    with pytest.raises(Conflict, match="received"):
        demo.center.workflow.approve(request_id, actor="test")
    with pytest.raises(NotFound):
        demo.center.workflow.approve(999, actor="test")


def test_a_refusal_needs_a_reason_and_tells_the_person_how_to_complain(demo: Demo):
    request_id = demo.submit_and_verify("erasure", KARI)
    with pytest.raises(Invalid, match="reason"):
        demo.center.workflow.refuse(request_id, actor="test", reason="no")
    demo.center.workflow.refuse(request_id, actor="test:dpo", reason="This repeats request no. 1 of last week.")
    assert state(demo, request_id) == "refused"
    mail = demo.mails_to(KARI)[-1]
    assert mail.subject == f"Your request no. {request_id} is refused"
    assert "This repeats request no. 1 of last week." in mail.text
    assert "Datatilsynet (https://www.datatilsynet.no)" in mail.text and "take the matter to court" in mail.text
    assert rows(demo, "SELECT count(*) FROM customers WHERE email = ?", KARI) == [(1,)]
    with pytest.raises(Conflict):
        demo.center.workflow.approve(request_id, actor="test")
    with pytest.raises(Conflict):
        demo.center.workflow.refuse(request_id, actor="test", reason="And once more, refused.")
    entry = [e for e in demo.container.audit.list(action="request.refused") if e.target == f"request:{request_id}"]
    assert entry[0].details["reason"] == "by_officer" and "repeats" not in str(entry[0].details)


def test_a_completed_request_cannot_be_refused(demo: Demo):
    request_id = demo.submit_and_verify("access", KARI)
    with pytest.raises(Conflict, match="completed"):
        demo.center.workflow.refuse(request_id, actor="test", reason="Too late to refuse this one.")


def test_an_extension_within_the_first_month_moves_the_deadline_and_tells_why(demo: Demo):
    request_id = demo.submit_and_verify("erasure", KARI)
    demo.clock.advance(days=20)
    case = demo.center.workflow.extend(request_id, actor="test:dpo", months=2, reason=REASON)
    assert case.due_on == date(2026, 4, 15) and case.extension_months == 2 and case.extended
    assert demo.center.shared.engine.request(request_id).due_at == case.due_at
    mail = demo.mails_to(KARI)[-1]
    assert mail.subject == f"We need more time for your request no. {request_id}"
    assert REASON in mail.text and "by 15 April 2026 at the latest" in mail.text
    assert "instead of 16 February 2026" in mail.text
    with pytest.raises(ExtensionRefused, match="already been extended"):
        demo.center.workflow.extend(request_id, actor="test", months=1, reason=REASON)


def test_an_extension_after_the_first_month_is_refused(demo: Demo):
    request_id = demo.submit_and_verify("erasure", KARI)
    demo.clock.at = datetime(2026, 2, 16, 23, 0, tzinfo=UTC)  # the first month has just run out
    with pytest.raises(ExtensionRefused, match="first month ended on 2026-02-16"):
        demo.center.workflow.extend(request_id, actor="test", months=2, reason=REASON)
    assert not case_of(demo, request_id).extended
    demo.clock.at = datetime(2026, 2, 16, 22, 59, tzinfo=UTC)
    demo.center.workflow.extend(request_id, actor="test", months=1, reason=REASON)


def test_an_extension_needs_a_reason(demo: Demo):
    request_id = demo.submit_and_verify("erasure", KARI)
    with pytest.raises(ExtensionRefused, match="reason"):
        demo.center.workflow.extend(request_id, actor="test", months=2, reason="busy")


def test_a_request_about_processor_work_is_referred_to_the_controller(demo: Demo):
    request_id = demo.submit_and_verify("access", KARI, scope="company_bike_scheme")
    request = demo.center.shared.engine.request(request_id)
    assert request.state == "referred" and request.result == {"referred_to": "havbris", "activity": "company_bike_scheme"}
    assert demo.center.shared.engine.service.steps(request_id) == []
    to_person = demo.mails_to(KARI)[-1]
    assert "please contact Havbris Teknologi AS" in to_person.subject
    assert "personvern@havbris.example" in to_person.text and "Company bike scheme" in to_person.text
    [notice] = demo.mails_to("personvern@havbris.example")
    assert "Art. 28(3)(e)" in notice.text and f"- email: {KARI}" in notice.text
    assert f"our reference {request_id}" in notice.subject


def test_duplicate_open_requests_are_merged_not_executed_twice(demo: Demo):
    first = demo.submit_and_verify("erasure", OLA)
    second = demo.submit_and_verify("erasure", OLA.upper())
    assert state(demo, second) == "completed"
    assert case_of(demo, second).merged_into == first
    assert demo.center.shared.engine.request(second).result == {"merged_into": first}
    merged_mail = demo.mails_to(OLA.upper())[-1]
    assert merged_mail.subject == f"Your request no. {second} is joined with no. {first}"
    assert f"/privacy-center/status/{first}?" in merged_mail.text
    demo.center.workflow.approve(first, actor="test")
    assert state(demo, first) == "completed"
    assert demo.center.shared.engine.service.steps(second) == []
    # a new request after the first is finished is not a duplicate
    third = demo.submit_and_verify("erasure", OLA)
    assert state(demo, third) == "verified" and case_of(demo, third).merged_into is None


def test_an_unverified_request_for_the_same_address_never_blocks_verification(demo: Demo):
    demo.submit("erasure", KARI, client="203.0.113.66")  # someone else typed Kari's address
    mine = demo.submit_and_verify("erasure", KARI)
    assert state(demo, mine) == "verified" and case_of(demo, mine).merged_into is None
    other = demo.submit_and_verify("erasure", OLA)
    assert case_of(demo, other).merged_into is None  # another person is never merged in


def test_the_clock_can_start_at_verification(demo: Demo):
    text = demo.folder.declaration.read_text(encoding="utf-8")
    demo.folder.declaration.write_text(text.replace("clock_starts: receipt", "clock_starts: verification"), "utf-8")
    demo.container.declarations.load_file(demo.folder.declaration, actor="test")
    demo.clock.at = datetime(2026, 1, 12, 22, 55, tzinfo=UTC)  # 23:55 on Monday 12 January in Oslo
    ref = demo.submit("erasure", KARI)
    request_id = demo.center.intake.submission_state(ref)[1]
    assert case_of(demo, request_id).due_on is None
    demo.clock.advance(minutes=10)  # 00:05 on Tuesday 13 January in Oslo
    demo.center.intake.verify(ref, demo.last_code(KARI), "192.0.2.10")
    case = case_of(demo, request_id)
    assert case.clock_started_at == case.verified_at != case.received_at
    assert case.due_on == date(2026, 2, 13)  # from receipt it would have been 12 February


def test_a_correction_waits_for_the_officer_who_gives_the_changes(demo: Demo):
    request_id = demo.submit_and_verify(
        "rectification", KARI, correction="My phone number is +47 900 00 000 now."
    )
    assert state(demo, request_id) == "verified" and case_of(demo, request_id).needs_review == "rectification"
    assert case_of(demo, request_id).details == {"correction": "My phone number is +47 900 00 000 now."}
    with pytest.raises(Invalid, match="changes"):
        demo.center.workflow.approve(request_id, actor="test")
    with pytest.raises(Invalid):
        demo.center.workflow.approve(request_id, actor="test", changes={"customers.no_such_field": "x"})
    demo.center.workflow.approve(request_id, actor="test", changes={"customers.phone": "+4790000000"})
    assert state(demo, request_id) == "completed"
    assert rows(demo, "SELECT phone FROM customers WHERE email = ?", KARI) == [("+4790000000",)]
    assert "corrected your personal data" in demo.mails_to(KARI)[-1].text


def test_an_objection_and_a_withdrawal_stop_the_purposes(demo: Demo):
    objection = demo.submit_and_verify("objection", KARI, purposes=["customer_care"])
    withdrawal = demo.submit_and_verify("withdrawal", KARI, purposes=["newsletter"])
    assert state(demo, objection) == state(demo, withdrawal) == "completed"
    status = demo.center.shared.engine.service.status({"email": KARI})
    assert status.objects_to("essential.service.operations.support")
    assert status.objects_to("marketing.communications.email")
    assert "- Newsletter" in demo.mails_to(KARI)[-1].text


def test_a_restriction_is_recorded(demo: Demo):
    request_id = demo.submit_and_verify("restriction", KARI, restriction_reason="I dispute my address.")
    assert state(demo, request_id) == "completed"
    assert demo.center.shared.engine.service.status({"email": KARI}).restricted
    assert case_of(demo, request_id).details == {"restriction_reason": "I dispute my address."}


def test_a_request_finished_elsewhere_is_answered_by_the_sweep(demo: Demo):
    request_id = demo.submit_and_verify("erasure", OLA)
    with demo.container.db.write() as session:
        request = demo.center.shared.engine.get(session, request_id)
        demo.center.shared.engine.set_state(session, request, "approved", demo.clock.now())
    demo.center.shared.engine.execute(request_id, "system:scheduler")  # as the engine's resume job does
    assert state(demo, request_id) == "completed" and case_of(demo, request_id).closed_at is None
    report = demo.center.sweep.run()
    assert report.answered == [request_id]
    assert demo.mails_to(OLA)[-1].subject == f"Your request no. {request_id} is done"
    assert demo.center.sweep.run().answered == []  # once


def test_reminders_before_the_deadline_then_overdue_once(demo: Demo):
    request_id = demo.submit_and_verify("erasure", KARI)  # due Monday 16 February 2026
    dpo = "dpo@nordlys-sykkel.example"
    demo.clock.at = datetime(2026, 2, 8, 12, tzinfo=UTC)
    assert demo.center.sweep.run().reminded == []
    demo.clock.at = datetime(2026, 2, 9, 12, tzinfo=UTC)  # 7 days left
    assert demo.center.sweep.run().reminded == [(request_id, "7")]
    assert demo.center.sweep.run().reminded == []
    demo.clock.at = datetime(2026, 2, 14, 12, tzinfo=UTC)
    assert demo.center.sweep.run().reminded == [(request_id, "2")]
    assert [m.subject for m in demo.mails_to(dpo)] == [
        f"Request no. {request_id} is due in 7 days", f"Request no. {request_id} is due in 2 days",
    ]
    demo.clock.at = datetime(2026, 2, 16, 23, 0, tzinfo=UTC)
    assert demo.center.sweep.run().overdue == [request_id]
    assert demo.center.sweep.run().overdue == []
    assert demo.mails_to(dpo)[-1].subject == f"OVERDUE: request no. {request_id} was due 16 February 2026"
    assert case_of(demo, request_id).overdue_at is not None
    [row] = Views(demo.center.shared).list(overdue=True)
    assert row.request.id == request_id and row.overdue and row.days_left == -1
    assert Views(demo.center.shared).list(overdue=False) == []
