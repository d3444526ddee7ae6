"""The short summary `personvern check` prints for a valid declaration."""

from __future__ import annotations

from personvern.declaration.loader import LoadedDeclaration
from personvern.declaration.rules.transfers import EEA


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def summarise(loaded: LoadedDeclaration) -> str:
    d = loaded.declaration
    c = d.controller
    consent = sum(1 for a in d.activities if a.legal_basis == "consent")
    as_processor = sum(1 for a in d.activities if a.role.kind == "processor")
    outside = sum(1 for p in d.processors if p.country not in EEA)
    services = d.cookies.services
    optional = sum(1 for s in services if s.category != "necessary")
    lines = [
        f"{loaded.path}: valid declaration (content hash {loaded.content_hash[:12]})",
        f"  controller:      {c.name} ({c.country} {c.organisation_number})",
        f"  languages:       {', '.join(c.languages)}",
        f"  activities:      {len(d.activities)} ({consent} on consent, {as_processor} as "
        "processor)",
        f"  processors:      {len(d.processors)} ({outside} outside the EEA)",
        f"  datasets:        {len(d.datasets)}",
        f"  cookie services: {len(services)} ({optional} {'needs' if optional == 1 else 'need'} "
        "consent)",
    ]
    return "\n".join(lines)
