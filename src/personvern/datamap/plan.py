"""The traversal plan: which collections the identities reach, in which order, from which values.

A reference ``A.f -> B.g`` with ``direction: to`` lets values of ``A.f`` find rows of ``B`` by
``g`` (``from`` is the opposite, no direction both). A collection is reached when one of its
fields is an identity that was given, or a reference leads to it from a reached collection.

Order: the graph of "values of X are needed to query Y" (plus ``after``) is split into strongly
connected groups; groups run in topological order, so every collection is queried after every
collection that feeds it, except inside a cycle. Steps of a cycle carry ``cycle`` and the
executor repeats the group until no new values appear, so cycles lose nothing.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from personvern.datamap.model import CollectionSpec, DataMap, DatamapError
from personvern.datamap.render import render_dot, render_mermaid, render_text

__all__ = [
    "Edge", "Input", "Plan", "Step", "build_plan", "render_dot", "render_mermaid", "render_text",
    "unreachable_collections",
]

IDENTITY = "identity:"


@dataclass(frozen=True)
class Input:
    """Where the values for ``target_field`` come from: ``identity:<name>`` or
    ``dataset:collection.field``."""

    target_field: str
    source: str

    @property
    def identity(self) -> str | None:
        return self.source[len(IDENTITY):] if self.source.startswith(IDENTITY) else None

    @property
    def source_address(self) -> str | None:
        if self.identity is not None:
            return None
        dataset, _, rest = self.source.partition(":")
        return f"{dataset}:{rest.partition('.')[0]}"

    @property
    def source_field(self) -> str | None:
        if self.identity is not None:
            return None
        return self.source.partition(":")[2].partition(".")[2]


@dataclass(frozen=True)
class Step:
    collection: CollectionSpec
    inputs: tuple[Input, ...]
    cycle: tuple[str, ...] = ()  # addresses of the cycle this step belongs to (run to a fixpoint)

    @property
    def address(self) -> str:
        return self.collection.address


@dataclass(frozen=True)
class Edge:
    """Values of ``source_field`` in ``source`` find rows of ``target`` by ``target_field``.

    ``child`` is the collection that holds the foreign key (it is erased first)."""

    source: str
    source_field: str
    target: str
    target_field: str
    child: str | None = None


@dataclass
class Plan:
    steps: list[Step]
    identities: tuple[str, ...]
    unreachable: list[CollectionSpec] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    @property
    def unreachable_personal(self) -> list[CollectionSpec]:
        """Collections with personal data that no given identity reaches (an error at check)."""
        return [c for c in self.unreachable if c.personal_fields]

    def step(self, address: str) -> Step:
        for step in self.steps:
            if step.address == address:
                return step
        raise KeyError(address)

    def erase_order(self, foreign_keys: Iterable[tuple[str, str]] = ()) -> list[Step]:
        """The steps in the order to mask or delete: ``erase_after`` first (a hard rule), and a
        collection holding a foreign key before the collection it points to. ``foreign_keys``
        adds ``(child, parent)`` address pairs, e.g. from the database's own constraints."""
        index = {step.address: i for i, step in enumerate(self.steps)}
        hard: set[tuple[str, str]] = set()
        soft: set[tuple[str, str]] = set()
        for step in self.steps:
            for before in step.collection.erase_after:
                if before in index and before != step.address:
                    hard.add((before, step.address))
        pairs = [(e.child, e.target if e.child == e.source else e.source) for e in self.edges if e.child]
        for child, parent in [*pairs, *foreign_keys]:
            if child in index and parent in index and child != parent:
                soft.add((child, parent))
        try:
            order = _ordered(list(index), hard, soft, priority=lambda a: -index[a])
        except _Cycle:
            looped = sorted({a for pair in hard for a in pair})
            raise DatamapError(
                "the 'erase_after' entries of " + ", ".join(looped) + " form a cycle"
            ) from None
        return [self.steps[index[a]] for a in order]


def unreachable_collections(datamap: DataMap, identities: Iterable[str]) -> list[CollectionSpec]:
    return build_plan(datamap, identities).unreachable_personal


