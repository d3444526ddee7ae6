"""Data uses, categories and subjects are fideslang keys (or the declaration's own categories)."""

from __future__ import annotations

from collections.abc import Iterator

from personvern.declaration.paths import did_you_mean
from personvern.declaration.problems import Problem
from personvern.declaration.rules.context import RuleContext
from personvern.declaration.taxonomy import fides_taxonomy, parent_of

EXAMPLES = {
    "data use": "essential.service, marketing.communications.email or analytics.reporting",
    "data category": "user.contact.email, user.name or user.device.ip_address",
    "data subject": "customer, prospect, visitor or employee",
}


def _unknown(
    ctx: RuleContext, path: tuple, kind: str, key: str, known: frozenset[str], owner: str
) -> Problem:
    match = did_you_mean(key, known, cutoff=0.75)
    if match:
        fix = f"did you mean '{match}'?"
    else:
        fix = f"use a fideslang {kind} such as {EXAMPLES[kind]}"
        if kind == "data category":
            fix += ", or declare your own under taxonomy.data_categories"
    return ctx.problem(path, f"unknown {kind} '{key}' in {owner}; {fix}")


def activity_keys(ctx: RuleContext) -> Iterator[Problem]:
    taxonomy = ctx.taxonomy
    for item in ctx.activities:
        activity = item.model
        owner = ctx.name(item.path)
        if activity.purpose not in taxonomy.data_uses:
            yield _unknown(
                ctx, item.at("purpose"), "data use", activity.purpose, taxonomy.data_uses, owner
            )
        for index, key in enumerate(activity.data_categories):
            if key not in taxonomy.data_categories:
                path = item.at("data_categories", index)
                yield _unknown(ctx, path, "data category", key, taxonomy.data_categories, owner)
        for index, key in enumerate(activity.data_subjects):
            if key not in taxonomy.data_subjects:
                path = item.at("data_subjects", index)
                yield _unknown(ctx, path, "data subject", key, taxonomy.data_subjects, owner)


def custom_categories(ctx: RuleContext) -> Iterator[Problem]:
    fides = fides_taxonomy().data_categories
    known = set(fides) | ctx.parts.declared("categories")
    for item in ctx.items("categories"):
        key = item.model.key
        parent = parent_of(key)
        if key in fides:
            yield ctx.problem(
                item.at("key"),
                (
                    f"custom category '{key}' is already a fideslang data category; use it as it "
                    "is and remove "
                    "this entry, or choose a new key below it"
                ),
            )
        elif parent is None or parent not in known:
            match = did_you_mean(parent or key, fides, cutoff=0.75)
            hint = f" (did you mean '{match}'?)" if match else ""
            yield ctx.problem(
                item.at("key"),
                (
                    f"custom category '{key}' has no known parent{hint}; a custom key must extend "
                    "a fideslang "
                    "category with one more part, e.g. user.workplace.trade_union"
                ),
            )


RULES = (activity_keys, custom_categories)
