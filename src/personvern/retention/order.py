"""Sweeps in an order the database's foreign keys accept: rows that point at others first.

A collection with a reference to another (``orders.customer_id`` -> ``customers.id``) is swept
before it, so expired orders are gone before an expired customer is deleted. Within that,
the declaration's order is kept. Cycles keep the declaration's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from personvern.datamap.model import DataMap

T = TypeVar("T")


def parents(datamap: DataMap, address: str) -> set[str]:
    """Collections whose key ``address`` holds (its rows point at theirs), in the same dataset."""
    spec = datamap.collection(address)
    if spec is None:
        return set()
    found: set[str] = set()
    for field in spec.fields:  # references declared here: usually a foreign key to their key
        for ref in field.references:
            other = datamap.collection(ref.address)
            if other is None or ref.address == address:
                continue
            theirs = other.field(ref.field)
            if not (field.primary_key and theirs is not None and not theirs.primary_key):
                found.add(ref.address)
    for other in datamap.collections():  # declared on the other side: they name our field
        for field in other.fields:
            for ref in field.references:
                mine = spec.field(ref.field) if ref.address == address else None
                if mine is not None and other.address != address and field.primary_key \
                        and not mine.primary_key:
                    found.add(other.address)
    return found


def sweep_order(sweeps: Sequence[T], datamap: DataMap) -> list[T]:
    keys = [s.key for s in sweeps]
    present = set(keys)
    waiting_for = {k: {p for p in parents(datamap, k) if p in present} for k in keys}
    children = {k: {c for c in keys if k in waiting_for[c]} for k in keys}
    done: list[str] = []
    remaining = list(keys)
    while remaining:
        ready = next((k for k in remaining if not (children[k] - set(done))), remaining[0])
        done.append(ready)
        remaining.remove(ready)
    by_key = {s.key: s for s in sweeps}
    return [by_key[k] for k in done]
