"""Finding the people a breach touched, from its selection, through the data map and connectors.

A selection names the rows (``nordlys.orders`` with ``placed_at`` in [start, end)). The rows are
read through the dataset's connector; the people are then reached by following the data map's
references (``orders.customer_id`` -> ``customers.id``) to a collection with an ``email``
identity field, read with the connector's ``retrieve``. Addresses are case-folded and unique.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, select
from sqlalchemy.exc import SQLAlchemyError

from personvern.breaches.facts import Selection
from personvern.connectors.base import Connector, ConnectorError
from personvern.datamap.model import CollectionSpec, DataMap, FieldSpec, address_of
from personvern.errors import Invalid

EMAIL = "email"
MAX_HOPS = 3


@dataclass(frozen=True)
class Found:
    addresses: list[str]
    rows: int  # rows of the selected collection
    path: list[str]  # collections walked, e.g. ["nordlys:orders", "nordlys:customers"]


def _email_field(spec: CollectionSpec) -> FieldSpec | None:
    return next((f for f in spec.fields if f.identity == EMAIL), None)


def _links(datamap: DataMap, spec: CollectionSpec) -> list[tuple[str, str, str]]:
    """(field here, other collection's address, field there): the references this collection
    declares (orders.customer_id -> customers.id); only when it declares none, those pointing at it."""
    links = [(f.dotted, ref.address, ref.field) for f in spec.fields for ref in f.references]
    if links:
        return links
    for other in datamap.collections():
        for f in other.fields:
            for ref in f.references:
                if ref.address == spec.address:
                    links.append((ref.field, other.address, f.dotted))
    return links


def _bound(column: Any, instant: datetime) -> Any:
    kind = column.type
    if isinstance(kind, DateTime):
        return instant if kind.timezone else instant.astimezone(UTC).replace(tzinfo=None)
    if isinstance(kind, Date):
        return date.fromisoformat(instant.astimezone(UTC).date().isoformat())
    return instant.astimezone(UTC).isoformat()


def selected_rows(connector: Connector, spec: CollectionSpec, selection: Selection) -> list[dict[str, Any]]:
    """The rows of the selection, read with one range query on the connector's table."""
    table_of = getattr(connector, "table", None)
    handle = getattr(connector, "handle", None)
    if table_of is None or handle is None:
        raise Invalid(f"dataset '{spec.dataset}': its connector cannot select a range of rows")
    table = table_of(spec.name)
    if selection.field not in table.columns:
        raise Invalid(f"collection '{selection.collection}' has no column '{selection.field}'")
    column = table.columns[selection.field]
    query = select(table).where(column >= _bound(column, selection.start), column < _bound(column, selection.end))
    try:
        with handle.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]
    except SQLAlchemyError:
        raise ConnectorError(spec.dataset, f"reading table '{spec.name}' failed") from None


def find_people(datamap: DataMap, connectors: Mapping[str, Connector], selection: Selection) -> Found:
    dataset, _, name = selection.collection.partition(".")
    start = datamap.collection(address_of(dataset, name))
    if start is None:
        raise Invalid(f"the data map has no collection '{selection.collection}'")
    if start.field(selection.field) is None:
        raise Invalid(f"collection '{selection.collection}' declares no field '{selection.field}'")
    if dataset not in connectors:
        raise Invalid(f"no connection for dataset '{dataset}'")
    rows = selected_rows(connectors[dataset], start, selection)
    addresses: set[str] = set()
    path: list[str] = [start.address]
    queue: deque[tuple[CollectionSpec, list[dict[str, Any]], int]] = deque([(start, rows, 0)])
    seen = {start.address}
    while queue:
        spec, items, hops = queue.popleft()
        email = _email_field(spec)
        if email is not None:
            addresses.update(str(r[email.column]).strip().casefold() for r in items if r.get(email.column))
            continue
        if hops >= MAX_HOPS:
            continue
        for here, there_address, there_field in _links(datamap, spec):
            there = datamap.collection(there_address)
            if there is None or there.address in seen or there.dataset not in connectors:
                continue
            values = sorted({r[here] for r in items if r.get(here) is not None}, key=str)
            if not values:
                continue
            seen.add(there.address)
            path.append(there.address)
            found = connectors[there.dataset].retrieve(there.name, {there_field: values})
            queue.append((there, found, hops + 1))
    if rows and not addresses:
        raise Invalid(f"no email address reachable from '{selection.collection}' through the data map "
                      f"(walked: {', '.join(path)})")
    return Found(sorted(addresses), len(rows), path)
