"""Collecting a person's rows through the data map, and the part of them an export hands over."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from personvern.connectors.base import Connector
from personvern.datamap.execute import collect
from personvern.datamap.model import CollectionSpec, DataMap
from personvern.datamap.plan import Plan, build_plan
from personvern.requests.target import Target

Rows = dict[str, list[dict[str, Any]]]


def plan_for(target: Target, identities: dict[str, str]) -> Plan:
    return build_plan(target.datamap, list(identities))


@contextmanager
def connected(target: Target) -> Iterator[dict[str, Connector]]:
    connectors = target.connect()
    try:
        yield connectors
    finally:
        for connector in connectors.values():
            connector.close()


def collect_rows(plan: Plan, connectors: dict[str, Connector], identities: dict[str, str]) -> Rows:
    """Every row the plan reaches, by address (collections without rows left out)."""
    collected = collect(plan, connectors, identities, casefold_emails=True)
    return collected.nonempty()


def personal_view(datamap: DataMap, rows: Rows) -> Rows:
    """Only the fields with a personal data category, plus keys (primary and referencing keys)."""
    view: Rows = {}
    for address, items in rows.items():
        spec = datamap.collection(address)
        if spec is None:
            continue
        paths = _exported_paths(spec)
        if not paths:
            continue
        view[address] = [_project(row, paths) for row in items]
    return view


def _exported_paths(spec: CollectionSpec) -> list[tuple[str, ...]]:
    keep = [f for f in spec.fields if f.is_personal or f.primary_key or f.references]
    if not any(f.is_personal for f in keep):
        return []
    return [f.path for f in keep]


def _project(row: dict[str, Any], paths: list[tuple[str, ...]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path in paths:
        if path[0] not in row:
            continue
        if len(path) == 1:
            out[path[0]] = row[path[0]]
            continue
        source: Any = row
        target = out
        for depth, part in enumerate(path):
            if not isinstance(source, dict) or part not in source:
                break
            source = source[part]
            if depth == len(path) - 1:
                target[part] = source
            else:
                existing = target.get(part)
                if not isinstance(existing, dict):
                    existing = {} if isinstance(source, dict) else source
                    target[part] = existing
                if not isinstance(existing, dict):
                    break
                target = existing
    return out
