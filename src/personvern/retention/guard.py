"""Whose rows a sweep must leave alone: persons on hold, restricted persons, and objections."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from personvern.retention.cutoff import Period, is_expired

HOLD = "hold"
RESTRICTED = "restricted"


@dataclass(frozen=True)
class Objection:
    subject: str  # keyed hash of one identity
    purpose: str  # a data use; covers the purposes below it
    at: datetime


@dataclass
class PersonGuard:
    held: set[str] = field(default_factory=set)  # subject hashes with an active "keep" hold
    released: set[str] = field(default_factory=set)  # restricted, but a "release" decision lets go
    restricted: set[str] = field(default_factory=set)  # active restriction flags (Art. 18)
    objections: list[Objection] = field(default_factory=list)

    @property
    def active(self) -> bool:
        """Does any row need its identities looked up?"""
        return bool(self.held or self.restricted)

    def reason(self, subjects: Iterable[str]) -> str | None:
        """Why a row with these identity hashes is skipped (None: it may be swept)."""
        found = set(subjects)
        if found & self.held:
            return HOLD
        if found & self.restricted and not found & self.released:
            return RESTRICTED
        return None

    def objected(self, purpose: str, period: Period, today: datetime | None = None) -> set[str]:
        """Subjects who objected to ``purpose`` (or a purpose above it) long enough ago."""
        day = today.date() if today else None
        return {
            o.subject for o in self.objections
            if (purpose == o.purpose or purpose.startswith(o.purpose + "."))
            and (day is None or is_expired("until_consent_withdrawn", o.at.date(), period, day))
        }
