"""Retention rules: every controller activity says how long, counted from what, on which field."""

from __future__ import annotations

from collections.abc import Iterator

from personvern.declaration.model import Activity, Retention
from personvern.declaration.paths import PathKey, did_you_mean
from personvern.declaration.problems import Problem
from personvern.declaration.rules.context import Item, RuleContext
from personvern.declaration.rules.references import check_collection

EXAMPLE = "e.g. retention: {period: P30D, anchor: collected, field: created_at}"


def _rules(item: Item[Activity]) -> list[tuple[PathKey, Retention]]:
    retention = item.model.retention
    if retention is None:
        return []
    if isinstance(retention, list):
        return [(item.at("retention", i), rule) for i, rule in enumerate(retention)]
    return [(item.at("retention"), retention)]


def required(ctx: RuleContext) -> Iterator[Problem]:
    for item in ctx.activities:
        activity = item.model
        if activity.role.kind == "controller" and not activity.retention_rules():
            yield ctx.problem(
                item.path,
                (
                    f"{ctx.name(item.path)} has no retention; say how long its data is kept (GDPR "
                    "Art. 5(1)(e), "
                    f"13(2)(a)): add retention: with a period and an anchor, {EXAMPLE}"
                ),
                key=True,
            )


def _check_rule(
    ctx: RuleContext, item: Item[Activity], path: PathKey, rule: Retention
) -> Iterator[Problem]:
    activity = item.model
    name = f"the retention of {ctx.name(item.path)}"
    if rule.anchor != "until_consent_withdrawn" and rule.period is None:
        yield ctx.problem(
            path,
            (
                f"{name} has no period; add period: an ISO-8601 period such as P30D or P5Y "
                "(only anchor until_consent_withdrawn needs none)"
            ),
            key=True,
        )
    if rule.anchor == "until_consent_withdrawn" and activity.legal_basis != "consent":
        yield ctx.problem(
            (*path, "anchor"),
            (
                f"{name} is anchored until_consent_withdrawn, but the activity's legal basis is "
                f"{activity.legal_basis}, not consent; choose another anchor"
            ),
        )
    if rule.anchor == "event" and rule.event is None:
        yield ctx.problem(
            (*path, "anchor"),
            (
                f"{name} is anchored at an event but names none; add event: the domain event that "
                "starts "
                "the period (e.g. event: recruitment_closed) and field: where its date is stored"
            ),
        )
    if rule.anchor != "event" and rule.event is not None:
        yield ctx.problem(
            (*path, "event"),
            (
                f"{name} names event '{rule.event}' but its anchor is {rule.anchor}; set anchor: "
                "event, or remove event"
            ),
        )
    has_field = rule.field is not None or bool(rule.fields)
    if activity.covers and rule.anchor != "until_consent_withdrawn" and not has_field:
        yield ctx.problem(
            (*path, "anchor"),
            (
                f"{name} counts from {rule.anchor} but does not say where that date is; add field: "
                "the date "
                "column (same name in every covered collection) or "
                "fields: {dataset.collection: column}"
            ),
        )
    if not activity.covers and has_field:
        which = "field" if rule.field is not None else "fields"
        yield ctx.problem(
            (*path, which),
            (
                f"{name} names a date {which}, but the activity covers no collection; add covers: "
                "[dataset.collection, ...] or remove the field"
            ),
            key=True,
        )
    for collection in (rule.fields or {}) if activity.covers else {}:
        if collection not in activity.covers:
            match = did_you_mean(collection, activity.covers)
            fix = f"did you mean '{match}'?" if match else "add it to covers: or fix the name"
            yield ctx.problem(
                (*path, "fields", collection),
                (
                    f"{name} has a field for '{collection}', which the activity does not cover; "
                    f"{fix}"
                ),
                key=True,
            )
    yield from _condition(ctx, path, rule, name)


def _condition(ctx: RuleContext, path: PathKey, rule: Retention, name: str) -> Iterator[Problem]:
    if rule.condition is None:
        return
    datasets = ctx.parts.declared("datasets")
    for kind in ("unless_exists", "only_if_exists"):
        exists = getattr(rule.condition, kind)
        if exists is not None:
            where = (*path, "condition", kind, "collection")
            what = f"the condition collection '{exists.collection}' of {name}"
            yield from check_collection(ctx, where, exists.collection, what, datasets)
    if rule.condition.unless_exists is None and rule.condition.only_if_exists is None:
        yield ctx.problem(
            (*path, "condition"),
            (
                f"{name} has an empty condition; add unless_exists: or only_if_exists:, or remove "
                "condition"
            ),
            key=True,
        )


def rules(ctx: RuleContext) -> Iterator[Problem]:
    for item in ctx.activities:
        for path, rule in _rules(item):
            yield from _check_rule(ctx, item, path, rule)


RULES = (required, rules)
