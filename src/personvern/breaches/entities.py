"""The breach register's entities, as plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from personvern.breaches.decision import Decision
from personvern.breaches.facts import BreachFacts
from personvern.breaches.severity import Assessment

PHASES = ("initial", "follow_up", "final")


@dataclass(frozen=True)
class Breach:
    id: int
    title: str
    state: str
    revision: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    declaration_version_id: int | None
    facts: BreachFacts
    assessment: Assessment | None
    decision: Decision | None
    authority_notified_at: datetime | None
    notices_approved_at: datetime | None
    notices_approved_by: str | None

    @property
    def target(self) -> str:
        return f"breach:{self.id}"

    def snapshot(self) -> dict[str, object]:
        """What a revision freezes: the facts, the assessment and the decision as they are now."""
        return {
            "facts": self.facts.model_dump(mode="json"),
            "assessment": self.assessment.model_dump(mode="json") if self.assessment else None,
            "decision": self.decision.model_dump(mode="json") if self.decision else None,
            "authority_notified_at": self.authority_notified_at.isoformat() if self.authority_notified_at else None,
        }


@dataclass(frozen=True)
class Revision:
    breach_id: int
    number: int
    at: datetime
    actor: str
    kind: str
    reason: str
    phase: str | None
    snapshot: dict[str, object]
    snapshot_hash: str


@dataclass(frozen=True)
class Recipient:
    id: int
    breach_id: int
    address_hash: str
    address: str
    language: str
    state: str
    message_id: str
    sent_at: datetime | None
