"""The only code that touches the privacy center's tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from personvern.privacy_center.entities import Case, Submission
from personvern.privacy_center.models import CaseRow, RateEventRow, SubmissionRow
from personvern.requests.sealing import Sealer


def _details_context(request_id: int) -> str:
    return f"privacy-center:case:{request_id}:details"


class CaseRepository:
    def __init__(self, session: Session, sealer: Sealer) -> None:
        self.session = session
        self.sealer = sealer

    # --- cases ----------------------------------------------------------------------------

    def add_case(
        self, *, request_id: int, asked: str, scope: str, identity_hash: str, language: str,
        details: dict[str, Any], needs_review: str, received_at: datetime,
    ) -> Case:
        row = CaseRow(
            request_id=request_id, asked=asked, scope=scope, identity_hash=identity_hash,
            language=language, details_enc=self.sealer.seal(details, context=_details_context(request_id)),
            needs_review=needs_review, received_at=received_at, extension_months=0, refusal="",
            reminders_sent="", notified_state="",
        )
        self.session.add(row)
        self.session.flush()
        return self._case(row)

    def case(self, request_id: int, *, lock: bool = False) -> Case | None:
        query = select(CaseRow).where(CaseRow.request_id == request_id)
        if lock:
            query = query.with_for_update()
        row = self.session.execute(query).scalar_one_or_none()
        return None if row is None else self._case(row)

    def cases(self, request_ids: list[int]) -> dict[int, Case]:
        if not request_ids:
            return {}
        rows = self.session.execute(select(CaseRow).where(CaseRow.request_id.in_(request_ids))).scalars()
        return {row.request_id: self._case(row) for row in rows}

    def update_case(self, request_id: int, **values: Any) -> None:
        if "due_on" in values and isinstance(values["due_on"], date):
            values["due_on"] = values["due_on"].isoformat()
        if "reminders_sent" in values and not isinstance(values["reminders_sent"], str):
            values["reminders_sent"] = ",".join(values["reminders_sent"])
        if "details" in values:
            values["details_enc"] = self.sealer.seal(values.pop("details"), context=_details_context(request_id))
        self.session.execute(update(CaseRow).where(CaseRow.request_id == request_id).values(**values))

    def open_duplicates(self, identity_hash: str, asked: str, scope: str, exclude: int) -> list[Case]:
        """Verified, unclosed cases of the same kind and scope for the same identity, oldest first."""
        rows = self.session.execute(
            select(CaseRow).where(
                CaseRow.identity_hash == identity_hash, CaseRow.asked == asked, CaseRow.scope == scope,
                CaseRow.verified_at.is_not(None), CaseRow.closed_at.is_(None),
                CaseRow.request_id != exclude,
            ).order_by(CaseRow.request_id)
        ).scalars()
        return [self._case(row) for row in rows]

    def open_cases(self) -> list[Case]:
        rows = self.session.execute(
            select(CaseRow).where(CaseRow.closed_at.is_(None)).order_by(CaseRow.request_id)
        ).scalars()
        return [self._case(row) for row in rows]

    # --- submissions ------------------------------------------------------------------------

    def add_submission(
        self, *, ref: str, request_id: int, expires_at: datetime, now: datetime
    ) -> Submission:
        row = SubmissionRow(
            ref=ref, request_id=request_id, code_hash=None, expires_at=expires_at, attempts=0,
            state="pending", created_at=now,
        )
        self.session.add(row)
        self.session.flush()
        return _submission(row)

    def submission(self, ref: str, *, lock: bool = False) -> Submission | None:
        query = select(SubmissionRow).where(SubmissionRow.ref == ref)
        if lock:
            query = query.with_for_update()
        row = self.session.execute(query).scalar_one_or_none()
        return None if row is None else _submission(row)

    def set_code(self, submission_id: int, code_hash: str) -> None:
        self.session.execute(
            update(SubmissionRow).where(SubmissionRow.id == submission_id).values(code_hash=code_hash)
        )

    def count_attempt(self, submission_id: int) -> int:
        self.session.execute(
            update(SubmissionRow).where(SubmissionRow.id == submission_id)
            .values(attempts=SubmissionRow.attempts + 1)
        )
        return self.session.execute(
            select(SubmissionRow.attempts).where(SubmissionRow.id == submission_id)
        ).scalar_one()

    def finish_submission(self, submission_id: int, state: str, now: datetime) -> None:
        """Ends a submission; its code hash is deleted, whatever the outcome."""
        self.session.execute(
            update(SubmissionRow).where(SubmissionRow.id == submission_id)
            .values(state=state, code_hash=None, finished_at=now)
        )

    def stale_submissions(self, before: datetime) -> list[Submission]:
        rows = self.session.execute(
            select(SubmissionRow).where(SubmissionRow.state == "pending", SubmissionRow.expires_at < before)
        ).scalars()
        return [_submission(row) for row in rows]

    # --- rate events ------------------------------------------------------------------------

    def count_events(self, bucket: str, key_hash: str, since: datetime) -> int:
        return self.session.execute(
            select(func.count()).select_from(RateEventRow).where(
                RateEventRow.bucket == bucket, RateEventRow.key_hash == key_hash, RateEventRow.at >= since,
            )
        ).scalar_one()

    def oldest_event(self, bucket: str, key_hash: str, since: datetime) -> datetime | None:
        return self.session.execute(
            select(func.min(RateEventRow.at)).where(
                RateEventRow.bucket == bucket, RateEventRow.key_hash == key_hash, RateEventRow.at >= since,
            )
        ).scalar_one()

    def add_event(self, bucket: str, key_hash: str, at: datetime) -> None:
        self.session.add(RateEventRow(bucket=bucket, key_hash=key_hash, at=at))
        self.session.flush()

    def prune_events(self, before: datetime) -> int:
        result = self.session.execute(delete(RateEventRow).where(RateEventRow.at < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # --- helpers ----------------------------------------------------------------------------

    def _case(self, row: CaseRow) -> Case:
        return Case(
            request_id=row.request_id, asked=row.asked, scope=row.scope, identity_hash=row.identity_hash,
            language=row.language,
            details=self.sealer.open(row.details_enc, context=_details_context(row.request_id)) or {},
            needs_review=row.needs_review, received_at=row.received_at, verified_at=row.verified_at,
            clock_started_at=row.clock_started_at, first_due_at=row.first_due_at, due_at=row.due_at,
            due_on=date.fromisoformat(row.due_on) if row.due_on else None,
            extended_at=row.extended_at, extension_months=row.extension_months, refusal=row.refusal,
            merged_into=row.merged_into,
            reminders_sent=tuple(r for r in row.reminders_sent.split(",") if r),
            overdue_at=row.overdue_at, closed_at=row.closed_at, notified_state=row.notified_state,
        )


def _submission(row: SubmissionRow) -> Submission:
    return Submission(
        id=row.id, ref=row.ref, request_id=row.request_id, code_hash=row.code_hash,
        expires_at=row.expires_at, attempts=row.attempts, state=row.state, created_at=row.created_at,
        finished_at=row.finished_at,
    )
