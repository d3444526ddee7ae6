"""The legal and cross-reference rules of a declaration.

Each rule is a small function ``rule(ctx) -> Iterator[Problem]`` over the parts of the
declaration that are structurally valid (see ``context.py``); ``check`` runs them all.
"""

from __future__ import annotations

from personvern.declaration.paths import PathKey, get
from personvern.declaration.problems import Problem
from personvern.declaration.rules import (
    contact,
    cookies,
    languages,
    legal,
    references,
    retention,
    taxonomy_keys,
    transfers,
)
from personvern.declaration.rules.context import Rule, RuleContext, build_parts
from personvern.declaration.taxonomy import Taxonomy
from personvern.declaration.yamlsource import NodeInfo

RULES: tuple[Rule, ...] = (
    *references.RULES,
    *taxonomy_keys.RULES,
    *legal.RULES,
    *retention.RULES,
    *transfers.RULES,
    *contact.RULES,
    *cookies.RULES,
    *languages.RULES,
)


def context(data: dict, positions: dict[PathKey, NodeInfo], filename: str) -> RuleContext:
    parts = build_parts(data)
    raw = get(data, ("taxonomy", "data_categories"))
    custom = [
        (entry["key"], entry.get("special_category") is True)
        for entry in (raw if isinstance(raw, list) else [])
        if isinstance(entry, dict) and isinstance(entry.get("key"), str)
    ]
    return RuleContext(data, parts, positions, filename, Taxonomy(custom))


def check(data: dict, positions: dict[PathKey, NodeInfo], filename: str) -> list[Problem]:
    """Every rule's problems for the raw declaration ``data`` (a mapping)."""
    ctx = context(data, positions, filename)
    problems: list[Problem] = []
    for rule in RULES:
        problems.extend(rule(ctx))
    return problems


__all__ = ["RULES", "RuleContext", "check", "context"]
