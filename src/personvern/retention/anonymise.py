"""Anonymising expired rows with the masking strategies.

The new values come from ``masking.policy.mask_row(..., anonymise=True)``: null, a fixed
value, a surrogate derived from the row's key, a date generalised to its year, an IP address
truncated to /24 or /48. A keyed hash is pseudonymisation, not anonymisation (whoever holds
the key can recompute it from the original), so a ``keyed_hash`` override becomes a surrogate
here. Primary keys stay (other rows point at them; they identify nobody once the rest is gone).

``mask_row`` returns only the columns that change, so an anonymised row is recognised by
having nothing left to change: a second run changes nothing. To avoid re-reading every old
row on every run, ``needs_work`` is a SQL pre-filter that lets through at least every row
with something left to change (``IS NOT NULL`` for a nulled column, ``<> 'REDACTED'`` for a
fixed text, an IP address not in its truncated form…); the final word is ``mask_row``'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, false, not_, or_
from sqlalchemy.sql.elements import ColumnElement

from personvern.connectors.base import ColumnInfo
from personvern.datamap.model import CollectionSpec, FieldSpec
from personvern.masking.policy import choose, mask_row, maskable
from personvern.masking.strategies import DeleteRow, Fixed, Null, Surrogate, TruncateIp

COMPARABLE = frozenset({"string", "integer", "decimal", "float", "boolean", "date", "datetime"})
SURROGATE_PREFIX = "erased-"
SURROGATE_MIN_LENGTH = 46  # "erased-" + 24 hex + "@erased.invalid"


@dataclass
class Anonymiser:
    spec: CollectionSpec
    columns: Mapping[str, ColumnInfo]
    keys: Any  # personvern.keys.Keys, for surrogates

    @property
    def fields(self) -> list[FieldSpec]:
        return maskable(self.spec.fields)

    @property
    def row_key(self) -> tuple[str, ...]:
        return tuple(name for name, info in self.columns.items() if info.primary_key)

    def read_columns(self) -> list[str]:
        """The columns to read: the key and every column holding a personal field."""
        names = [*self.row_key, *(f.column for f in self.fields)]
        return [n for n in dict.fromkeys(names) if n in self.columns]

    def missing_columns(self) -> list[str]:
        return sorted({f.column for f in self.fields if f.column not in self.columns})

    def new_values(self, row: Mapping[str, Any]) -> dict[str, object]:
        return mask_row(row, self.spec.fields, self.columns, self.keys, anonymise=True)

    def needs_work(self, table: Table) -> ColumnElement[bool]:
        parts = [part for f in self.fields if (part := self._needs_work(table, f)) is not None]
        return or_(*parts) if parts else false()

    def _needs_work(self, table: Table, spec: FieldSpec) -> ColumnElement[bool] | None:
        column = table.c[spec.column]
        info = self.columns[spec.column]
        present = column.is_not(None)
        if len(spec.path) > 1:
            return present
        strategy = choose(spec, info, keys=self.keys, anonymise=True, row_key=self.row_key)
        if isinstance(strategy, DeleteRow):
            return None
        if isinstance(strategy, Null):
            return present
        if isinstance(strategy, Fixed) and info.kind in COMPARABLE:
            value = strategy.mask(None, field=spec, row={})
            return present if value is None else and_(present, column != value)
        if (isinstance(strategy, TruncateIp) and info.kind == "string"
                and (strategy.ipv4_prefix, strategy.ipv6_prefix) == (24, 48)):
            # truncated: IPv4 ends in ".0"; IPv6 is at most three groups and "::" ("a:b:c::")
            ipv6 = column.like("%:%")
            return and_(present, or_(
                and_(not_(ipv6), not_(column.like("%.0"))),
                and_(ipv6, or_(not_(column.like("%::")), column.like("%:%:%:%::"))),
            ))
        if (isinstance(strategy, Surrogate) and info.kind == "string" and strategy.length is None
                and (info.length is None or info.length >= SURROGATE_MIN_LENGTH)):
            return and_(present, not_(column.like(SURROGATE_PREFIX + "%")))
        return present