def build_plan(datamap: DataMap, identities: Iterable[str]) -> Plan:
    identities = tuple(dict.fromkeys(identities))
    problems = datamap.problems()
    if problems:
        raise DatamapError("; ".join(problems))
    collections = {c.address: c for c in datamap.collections() if not c.skip_processing}
    edges = _edges(collections)
    outgoing: dict[str, list[Edge]] = {a: [] for a in collections}
    for edge in edges:
        outgoing[edge.source].append(edge)

    seeds = [a for a, c in collections.items() if any(f.identity in identities for f in c.fields)]
    depth = {a: 0 for a in seeds}
    queue = deque(sorted(seeds))
    while queue:
        current = queue.popleft()
        for edge in outgoing[current]:
            if edge.target not in depth:
                depth[edge.target] = depth[current] + 1
                queue.append(edge.target)

    reached = sorted(depth, key=lambda a: (depth[a], a))
    before: set[tuple[str, str]] = {
        (e.source, e.target) for e in edges if e.source in depth and e.target in depth
    }
    after: set[tuple[str, str]] = set()
    for address in reached:
        for prior in collections[address].after:
            if prior in depth and prior != address:
                after.add((prior, address))
    groups = _strongly_connected(reached, before | after)
    rank = {a: (depth[a], a) for a in reached}
    order: list[str] = []
    cycles: dict[str, tuple[str, ...]] = {}
    group_of = {a: i for i, g in enumerate(groups) for a in g}
    group_edges = {(group_of[a], group_of[b]) for a, b in before | after if group_of[a] != group_of[b]}
    for gi in _ordered(list(range(len(groups))), group_edges, set(),
                       priority=lambda g: min(rank[a] for a in groups[g])):
        members = groups[gi]
        inner = {(a, b) for a, b in after if a in members and b in members}
        try:
            ordered = _ordered(members, inner, set(), priority=lambda a: rank[a])
        except _Cycle:
            raise DatamapError(
                "the 'after' entries of " + ", ".join(sorted(members)) + " form a cycle"
            ) from None
        order.extend(ordered)
        if len(members) > 1 or any((a, a) in before for a in members):
            for a in ordered:
                cycles[a] = tuple(ordered)

    steps = [Step(collections[a], _inputs(collections[a], identities, edges, depth),
                  cycles.get(a, ())) for a in order]
    unreachable = [c for a, c in collections.items() if a not in depth]
    used = [e for e in edges if e.source in depth and e.target in depth]
    return Plan(steps=steps, identities=identities, unreachable=unreachable, edges=used)


def _edges(collections: dict[str, CollectionSpec]) -> list[Edge]:
    edges: list[Edge] = []
    for address, collection in collections.items():
        for spec in collection.fields:
            for ref in spec.references:
                target = collections.get(ref.address)
                if target is None:
                    continue  # a skipped collection
                other = target.field(ref.field)
                child = _child(address, spec.primary_key, ref.address, bool(other and other.primary_key))
                if ref.direction in (None, "to"):
                    edges.append(Edge(address, spec.dotted, ref.address, ref.field, child))
                if ref.direction in (None, "from"):
                    edges.append(Edge(ref.address, ref.field, address, spec.dotted, child))
    return list(dict.fromkeys(edges))


def _child(declaring: str, declaring_is_key: bool, referenced: str, referenced_is_key: bool) -> str:
    """The collection holding the foreign key: the side that is not a primary key, else the side
    that declares the reference (Fides datasets declare references on the foreign key)."""
    if referenced_is_key and not declaring_is_key:
        return declaring
    if declaring_is_key and not referenced_is_key:
        return referenced
    return declaring


def _inputs(collection: CollectionSpec, identities: tuple[str, ...], edges: list[Edge],
            reached: dict[str, int]) -> tuple[Input, ...]:
    inputs = [Input(f.dotted, IDENTITY + f.identity) for f in collection.fields
              if f.identity and f.identity in identities]
    inputs += [Input(e.target_field, f"{e.source}.{e.source_field}") for e in edges
               if e.target == collection.address and e.source in reached]
    return tuple(dict.fromkeys(inputs))


class _Cycle(Exception):
    pass


def _ordered(nodes, hard, soft, *, priority):
    """Topological order of ``nodes`` (ties by ``priority``). ``hard`` edges must hold; when only
    ``soft`` edges block every remaining node, the best node still free of hard edges goes next."""
    incoming: dict = {n: {} for n in nodes}
    for kind, pairs in (("hard", hard), ("soft", soft)):
        for a, b in pairs:
            if a in incoming and b in incoming and a != b:
                incoming[b].setdefault(a, kind)
                if kind == "hard":
                    incoming[b][a] = "hard"
    ready = [(priority(n), n) for n in nodes if not incoming[n]]
    heapq.heapify(ready)
    done: list = []
    remaining = set(nodes)
    while remaining:
        if not ready:
            free = [n for n in remaining if "hard" not in incoming[n].values()]
            if not free:
                raise _Cycle()
            pick = min(free, key=priority)
            incoming[pick] = {}
            heapq.heappush(ready, (priority(pick), pick))
        _, node = heapq.heappop(ready)
        if node not in remaining:
            continue
        remaining.discard(node)
        done.append(node)
        for other in remaining:
            if node in incoming[other]:
                del incoming[other][node]
                if not incoming[other]:
                    heapq.heappush(ready, (priority(other), other))
    return done


def _strongly_connected(nodes: list[str], edges: set[tuple[str, str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; groups in discovery order."""
    graph: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in sorted(edges):
        if a in graph and b in graph:
            graph[a].append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
    return groups
