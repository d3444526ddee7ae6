"""What a person can choose in the privacy center, read from the declaration."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from personvern.declaration.model import Activity, Client, Declaration, text
from personvern.deadlines import WorkingCalendar

OBJECTABLE_BASES = ("legitimate_interests", "public_task")  # Art. 21(1)


@dataclass(frozen=True)
class Option:
    key: str
    name: str
    description: str


@dataclass(frozen=True)
class ProcessorScope:
    activity: Activity
    client: Client | None

    @property
    def key(self) -> str:
        return self.activity.key


def own_activities(declaration: Declaration) -> list[Activity]:
    return [a for a in declaration.activities if a.role.kind == "controller"]


def objectable(declaration: Declaration) -> list[Activity]:
    """Activities a person may object to: Art. 21(1) bases and any direct marketing (Art. 21(2))."""
    return [
        a for a in own_activities(declaration)
        if a.legal_basis in OBJECTABLE_BASES or a.purpose.startswith("marketing.")
    ]


def consented(declaration: Declaration) -> list[Activity]:
    """Activities based on consent, whose consent a person may withdraw (Art. 7(3))."""
    return [a for a in own_activities(declaration) if a.legal_basis == "consent"]


def processor_scopes(declaration: Declaration) -> list[ProcessorScope]:
    """Activities the company carries out as a processor for a client (Art. 28)."""
    clients = {c.key: c for c in declaration.clients}
    return [
        ProcessorScope(a, clients.get(a.role.on_behalf_of or ""))
        for a in declaration.activities if a.role.kind == "processor"
    ]


def scope(declaration: Declaration, key: str) -> ProcessorScope | None:
    return next((s for s in processor_scopes(declaration) if s.key == key), None)


def options(activities: list[Activity], lang: str) -> list[Option]:
    return [Option(a.key, text(a.name, lang), text(a.description, lang)) for a in activities]


def extra_identities(declaration: Declaration) -> list[str]:
    """Identities besides the email address that the declaration lets people give."""
    return [i for i in declaration.requests.identities if i != "email"]


@lru_cache(maxsize=16)
def calendar_for(country: str) -> WorkingCalendar:
    """The working days and time zone deadlines are counted in (the controller's country)."""
    return WorkingCalendar(country)


def calendar_of(declaration: Declaration) -> WorkingCalendar:
    return calendar_for(declaration.controller.country)
