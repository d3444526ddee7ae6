"""What became of a request, in words for the person (status page and mails)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from personvern.declaration.model import Declaration, text
from personvern.notice.names import readable
from personvern.privacy_center.entities import Case
from personvern.requests.entities import DataRequest


@dataclass(frozen=True)
class Kept:
    what: str  # "invoices (Bookkeeping)"
    law: str
    release_date: date | None
    rows: int


@dataclass
class Outcome:
    state: str
    erased: list[str] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    restricted: bool = False
    corrected: int = 0
    rows: int = 0  # access: records in the package
    merged_into: int | None = None
    refusal_reason: str = ""
    refusal: str = ""
    client_name: str = ""
    client_email: str = ""
    client_website: str = ""
    activity_name: str = ""

    @property
    def partial(self) -> bool:
        """Part of an erasure was refused (data kept under a law): the person gets Art. 12(4) text."""
        return bool(self.kept)


def outcome_of(request: DataRequest, case: Case | None, declaration: Declaration | None, lang: str) -> Outcome:
    result: dict[str, Any] = request.result or {}
    outcome = Outcome(state=request.state)
    if case is not None:
        outcome.refusal_reason = case.refusal_reason
        outcome.refusal = case.refusal
        outcome.merged_into = case.merged_into
    if request.state == "referred" and declaration is not None and case is not None:
        _referral(outcome, declaration, case, lang)
    if request.state != "completed" or outcome.merged_into:
        return outcome
    if request.kind in ("access", "portability"):
        outcome.rows = sum((result.get("collections") or {}).values())
    elif request.kind == "erasure":
        outcome.erased = [_collection(e["collection"], declaration, lang) for e in result.get("erased", [])]
        outcome.kept = [
            Kept(
                what=_collection(k["collection"], declaration, lang, only=k.get("activity")),
                law=k.get("law") or "", rows=len(k.get("rows") or []),
                release_date=date.fromisoformat(k["release_date"]) if k.get("release_date") else None,
            )
            for k in result.get("kept", [])
        ]
    elif request.kind == "restriction":
        outcome.restricted = bool(result.get("restricted", True))
    elif request.kind == "objection":
        chosen = (case.details.get("purposes") if case else None) or []
        names = _activity_names(declaration, chosen, lang)
        outcome.purposes = names or [readable(p, lang) for p in result.get("purposes", [])]
    elif request.kind == "rectification":
        outcome.corrected = sum(u.get("rows", 0) for u in result.get("updated", []))
    return outcome


def _referral(outcome: Outcome, declaration: Declaration, case: Case, lang: str) -> None:
    activity = next((a for a in declaration.activities if a.key == case.scope), None)
    if activity is None:
        return
    outcome.activity_name = text(activity.name, lang)
    client = next((c for c in declaration.clients if c.key == activity.role.on_behalf_of), None)
    if client is not None:
        outcome.client_name, outcome.client_email = client.name, client.email
        outcome.client_website = client.website or ""


def _collection(address: str, declaration: Declaration | None, lang: str, only: str | None = None) -> str:
    """``nordlys:orders`` -> ``orders (Orders and delivery, Bookkeeping)``."""
    table = address.split(":", 1)[-1]
    if declaration is None:
        return table
    dotted = address.replace(":", ".", 1)
    names = [
        text(a.name, lang) for a in declaration.activities
        if dotted in a.covers and (only is None or a.key == only)
    ]
    return f"{table} ({', '.join(names)})" if names else table


def _activity_names(declaration: Declaration | None, keys: list[str], lang: str) -> list[str]:
    if declaration is None:
        return []
    found = {a.key: text(a.name, lang) for a in declaration.activities}
    return [found[k] for k in keys if k in found]
