from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

RECORD_KEY_LENGTH = 16  # see proof.RECORD_KEY_LENGTH
METHODS = ("accept_all", "reject_all", "custom", "gpc", "withdraw")


@dataclass(frozen=True)
class ConsentRecord:
    id: int
    consent_id: str
    recorded_at: datetime
    expires_at: datetime
    property: str
    page_url: str
    language: str
    declaration_version: int
    banner_hash: str
    choices: str  # canonical JSON: {"categories": {...}, "services": {...}}
    method: str
    gpc: bool
    ip: str | None
    user_agent: str
    seal: str

    @property
    def key(self) -> str:
        """How the visitor's cookie names this record: the start of its seal."""
        return self.seal[:RECORD_KEY_LENGTH]

    @property
    def categories(self) -> dict[str, bool]:
        return json.loads(self.choices)["categories"]

    @property
    def services(self) -> dict[str, bool]:
        return json.loads(self.choices)["services"]

    def as_row(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def as_export(self) -> dict[str, Any]:
        return {
            "record_id": self.id, "record": self.key, "consent_id": self.consent_id,
            "recorded_at": self.recorded_at.isoformat(), "expires_at": self.expires_at.isoformat(),
            "property": self.property, "page_url": self.page_url, "language": self.language,
            "declaration_version": self.declaration_version, "banner_hash": self.banner_hash,
            "method": self.method, "gpc": self.gpc, "categories": self.categories,
            "services": self.services, "ip": self.ip, "user_agent": self.user_agent,
            "seal": self.seal,
        }


@dataclass(frozen=True)
class Receipt:
    """What the visitor's browser gets back for a stored record."""

    record: str
    consent_id: str
    cookie: str
    recorded_at: datetime
    expires_at: datetime
    method: str
    gpc: bool
    categories: dict[str, bool]
    services: dict[str, bool]


@dataclass(frozen=True)
class VerifyOutcome:
    valid: bool
    reason: str
    consent_id: str | None = None
    record_id: int | None = None
    recorded_at: datetime | None = None
    expires_at: datetime | None = None
    expired: bool | None = None
    method: str | None = None
    superseded_by: int | None = None


@dataclass(frozen=True)
class Checkpoint:
    id: int
    at: datetime
    first_record_id: int
    last_record_id: int
    count: int
    digest: str
    audit_entry_id: int


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    records: int
    checkpoints: int
    unchecked_records: int  # after the last checkpoint: sealed but not yet in a checkpoint
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DayStats:
    """One day's counters. A decision is any record but a withdrawal (first choices and
    changes); ``granted[c]`` counts the decisions that granted category ``c``."""

    day: date
    impressions: int
    decisions: int
    withdrawals: int
    granted: dict[str, int]

    def rates(self) -> dict[str, float | None]:
        """The consent rate per category: granted / decisions."""
        return {
            category: (round(count / self.decisions, 4) if self.decisions else None)
            for category, count in self.granted.items()
        }

    def decision_rate(self) -> float | None:
        """How many banner impressions ended in a decision."""
        return round(self.decisions / self.impressions, 4) if self.impressions else None
