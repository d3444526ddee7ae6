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
        kept = result.get("kept", [])
        kept_for = {(k["collection"], k.get("activity")) for k in kept}
        outcome.erased = [
            _counted(_collection(e["collection"], declaration, lang,
                                 not_for={a for c, a in kept_for if c == e["collection"]}),
                     int(e.get("masked", 0)) + int(e.get("deleted", 0)), lang)
            for e in result.get("erased", [])
        ]
        outcome.kept = [
            Kept(
                what=_counted(_collection(k["collection"], declaration, lang, only=k.get("activity")),
                              len(k.get("rows") or []), lang),
                law=k.get("law") or "", rows=len(k.get("rows") or []),
                release_date=date.fromisoformat(k["release_date"]) if k.get("release_date") else None,
            )
            for k in kept
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


def _collection(address: str, declaration: Declaration | None, lang: str, only: str | None = None,
                not_for: set[str | None] | None = None) -> str:
    """``nordlys:orders`` -> ``Orders and delivery``: the purposes the person knows from the
    notice, never a table name (a table no activity covers gets its name in words)."""
    table = address.split(":", 1)[-1]
    words = table.replace("_", " ")
    if declaration is None:
        return words[:1].upper() + words[1:]
    dotted = address.replace(":", ".", 1)
    covering = [a for a in declaration.activities if dotted in a.covers and (only is None or a.key == only)]
    chosen = [a for a in covering if a.key not in (not_for or set())] or covering
    names = [text(a.name, lang) for a in chosen]
    return ", ".join(names) if names else words[:1].upper() + words[1:]


def _counted(what: str, rows: int, lang: str) -> str:
    if lang == "nb":
        return f"{what} ({'1 post' if rows == 1 else f'{rows} poster'})"
    return f"{what} ({'1 record' if rows == 1 else f'{rows} records'})"


def _activity_names(declaration: Declaration | None, keys: list[str], lang: str) -> list[str]:
    if declaration is None:
        return []
    found = {a.key: text(a.name, lang) for a in declaration.activities}
    return [found[k] for k in keys if k in found]
