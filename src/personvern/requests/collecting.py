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
    """Every column of every row about the person (EDPB 01/2022 § 4.2: order dates and log
    times are personal data when they relate to the person), in collections that hold personal
    data; only top-level columns the dataset marks ``fides_meta.relates_to_subject: false`` are
    left out (never a personal or identity field)."""
    view: Rows = {}
    for address, items in rows.items():
        spec = datamap.collection(address)
        if spec is None or not any(f.is_personal for f in spec.fields):
            continue
        left_out = _not_about_subject(spec)
        view[address] = [{k: v for k, v in row.items() if k not in left_out} for row in items]
    return view


def _not_about_subject(spec: CollectionSpec) -> set[str]:
    return {f.column for f in spec.fields
            if len(f.path) == 1 and not f.relates_to_subject and not f.is_personal}

