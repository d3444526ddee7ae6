"""The periodic sweep: unverified requests that ran out, answers not yet sent, reminders, overdue.

Safe to run in several workers at once: each change locks its case row and checks again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field


from personvern.deadlines.gdpr import reminders_due
from personvern.privacy_center import ratelimit
from personvern.privacy_center.choices import calendar_of
from personvern.privacy_center.context import ACTOR_SYSTEM, Shared
from personvern.privacy_center.deadline import case_deadline
from personvern.privacy_center.entities import SUBMISSION_EXPIRED
from personvern.privacy_center.repository import CaseRepository
from personvern.privacy_center.workflow import Workflow
from personvern.requests.entities import FINAL_STATES

log = logging.getLogger("personvern.privacy_center")

OVERDUE = "overdue"


@dataclass
class SweepReport:
    expired: list[int] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)
    reminded: list[tuple[int, str]] = field(default_factory=list)
    overdue: list[int] = field(default_factory=list)
    pruned: int = 0


class Sweep:
    def __init__(self, shared: Shared, workflow: Workflow) -> None:
        self.s = shared
        self.workflow = workflow

    def run(self) -> SweepReport:
        report = SweepReport()
        self._expire_unverified(report)
        with self.s.db.read() as session:
            open_cases = CaseRepository(session, self.s.engine.sealer).open_cases()
        for case in open_cases:
            request = self.s.engine.request(case.request_id)
            if request.state in FINAL_STATES:
                if self.workflow.finish(case.request_id):
                    report.answered.append(case.request_id)
            elif case.due_at is not None and request.state != "received":
                self._remind(case.request_id, report)
        with self.s.db.write() as session:
            report.pruned = CaseRepository(session, self.s.engine.sealer).prune_events(
                self.s.clock.now() - ratelimit.LONGEST_WINDOW
            )
        return report

    def _expire_unverified(self, report: SweepReport) -> None:
        now = self.s.clock.now()
        with self.s.db.read() as session:
            stale = CaseRepository(session, self.s.engine.sealer).stale_submissions(now)
        for submission in stale:
            after = self.s.after_commit()
            with self.s.db.write() as session:
                repo = CaseRepository(session, self.s.engine.sealer)
                current = repo.submission(submission.ref, lock=True)
                if current is None or current.state != "pending":
                    continue
                repo.finish_submission(current.id, SUBMISSION_EXPIRED, now)
                self.workflow.close_unverified(session, current.request_id, "expired", now, after)
            after.run()
            report.expired.append(submission.request_id)

    def _remind(self, request_id: int, report: SweepReport) -> None:
        after = self.s.after_commit()
        with self.s.db.write() as session:
            repo = CaseRepository(session, self.s.engine.sealer)
            case = repo.case(request_id, lock=True)
            request = self.s.engine.get(session, request_id)
            if case is None or case.closed_at is not None or request.state in FINAL_STATES:
                return
            declaration = self.s.declaration_of(request)
            deadline = case_deadline(case, declaration)
            if deadline is None:
                return
            now = self.s.clock.now()
            calendar = calendar_of(declaration)
            sent = list(case.reminders_sent)
            days_left = deadline.days_left(now, calendar)
            if not deadline.is_running(now):
                if OVERDUE in sent:
                    return
                sent.append(OVERDUE)
                repo.update_case(request_id, reminders_sent=sent, overdue_at=now)
                self.s.audit.record(session, actor=ACTOR_SYSTEM, action="request.overdue", target=case.target,
                                    details={"due_on": deadline.last_day.isoformat()})
                after.mail(self.s.notices.reminder(request, case, declaration, days_left=days_left, overdue=True),
                           case.target)
                report.overdue.append(request_id)
            else:
                due = [str(d) for d in reminders_due(deadline, now, calendar) if str(d) not in sent]
                if not due:
                    return
                sent.extend(due)
                repo.update_case(request_id, reminders_sent=sent)
                self.s.audit.record(session, actor=ACTOR_SYSTEM, action="request.reminded", target=case.target,
                                    details={"days_left": days_left, "due_on": deadline.last_day.isoformat()})
                after.mail(self.s.notices.reminder(request, case, declaration, days_left=days_left, overdue=False),
                           case.target)
                report.reminded.append((request_id, due[-1]))
        after.run()


