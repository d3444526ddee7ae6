"""A sweep written as SQL (SQLAlchemy Core on the connector's reflected tables).

Every rule becomes a two-valued predicate (never SQL NULL, so it can be negated safely):

- own date column: ``col IS NOT NULL AND col < :cutoff`` — indexable;
- a date in a related collection (``orders.placed_at`` for order items), found through the
  data map's references: some related row has expired and none has not
  (``EXISTS (… < :cutoff) AND NOT EXISTS (… >= :cutoff OR IS NULL)``);
- a condition: ``[NOT] EXISTS (SELECT 1 FROM other WHERE other.there = t.here …)``.

The cutoff is bound in the column's own type: a date, midnight UTC (naive or aware, as the
column stores it), or ISO-8601 text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Column, Table, and_, exists, false, not_, or_, select, true, tuple_
from sqlalchemy.sql.elements import ColumnElement

from personvern.connectors.types import kind_of
from personvern.datamap.model import DataMap
from personvern.retention.cutoff import midnight
from personvern.retention.rules import RuleTerm, SweepSpec

Key = tuple[Any, ...]


class SweepProblem(ValueError):
    """A sweep that cannot be written as SQL (a missing column, an integer date, no key)."""


@dataclass
class SweepSql:
    table: Table
    key_columns: list[Column[Any]]
    expired: ColumnElement[bool]
    per_activity: dict[str, ColumnElement[bool]] = field(default_factory=dict)

    def keyset(self, after: Sequence[Any] | None) -> ColumnElement[bool]:
        if after is None:
            return true()
        if len(self.key_columns) == 1:
            return self.key_columns[0] > after[0]
        return tuple_(*self.key_columns) > tuple_(*after)

    def key_in(self, keys: Sequence[Key]) -> ColumnElement[bool]:
        if len(self.key_columns) == 1:
            return self.key_columns[0].in_([k[0] for k in keys])
        return tuple_(*self.key_columns).in_([tuple(k) for k in keys])


def bound(column: Column[Any], day: date) -> Any:
    """``day`` at midnight UTC, as a value the column compares with."""
    kind = kind_of(column.type)
    if kind == "date":
        return day
    if kind == "datetime":
        return midnight(day, aware=bool(getattr(column.type, "timezone", False)))
    if kind in {"string", "other"}:
        return day.isoformat()
    raise SweepProblem(f"column '{column.table.name}.{column.name}' is of kind {kind}; a retention "
                       "anchor must be a date, a timestamp or ISO-8601 text")


def reference_pairs(datamap: DataMap, here: str, there: str) -> list[tuple[str, str]]:
    """(column of ``here``, column of ``there``) pairs linked by a reference, either way."""
    a, b = datamap.collection(here), datamap.collection(there)
    if a is None or b is None:
        return []
    pairs: list[tuple[str, str]] = []
    for mine in a.fields:
        for ref in mine.references:
            if ref.address == b.address:
                pairs.append((mine.column, ref.field.split(".")[0]))
    for theirs in b.fields:
        for ref in theirs.references:
            if ref.address == a.address:
                pairs.append((ref.field.split(".")[0], theirs.column))
    return list(dict.fromkeys(pairs))


class SqlBuilder:
    """Writes the predicates of one sweep; ``tables(name)`` reflects a table of its database."""

    def __init__(self, spec: SweepSpec, datamap: DataMap, tables: Any,
                 objected: dict[str, Collection[Key]] | None = None) -> None:
        self.spec = spec
        self.datamap = datamap
        self.tables = tables
        self.table: Table = tables(spec.collection)
        self.objected = objected or {}
        key = list(self.table.primary_key.columns)
        if not key:
            raise SweepProblem(f"table '{spec.collection}' has no primary key; retention sweeps "
                               "need one to work in batches")
        self.key_columns = key

    def build(self) -> SweepSql:
        per_activity = {terms.activity: self.activity(terms.activity) for terms in self.spec.activities}
        expired = and_(*per_activity.values()) if per_activity else false()
        return SweepSql(self.table, self.key_columns, expired, per_activity)

    def activity(self, name: str) -> ColumnElement[bool]:
        terms = next(a for a in self.spec.activities if a.activity == name)
        if terms.keeps or not terms.rules:
            return false()
        expression: ColumnElement[bool] = false()
        for rule in reversed(terms.rules):  # the first rule whose condition holds governs a row
            term = self.rule(rule)
            condition = self.condition(rule)
            expression = term if condition is None else or_(and_(condition, term),
                                                              and_(not_(condition), expression))
        return expression

    def rule(self, rule: RuleTerm) -> ColumnElement[bool]:
        parts: list[ColumnElement[bool]] = []
        if rule.field:
            parts.append(self.anchor(rule.field, rule.cutoff))
        objected = self.objected.get(rule.activity)
        if rule.anchor == "until_consent_withdrawn" and objected:
            key = SweepSql(self.table, self.key_columns, false())
            parts.append(key.key_in(sorted(objected, key=repr)))
        return or_(*parts) if parts else false()

    def anchor(self, name: str, day: date) -> ColumnElement[bool]:
        table = self.table
        if name in table.c:
            column = table.c[name]
            return and_(column.is_not(None), column < bound(column, day))
        other_name, _, other_column = name.partition(".")
        if not other_column or "." in other_column:
            raise SweepProblem(f"table '{table.name}' has no column '{name}'")
        other = self.tables(other_name).alias(f"anchor_{other_name}")
        if other_column not in other.c:
            raise SweepProblem(f"table '{other_name}' has no column '{other_column}'")
        pairs = reference_pairs(self.datamap, f"{self.spec.dataset}:{table.name}",
                                f"{self.spec.dataset}:{other_name}")
        if not pairs:
            raise SweepProblem(f"'{name}' is a date in {other_name}, but the data map has no reference "
                               f"between {table.name} and {other_name} to find the related row")
        link = or_(*[other.c[theirs] == table.c[mine] for mine, theirs in pairs])
        column = other.c[other_column]
        cut = bound(column, day)
        some_expired = exists(select(1).select_from(other).where(link, column.is_not(None), column < cut))
        some_kept = exists(select(1).select_from(other).where(link, or_(column.is_(None), column >= cut)))
        return and_(some_expired, not_(some_kept))

    def condition(self, rule: RuleTerm) -> ColumnElement[bool] | None:
        if rule.condition is None:
            return None
        parts: list[ColumnElement[bool]] = []
        for exists_spec, negate in ((rule.condition.unless_exists, True),
                                    (rule.condition.only_if_exists, False)):
            if exists_spec is None:
                continue
            other_name = exists_spec.collection.partition(".")[2]
            other = self.tables(other_name).alias(f"cond_{other_name}")
            matches = []
            for here, there in exists_spec.match.items():
                if here not in self.table.c or there not in other.c:
                    raise SweepProblem(f"{rule.name}: the condition compares {self.table.name}.{here} "
                                       f"with {other_name}.{there}, which do not both exist")
                matches.append(other.c[there] == self.table.c[here])
            found = exists(select(1).select_from(other).where(and_(*matches)))
            parts.append(not_(found) if negate else found)
        return and_(*parts)
