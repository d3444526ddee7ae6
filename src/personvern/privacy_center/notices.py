"""The mails of the workflow, rendered in the person's language (templates in ``mail/templates/texts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from personvern.declaration.model import Declaration, text
from personvern.mail.message import Mail
from personvern.mail.service import Mailer
from personvern.notice.supervisory import authority_of
from personvern.privacy_center.choices import calendar_of
from personvern.privacy_center.deadline import case_deadline, moved_words
from personvern.privacy_center.entities import Case
from personvern.privacy_center.outcome import Outcome
from personvern.privacy_center.security import CODE_VALIDITY
from personvern.privacy_center.wording import day, kind_long, kind_short, kind_third, state_words
from personvern.requests.entities import DataRequest


class Notices:
    def __init__(self, mailer: Mailer) -> None:
        self.mailer = mailer

    def _render(self, name: str, lang: str, to: str, declaration: Declaration, **context: Any) -> Mail:
        controller = declaration.controller
        return self.mailer.render(
            name, lang, to,
            controller=controller, authority=authority_of(controller),
            day=lambda value: day(value, lang), t=lambda value: text(value, lang), **context,
        )

    def _about(self, request: DataRequest, case: Case) -> dict[str, Any]:
        return {
            "ref": request.id, "kind": kind_long(case.asked, case.language),
            "kind_short": kind_short(case.asked, case.language),
        }

    # --- to the person --------------------------------------------------------------------------

    def code(self, to: str, lang: str, declaration: Declaration, code: str, verify_url: str, asked: str) -> Mail:
        return self._render(
            "code", lang, to, declaration, code=code, verify_url=verify_url,
            minutes=int(CODE_VALIDITY.total_seconds() // 60), kind=kind_long(asked, lang),
        )

    def received(
        self, request: DataRequest, case: Case, declaration: Declaration, status_url: str, *, waiting: str
    ) -> Mail:
        return self._render(
            "received", case.language, _email(request), declaration, **self._about(request, case),
            status_url=status_url, due_on=case.due_on, waiting=waiting,
            moved=moved_words(case_deadline(case, declaration), declaration, case.language),
        )

    def merged(self, request: DataRequest, case: Case, declaration: Declaration, original: int, status_url: str) -> Mail:
        return self._render(
            "merged", case.language, _email(request), declaration, **self._about(request, case),
            original=original, status_url=status_url,
        )

    def extended(self, request: DataRequest, case: Case, declaration: Declaration, status_url: str,
                 old_due: date | None) -> Mail:
        return self._render(
            "extended", case.language, _email(request), declaration, **self._about(request, case),
            status_url=status_url, old_due=old_due, due_on=case.due_on, reason=case.extension_reason,
            months=case.extension_months,
        )

    def answered(self, request: DataRequest, case: Case, declaration: Declaration, status_url: str,
                 outcome: Outcome) -> Mail:
        name = {"completed": "completed", "refused": "refused", "referred": "referred"}[request.state]
        if request.state == "refused" and case.refusal == "identity_not_verified":
            name = "not_verified"
        return self._render(
            name, case.language, _email(request), declaration, **self._about(request, case),
            status_url=status_url, outcome=outcome, asked=case.asked,
        )

    def new_link(self, request: DataRequest, case: Case, declaration: Declaration, status_url: str) -> Mail:
        return self._render(
            "new_link", case.language, _email(request), declaration, **self._about(request, case),
            status_url=status_url, state=state_words(request.state, case.language),
        )

    # --- to others ------------------------------------------------------------------------------

    def referral_notice(self, request: DataRequest, case: Case, declaration: Declaration, outcome: Outcome) -> Mail:
        """To the controller we process for (Art. 28(3)(e)), in the company's first language."""
        lang = declaration.controller.languages[0]
        return self._render(
            "referral_notice", lang, outcome.client_email, declaration, ref=request.id,
            kind=kind_third(case.asked, lang), outcome=outcome, identities=request.identities,
            received_on=calendar_of(declaration).local_day(case.received_at),
        )

    def reminder(self, request: DataRequest, case: Case, declaration: Declaration, *, days_left: int,
                 overdue: bool) -> Mail:
        """To the privacy officer (the DPO, else the controller's address)."""
        controller = declaration.controller
        lang = controller.languages[0]
        to = controller.dpo.email if controller.dpo else controller.email
        return self._render(
            "reminder", lang, to, declaration, ref=request.id, kind=kind_short(case.asked, lang),
            state=state_words(request.state, lang), due_on=case.due_on, days_left=days_left,
            overdue=overdue, extended=case.extended,
        )


def _email(request: DataRequest) -> str:
    return request.identities["email"]
