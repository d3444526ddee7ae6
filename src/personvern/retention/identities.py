"""Whose rows are these? Identity values of a batch of rows, as keyed hashes.

Restrictions (Art. 18), objections (Art. 21) and legal holds on a person are stored by the
keyed hash of an identity (``email:kari@example.com``), never in plain text. To know whether a
row belongs to such a person, the sweep reads the row's identity fields (``fides_meta.identity``
in the data map) or, for a collection without one (order items), the identity fields of the
nearest collection its references lead to (order -> customer), and hashes them the same way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select, tuple_
from sqlalchemy.engine import Connection

from personvern.datamap.model import DataMap
from personvern.retention.predicates import Key, reference_pairs

MAX_DEPTH = 3

Hasher = Callable[[str, str], str]  # (identity type, value) -> keyed hash


@dataclass(frozen=True)
class Hop:
    collection: str
    pairs: tuple[tuple[str, str], ...]  # (column of the previous collection, column of this one)


@dataclass(frozen=True)
class IdentitySource:
    hops: tuple[Hop, ...]  # empty: the collection's own fields
    fields: tuple[tuple[str, str], ...]  # (column, identity type) in the last collection


def identity_sources(datamap: DataMap, dataset: str, collection: str) -> list[IdentitySource]:
    """Where the identities of a row are: its own identity fields, else the nearest ones."""

    def own(name: str) -> tuple[tuple[str, str], ...]:
        spec = datamap.collection(f"{dataset}:{name}")
        if spec is None:
            return ()
        return tuple((f.column, f.identity) for f in spec.fields if f.identity and len(f.path) == 1)

    if own(collection):
        return [IdentitySource((), own(collection))]
    spec = datamap.datasets.get(dataset)
    names = [c.name for c in spec.collections] if spec else []
    queue: deque[tuple[str, tuple[Hop, ...]]] = deque([(collection, ())])
    seen = {collection}
    found: list[IdentitySource] = []
    while queue:
        name, hops = queue.popleft()
        if found and len(hops) >= len(found[0].hops):
            break
        if len(hops) >= MAX_DEPTH:
            continue
        for other in names:
            if other in seen:
                continue
            pairs = reference_pairs(datamap, f"{dataset}:{name}", f"{dataset}:{other}")
            if not pairs:
                continue
            path = (*hops, Hop(other, tuple(pairs)))
            if own(other):
                found.append(IdentitySource(path, own(other)))
            else:
                queue.append((other, path))
            seen.add(other)
    return found


def hashes_by_key(conn: Connection, table: Table, key_columns: Sequence[Any], keys: Sequence[Key],
                  sources: Iterable[IdentitySource], tables: Callable[[str], Table],
                  hasher: Hasher) -> dict[Key, set[str]]:
    """Every identity hash found for each row key of ``keys``."""
    found: dict[Key, set[str]] = {tuple(k): set() for k in keys}
    if not keys:
        return found
    key_values = [k[0] for k in keys] if len(key_columns) == 1 else None
    for source in sources:
        joined: Any = table
        current: Table = table
        for number, hop in enumerate(source.hops):
            other = tables(hop.collection).alias(f"ident_{number}")
            condition = None
            for mine, theirs in hop.pairs:
                clause = other.c[theirs] == current.c[mine]
                condition = clause if condition is None else condition | clause
            joined = joined.outerjoin(other, condition)
            current = other
        columns = [current.c[column].label(f"identity_{i}") for i, (column, _) in enumerate(source.fields)]
        query = select(*key_columns, *columns).select_from(joined)
        if key_values is not None:
            query = query.where(key_columns[0].in_(key_values))
        else:
            query = query.where(tuple_(*key_columns).in_([tuple(k) for k in keys]))
        width = len(key_columns)
        for record in conn.execute(query):
            values = tuple(record)
            key = values[:width]
            for (_, identity), value in zip(source.fields, values[width:], strict=True):
                if value is not None and str(value).strip():
                    found.setdefault(key, set()).add(hasher(identity, str(value)))
    return found
