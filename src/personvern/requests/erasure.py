"""Erasure (Art. 17): collect, set aside what the law still requires, then erase collection by collection.

Steps: ``collect`` seals a snapshot of the person's rows (the originals the masking is computed
from), the rows kept under a legal obligation with their release dates, and the erase order;
then one step ``erase:<dataset>:<collection>`` per collection, each one transaction in the
company database. A step repeated after a crash first looks at the rows as they are now and
leaves out those already erased, so no row is masked twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from personvern.connectors.base import Connector
from personvern.datamap.execute import CollectionErasure, erase_collection
from personvern.datamap.plan import Plan
from personvern.keys import Keys
from personvern.masking.policy import deletes_row, mask_row
from personvern.requests.collecting import Rows, collect_rows, connected, plan_for
from personvern.requests.execution import StepContext, StepDef, StepOutcome
from personvern.requests.keep import partition
from personvern.requests.target import Target

COLLECT = "collect"
PREFIX = "erase:"


def collect_step(target: Target, identities: dict[str, str], today: Callable[[], date]) -> StepDef:
    def run(_ctx: StepContext) -> StepOutcome:
        plan = plan_for(target, identities)
        with connected(target) as connectors:
            rows = collect_rows(plan, connectors, identities)
            order = [s.address for s in plan.erase_order(_foreign_keys(plan, connectors, rows))]
        split = partition(target.declaration, target.datamap, rows, today())
        checkpoint = {"erase": split.erase, "kept": split.kept, "order": order}
        result = {
            "found": {a: len(r) for a, r in rows.items()},
            "kept": {k["collection"]: len(k["rows"]) for k in split.kept},
            "order": order,
        }
        return StepOutcome(result=result, checkpoint=checkpoint)

    return StepDef(COLLECT, run)


def erase_steps(target: Target, identities: dict[str, str], order: list[str], keys: Keys) -> list[StepDef]:
    plan = plan_for(target, identities)
    return [StepDef(PREFIX + address, _eraser(target, plan, address, keys)) for address in order]


def _eraser(target: Target, plan: Plan, address: str, keys: Keys) -> Callable[[StepContext], StepOutcome]:
    def run(ctx: StepContext) -> StepOutcome:
        rows: list[dict[str, Any]] = ctx.checkpoint(COLLECT)["erase"].get(address, [])
        step = plan.step(address)
        if not rows:
            return StepOutcome(result={"collection": address, "action": "none", "rows": 0})
        with connected(target) as connectors:
            connector = connectors[step.collection.dataset]
            earlier = 0
            if ctx.attempt > 1:  # an earlier attempt may have committed before it was stopped
                pending = not_yet_erased(step.collection, connector, rows, keys)
                earlier = len(rows) - len(pending)
                rows = pending
            outcome = erase_collection(step, connector, rows, keys)
        return StepOutcome(result=_summary(outcome, earlier))

    return run


def not_yet_erased(collection: Any, connector: Connector, rows: list[dict[str, Any]], keys: Keys) -> list[dict[str, Any]]:
    """The rows whose current values are not yet their erased values (or that still exist,
    for a collection whose rows are deleted)."""
    names = tuple(f.column for f in collection.primary_keys if len(f.path) == 1) or connector.primary_key(
        collection.name
    )
    if not names:
        return rows  # rows cannot be told apart: erase them again (same values, no harm)
    current = _current(connector, collection.name, names, rows)
    deleting = collection.deletes_rows or deletes_row(collection.fields)
    columns = None if deleting else connector.columns(collection.name)
    pending = []
    for row in rows:
        now = current.get(tuple(row.get(n) for n in names))
        if now is None:
            continue  # already deleted
        if deleting:
            pending.append(row)
            continue
        expected = mask_row(row, collection.fields, columns, keys)
        if any(now.get(column) != value for column, value in expected.items()):
            pending.append(row)
    return pending


def _current(connector: Connector, table: str, names: tuple[str, ...], rows: list[dict[str, Any]]) -> dict:
    wanted = {n: list({row.get(n) for row in rows if row.get(n) is not None}) for n in names[:1]}
    found = connector.retrieve(table, wanted)
    return {tuple(r.get(n) for n in names): r for r in found}


def _foreign_keys(plan: Plan, connectors: dict[str, Connector], rows: Rows) -> list[tuple[str, str]]:
    """(child, parent) pairs from the databases' own foreign keys, for collections with rows."""
    pairs: list[tuple[str, str]] = []
    for step in plan.steps:
        connector = connectors.get(step.collection.dataset)
        if not rows.get(step.address) or not hasattr(connector, "foreign_keys"):
            continue
        for table in connector.foreign_keys(step.collection.name):
            pairs.append((step.address, f"{step.collection.dataset}:{table}"))
    return pairs


def _summary(outcome: CollectionErasure, earlier: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "collection": outcome.address, "action": outcome.action,
        "masked": len(outcome.masked), "deleted": len(outcome.deleted),
        "unchanged": len(outcome.unchanged), "fields": list(outcome.fields),
    }
    if earlier:
        result["erased_by_earlier_attempt"] = earlier
    return result


def erasure_result(target: Target, kept: list[dict[str, Any]], steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The request's result: what was erased, and what was kept with the legal reason."""
    erased = [s for s in steps if s.get("action") not in (None, "none")]
    result: dict[str, Any] = {
        "erased": [
            {k: s[k] for k in ("collection", "action", "masked", "deleted", "fields", "erased_by_earlier_attempt") if k in s}
            for s in erased
        ],
        "kept": [
            {
                "collection": k["collection"], "activity": k["activity"], "law": k["law"],
                "reason": "GDPR Art. 17(3)(b): legal obligation" + (f" under {k['law']}" if k["law"] else ""),
                "rows": k["rows"],
                "release_date": _latest(k["rows"]),
            }
            for k in kept
        ],
        "retention_rules_applied": target.declaration is not None,
    }
    if target.declaration is None:
        result["note"] = (
            "no declaration was given: every reached row was erased with the default masking "
            "strategies and no retention rules were applied"
        )
    return result


def _latest(rows: list[dict[str, Any]]) -> str | None:
    dates = [r["release_date"] for r in rows]
    if any(d is None for d in dates):
        return None
    return max(dates) if dates else None

