"""What the privacy center keeps, as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

# What a person can ask for in the privacy center (GDPR Art. 15-21, 7(3)).
ASKED_KINDS: tuple[str, ...] = (
    "access", "portability", "erasure", "rectification", "restriction", "objection", "withdrawal",
)
# The request engine's kind for each (a withdrawal of consent stops the purposes as an objection does).
ENGINE_KIND = {kind: kind for kind in ASKED_KINDS} | {"withdrawal": "objection"}

SUBMISSION_PENDING = "pending"
SUBMISSION_VERIFIED = "verified"
SUBMISSION_FAILED = "failed"
SUBMISSION_EXPIRED = "expired"


@dataclass(frozen=True)
class Case:
    request_id: int
    asked: str
    scope: str
    identity_hash: str
    language: str
    details: dict[str, Any]
    needs_review: str
    received_at: datetime
    verified_at: datetime | None
    clock_started_at: datetime | None
    first_due_at: datetime | None
    due_at: datetime | None
    due_on: date | None
    extended_at: datetime | None
    extension_months: int
    refusal: str
    merged_into: int | None
    reminders_sent: tuple[str, ...]
    overdue_at: datetime | None
    closed_at: datetime | None
    notified_state: str

    @property
    def target(self) -> str:
        return f"request:{self.request_id}"

    @property
    def extended(self) -> bool:
        return self.extended_at is not None

    @property
    def extension_reason(self) -> str:
        return str(self.details.get("extension_reason", ""))

    @property
    def refusal_reason(self) -> str:
        return str(self.details.get("refusal_reason", ""))


@dataclass(frozen=True)
class Submission:
    id: int
    ref: str
    request_id: int
    code_hash: str | None
    expires_at: datetime
    attempts: int
    state: str
    created_at: datetime
    finished_at: datetime | None
