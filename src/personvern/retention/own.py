"""Retention of personvern's own records: each rule is one small entry in ``own_rules``.

- ``consent_records``: proof of consent, deleted a period after the consent expired (default
  12 months, ``PERSONVERN__RETENTION__OWN__CONSENT_RECORDS``). A declaration activity with
  purpose ``functional.storage.privacy_preferences`` whose retention counts from ``collected``
  is the company's own promise ("erased 12 months after registration") and wins. Records are
  deleted only in whole checkpoint ranges (the consent ledger seals them in ranges; a range
  erased completely is "retired", a range erased in part would look tampered with), and only
  once a checkpoint has sealed them.
- ``export_packages``: the encrypted file is deleted and the package marked deleted a period
  after it was made (default 30 days), also if its link has not expired.
- ``request_details``: a finished request's sealed identities and parameters are wiped
  (default 36 months after it finished); the audit log keeps what was done.
- ``case_details``: what a person wrote in the privacy center, wiped like request details.
- ``verification_codes``: the hash of a one-time code, removed a period after it expired.

Tables that do not exist (a package not installed yet) are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, and_, func, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from personvern.db.database import Database
from personvern.declaration.model import Declaration
from personvern.retention.config import OwnDataRetention
from personvern.retention.cutoff import cutoff, midnight, parse_period
from personvern.retention.entities import ActResult, Batch, Key

CONSENT_PURPOSE = "functional.storage.privacy_preferences"
FINAL_REQUEST_STATES = ("completed", "refused", "referred")

Eligible = Callable[[Session, Table, date, str], ColumnElement[bool]]  # (…, cutoff, anchor)


@dataclass(frozen=True)
class OwnRule:
    key: str
    table: str
    anchor: str  # the timestamp column the period counts from
    period: str
    action: str  # "delete", "wipe" (personal columns emptied) or "delete_file"
    description: str
    source: str = "settings"
    eligible: Eligible | None = None  # further rows-in-scope predicate, built at sweep start
    wipe: Callable[[Mapping[str, Any], datetime], dict[str, Any]] | None = None
    read: tuple[str, ...] = ()


class OwnSweep:
    """A sweep over one of personvern's own tables (same batch protocol as a collection's)."""

    def __init__(self, rule: OwnRule, database: Database, table: Table, now: datetime) -> None:
        self.rule = rule
        self.key = f"personvern:{rule.key}"
        self.action = rule.action
        self.database = database
        self.table = table
        self.now = now
        self.cutoff = cutoff("collected", parse_period(rule.period), now.date())
        self.id = next(iter(table.primary_key.columns))
        anchor = table.c[rule.anchor]
        self.predicate: ColumnElement[bool] = and_(anchor.is_not(None),
                                                   anchor < midnight(self.cutoff, aware=True))
        if rule.eligible is not None:
            with database.read() as session:
                self.predicate = and_(self.predicate, rule.eligible(session, table, self.cutoff, rule.anchor))

    @property
    def blocked(self) -> str | None:
        return None

    @property
    def error(self) -> str | None:
        return None

    def detail(self) -> dict[str, Any]:
        return {
            "table": self.rule.table, "action": self.action, "anchor": self.rule.anchor,
            "period": self.rule.period, "cutoff": self.cutoff.isoformat(),
            "description": self.rule.description, "source": self.rule.source,
            "rules": [{"rule": self.key, "summary": f"{self.action} {self.rule.period} after "
                       f"{self.rule.anchor}: cutoff {self.cutoff}"}],
        }

    def next_batch(self, after: Key | None, size: int, *, keys: bool = False) -> Batch:
        keyset = self.id > after[0] if after else true()
        with self.database.read() as session:
            ids = session.execute(select(self.id).where(self.predicate, keyset)
                                  .order_by(self.id).limit(size)).scalars().all()
        found = [(i,) for i in ids]
        return Batch(count=len(found), last=found[-1] if found else None, act=list(found), keys=found)

    def remaining(self, keys: list[Key]) -> list[Key]:
        with self.database.read() as session:
            ids = session.execute(select(self.id).where(self.id.in_([k[0] for k in keys]),
                                                        self.predicate)).scalars().all()
        return [(i,) for i in ids]

    def act(self, keys: list[Key]) -> ActResult:
        ids = [k[0] for k in keys]
        if not ids:
            return ActResult()
        where = and_(self.id.in_(ids), self.predicate)
        with self.database.write() as session:
            if self.action == "delete":
                return ActResult(affected=session.execute(self.table.delete().where(where)).rowcount)
            columns = [self.id, *(self.table.c[n] for n in self.rule.read)]
            rows = session.execute(select(*columns).where(where)).mappings().all()
            for row in rows:
                if self.action == "delete_file" and row.get("path"):
                    Path(row["path"]).unlink(missing_ok=True)
                values = self.rule.wipe(row, self.now) if self.rule.wipe else {}
                session.execute(self.table.update().where(self.id == row[self.id.name]).values(values))
            return ActResult(affected=len(rows))

    def examples(self, keys: list[Key]) -> list[dict[str, Any]]:
        return [{self.id.name: k[0]} for k in keys[:5]]


# --- the rules ------------------------------------------------------------------------------

def _consent_ranges(session: Session, table: Table, day: date, anchor: str) -> ColumnElement[bool]:
    """Records up to the end of the first run of sealed checkpoint ranges that have all expired."""
    from personvern.db.registry import metadata

    checkpoints = metadata.tables["consent_checkpoints"]
    records = table.alias("r")
    newest = (select(func.max(records.c[anchor]))
              .where(records.c.id.between(checkpoints.c.first_record_id, checkpoints.c.last_record_id))
              .scalar_subquery())
    limit = midnight(day, aware=True)
    last = 0
    for last_id, newest_value in session.execute(
        select(checkpoints.c.last_record_id, newest).order_by(checkpoints.c.first_record_id)
    ):
        if newest_value is not None and _aware(newest_value) >= limit:
            break
        last = last_id
    return table.c.id <= last


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _requests_wipe(sealer: Any) -> Callable[[Mapping[str, Any], datetime], dict[str, Any]]:
    from personvern.requests.repository import _identity_context, _params_context

    def wipe(row: Mapping[str, Any], _now: datetime) -> dict[str, Any]:
        return {
            "identity_enc": sealer.seal({}, context=_identity_context(row["id"])),
            "params_enc": sealer.seal({}, context=_params_context(row["id"])),
            "identity_hash": "",
        }

    return wipe


def own_rules(config: OwnDataRetention, declaration: Declaration | None, *, sealer: Any) -> list[OwnRule]:
    consent = OwnRule(
        key="consent_records", table="consent_records", anchor="expires_at",
        period=config.consent_records, action="delete",
        description="Proof of consent is deleted once its consent has expired and the period has "
                    "passed, in whole checkpoint ranges.",
        eligible=_consent_ranges,
    )
    activity = _consent_activity(declaration)
    if activity is not None:
        key, period = activity
        consent = OwnRule(**{**consent.__dict__, "anchor": "recorded_at", "period": period,
                             "source": f"declaration activity {key}",
                             "description": "Proof of consent is deleted the declared period after it "
                                            "was registered, in whole checkpoint ranges."})
    rules = [
        consent,
        OwnRule(
            key="export_packages", table="export_packages", anchor="created_at",
            period=config.export_packages, action="delete_file",
            description="Export packages are deleted (file and link) the period after they were made.",
            eligible=lambda _s, table, _d, _a: table.c.deleted_at.is_(None),
            wipe=lambda _row, now: {"deleted_at": now}, read=("path",),
        ),
        OwnRule(
            key="request_details", table="requests", anchor="completed_at",
            period=config.request_details, action="wipe",
            description="A finished request's sealed identities and parameters are wiped; its kind, "
                        "dates, state and the audit log stay.",
            eligible=lambda _s, table, _d, _a: and_(table.c.state.in_(FINAL_REQUEST_STATES),
                                                table.c.identity_hash != ""),
            wipe=_requests_wipe(sealer),
        ),
        OwnRule(
            key="case_details", table="pc_cases", anchor="closed_at",
            period=config.request_details, action="wipe",
            description="What a person wrote in the privacy center (sealed) is wiped the same period "
                        "after the case was closed.",
            eligible=lambda _s, table, _d, _a: table.c.details_enc != "",
            wipe=lambda _row, _now: {"details_enc": ""},
        ),
        OwnRule(
            key="verification_codes", table="pc_submissions", anchor="expires_at",
            period=config.verification_codes, action="wipe",
            description="The hash of a one-time verification code is removed after the code expired.",
            eligible=lambda _s, table, _d, _a: table.c.code_hash.is_not(None),
            wipe=lambda _row, _now: {"code_hash": None},
        ),
    ]
    return rules


def _consent_activity(declaration: Declaration | None) -> tuple[str, str] | None:
    if declaration is None:
        return None
    for activity in declaration.activities:
        if activity.covers or not activity.purpose.startswith(CONSENT_PURPOSE):
            continue
        for rule in activity.retention_rules():
            if rule.anchor == "collected" and rule.period:
                return activity.key, rule.period
    return None
