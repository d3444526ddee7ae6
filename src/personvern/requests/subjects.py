"""Restriction (Art. 18) and objection (Art. 21): flags on a person, read by the company's apps.

Flags are keyed by a keyed hash of each normalised identity (``email:kari@example.com``), so the
status API finds them from an email without personvern storing the email in plain text.
An objection is to a purpose (a fideslang data use such as ``marketing.communications.email``);
it covers the purposes below it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from personvern.declaration.model import Declaration
from personvern.errors import Invalid
from personvern.requests.entities import SubjectFlag, SubjectStatus
from personvern.requests.execution import StepContext, StepDef, StepOutcome

RESTRICTION = "restriction"
OBJECTION = "objection"
RECORD = "record"
_PURPOSE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


def resolve_purposes(declaration: Declaration | None, given: list[str]) -> list[str]:
    """Activity keys or data uses -> the data uses objected to (each validated)."""
    if not given:
        raise Invalid("an objection names the purposes objected to (an activity key or a data use, "
                      "e.g. marketing.communications.email)")
    purposes: list[str] = []
    for item in given:
        item = item.strip()
        if declaration is not None:
            activity = next((a for a in declaration.activities if a.key == item), None)
            if activity is not None:
                purposes.append(activity.purpose)
                continue
            declared = {a.purpose for a in declaration.activities}
            if not any(p == item or p.startswith(item + ".") for p in declared):
                raise Invalid(f"'{item}' is neither an activity nor a purpose of the declaration "
                              f"(activities: {', '.join(a.key for a in declaration.activities)})")
        elif not _PURPOSE.match(item):
            raise Invalid(f"'{item}' is not a purpose key (e.g. marketing.communications.email)")
        purposes.append(item)
    return list(dict.fromkeys(purposes))


def status_of(flags: list[SubjectFlag]) -> SubjectStatus:
    restrictions = [f for f in flags if f.kind == RESTRICTION]
    objections = sorted({f.purpose for f in flags if f.kind == OBJECTION})
    return SubjectStatus(
        restricted=bool(restrictions),
        restricted_since=min((f.created_at for f in restrictions), default=None),
        objections=objections,
    )


FlagWriter = Callable[[str, str, bool], int]  # (kind, purpose, lift) -> identities changed


def record_step(kind: str, params: dict[str, Any], write: FlagWriter, now: Callable[[], datetime]) -> StepDef:
    lift = bool(params.get("lift"))

    def run(_ctx: StepContext) -> StepOutcome:
        if kind == RESTRICTION:
            changed = write(RESTRICTION, "", lift)
            return StepOutcome(result={"restricted": not lift, "changed": changed})
        purposes = params.get("purposes", [])
        changed = sum(write(OBJECTION, purpose, lift) for purpose in purposes)
        return StepOutcome(result={"purposes": purposes, "withdrawn": lift, "changed": changed})

    return StepDef(RECORD, run)
