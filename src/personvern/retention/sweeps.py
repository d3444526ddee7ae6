"""A sweep over one collection of a company database, in batches.

A batch is the next ``n`` rows of ``SELECT key FROM t WHERE <expired> AND key > :last ORDER BY
key LIMIT :n`` (keyset pagination: nothing is scanned twice, and a resumed run starts after the
last key done). Then, in one short transaction of its own:

- when no row of the batch is to be left alone: ``DELETE FROM t WHERE key > :last AND key <=
  :batch_last AND <expired>`` (only the count and the last key are read, no key list);
- else (persons on hold or restricted, anonymisation): ``DELETE`` / ``UPDATE … WHERE key IN
  (…) AND <expired>`` for the keys that may go.

The predicate is checked again in the transaction, so a row that changed in between (a
customer who logged in) is left alone. A batch the database refuses as a whole (a foreign key)
is retried row by row, so one row held by a constraint does not keep the others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, bindparam, func, not_, select, true
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from personvern.connectors.errors import describe_error
from personvern.connectors.types import coerce
from personvern.datamap.model import CollectionSpec, DataMap
from personvern.retention.anonymise import Anonymiser
from personvern.retention.entities import EXAMPLES, ActResult, Batch, Key
from personvern.retention.guard import PersonGuard
from personvern.retention.identities import Hasher, hashes_by_key, identity_sources
from personvern.retention.predicates import SqlBuilder, SweepProblem, SweepSql
from personvern.retention.rules import SweepSpec

UNCHANGED = "already_anonymous"
IN_LIST = {"sqlite": 500}
DEFAULT_IN_LIST = 10_000


class CollectionSweep:
    def __init__(self, spec: SweepSpec, datamap: DataMap, connector: Any, *, guard: PersonGuard,
                 hasher: Hasher, keys: Any, now: datetime, held: str | None = None) -> None:
        self.spec = spec
        self.key = spec.key
        self.action = spec.action
        self.datamap = datamap
        self.connector = connector
        self.guard = guard
        self.hasher = hasher
        self.now = now
        self.problem: str | None = None
        self.held = held
        self.collection: CollectionSpec | None = datamap.collection(spec.key)
        self.sql: SweepSql | None = None
        self.anonymiser: Anonymiser | None = None
        self.sources: list[Any] = []
        if self.blocked:
            return
        try:
            self.engine: Engine = connector.handle.engine
            self.sources = identity_sources(datamap, spec.dataset, spec.collection)
            objected = self._objected()
            self.sql = SqlBuilder(spec, datamap, connector.table, objected).build()
            if self.action == "anonymise":
                assert self.collection is not None
                self.anonymiser = Anonymiser(self.collection, connector.columns(spec.collection), keys)
                missing = self.anonymiser.missing_columns()
                if missing:
                    raise SweepProblem(f"table '{spec.collection}' has no column {', '.join(missing)}")
        except (SweepProblem, ValueError) as exc:
            self.problem = str(exc)
        except SQLAlchemyError as exc:  # reflection failed
            self.problem = describe_error(exc, f"reading table '{spec.collection}'", connector.handle.engine)

    # --- what it is -----------------------------------------------------------------
    @property
    def blocked(self) -> str | None:
        """Why the sweep is skipped by design (a legal hold, an activity that keeps the data)."""
        return self.held or self.spec.blocked

    @property
    def error(self) -> str | None:
        """Why the sweep cannot run (a missing column, a database that cannot be reached)."""
        return self.problem

    @property
    def table(self) -> Table:
        assert self.sql is not None
        return self.sql.table

    def detail(self) -> dict[str, Any]:
        return {
            "dataset": self.spec.dataset, "collection": self.spec.collection, "action": self.action,
            "rules": [r.as_dict() for r in self.spec.rules],
            "activities": [a.activity for a in self.spec.activities],
            "notes": list(self.spec.notes), "blocked": self.blocked, "error": self.error,
            "identities": "own fields" if self.sql and self.sources and not self.sources[0].hops else (
                " -> ".join(h.collection for h in self.sources[0].hops) if self.sql and self.sources
                else "none"),
        }

    def _where(self) -> Any:
        assert self.sql is not None
        where = self.sql.expired
        if self.anonymiser is not None:
            where = and_(where, self.anonymiser.needs_work(self.sql.table))
        return where

    def _columns(self) -> list[Any]:
        assert self.sql is not None
        keys = list(self.sql.key_columns)
        if self.anonymiser is None:
            return keys
        names = {c.name for c in keys}
        return [*keys, *(self.sql.table.c[n] for n in self.anonymiser.read_columns() if n not in names)]

    def _key_of(self, row: Any) -> Key:
        assert self.sql is not None
        return tuple(row[:len(self.sql.key_columns)])

    # --- batches ----------------------------------------------------------------------
    def next_batch(self, after: Key | None, size: int, *, keys: bool = False) -> Batch:
        """The next ``size`` candidates after ``after``. When nothing in the batch is to be left
        alone (no person to look up, nothing to anonymise) only the count and the last key are
        read, and the batch is acted on as a key range; else every key is read and checked."""
        assert self.sql is not None
        after = self._coerce(after) if after is not None else None
        where = and_(self._where(), self.sql.keyset(after))
        with self.engine.connect() as conn:
            if not keys and self.anonymiser is None and not (self.guard.active and self.sources):
                return self._range_batch(conn, where, size)
            query = select(*self._columns()).where(where).order_by(*self.sql.key_columns).limit(size)
            rows = conn.execute(query).all()
            found = [self._key_of(r) for r in rows]
            batch = Batch(count=len(found), last=found[-1] if found else None, act=[], keys=found)
            candidates = found
            if self.anonymiser is not None:
                changing = {self._key_of(r) for r in rows if self.anonymiser.new_values(r._mapping)}
                batch.skipped[UNCHANGED] += len(found) - len(changing)
                candidates = [k for k in found if k in changing]
            batch.act = self._guarded(conn, candidates, batch.skipped)
        return batch

    def _range_batch(self, conn: Connection, where: Any, size: int) -> Batch:
        assert self.sql is not None
        inner = (select(*self.sql.key_columns).where(where).order_by(*self.sql.key_columns)
                 .limit(size).subquery())
        if len(self.sql.key_columns) == 1:  # one query: how many, and the last key
            count, last_value = conn.execute(
                select(func.count(), func.max(inner.c[0])).select_from(inner)).one()
            return Batch(count=count, last=(last_value,) if count else None, act=None)
        count = conn.execute(select(func.count()).select_from(inner)).scalar_one()
        if not count:
            return Batch(count=0, last=None, act=None)
        last_of = (select(*self.sql.key_columns).where(where).order_by(*self.sql.key_columns)
                   .offset(count - 1).limit(1))
        return Batch(count=count, last=tuple(conn.execute(last_of).one()), act=None)

    def _guarded(self, conn: Connection, keys: list[Key], skipped: Counter[str]) -> list[Key]:
        if not keys or not self.guard.active or not self.sources:
            return keys
        assert self.sql is not None
        found: dict[Key, set[str]] = {}
        for chunk in self._chunks(keys):
            found.update(hashes_by_key(conn, self.sql.table, self.sql.key_columns, chunk, self.sources,
                                       self.connector.table, self.hasher))
        kept: list[Key] = []
        for key in keys:
            reason = self.guard.reason(found.get(key, ()))
            if reason is None:
                kept.append(key)
            else:
                skipped[reason] += 1
        return kept

    def act(self, keys: list[Key]) -> ActResult:
        if not keys:
            return ActResult()
        try:
            with self.engine.begin() as conn:
                return ActResult(affected=self._act(conn, keys))
        except SQLAlchemyError as exc:
            if len(keys) == 1:
                return ActResult(failed=1, errors=[self._describe(exc, keys[0])])
        return self._one_by_one(keys)

    def act_range(self, after: Key | None, last: Key) -> ActResult:
        """Deletes every expired row with a key in (after, last], in one transaction."""
        assert self.sql is not None and self.anonymiser is None
        after = self._coerce(after) if after is not None else None
        last = self._coerce(last)
        within = and_(self._where(), self.sql.keyset(after), not_(self.sql.keyset(last)))
        try:
            with self.engine.begin() as conn:
                return ActResult(affected=max(conn.execute(self.sql.table.delete().where(within)).rowcount, 0))
        except SQLAlchemyError:
            pass
        with self.engine.connect() as conn:  # find the rows the database refuses; do the others
            keys = [self._key_of(r) for r in conn.execute(
                select(*self.sql.key_columns).where(within).order_by(*self.sql.key_columns))]
        return self._one_by_one(keys)

    def _one_by_one(self, keys: list[Key]) -> ActResult:
        result = ActResult()
        for key in keys:
            one = self.act([key])
            result.affected += one.affected
            result.failed += one.failed
            result.errors.extend(one.errors)
        return result

    def _act(self, conn: Connection, keys: list[Key]) -> int:
        assert self.sql is not None
        table, count = self.sql.table, 0
        for chunk in self._chunks(keys):
            where = and_(self.sql.key_in(chunk), self._where())
            if self.anonymiser is None:
                count += max(conn.execute(table.delete().where(where)).rowcount, 0)
                continue
            query = select(*self._columns()).where(where)
            if conn.dialect.name != "sqlite":
                query = query.with_for_update()
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for row in conn.execute(query):
                new = self.anonymiser.new_values(row._mapping)
                if not new:
                    continue
                names = tuple(sorted(new))
                params = {f"k_{c.name}": row._mapping[c.name] for c in self.sql.key_columns}
                params.update({f"v_{n}": new[n] for n in names})
                groups.setdefault(names, []).append(params)
            for names, params in groups.items():
                statement = table.update().where(
                    and_(*[c == bindparam(f"k_{c.name}", type_=c.type) for c in self.sql.key_columns])
                ).values({table.c[n]: bindparam(f"v_{n}", type_=table.c[n].type) for n in names})
                conn.execute(statement, params)
                count += len(params)
        return count

    def remaining(self, keys: list[Key]) -> list[Key]:
        """Which of ``keys`` still await their action (for a batch a killed run left open)."""
        assert self.sql is not None
        keys = [self._coerce(k) for k in keys]
        left: list[Key] = []
        with self.engine.connect() as conn:
            for chunk in self._chunks(keys):
                rows = conn.execute(select(*self._columns()).where(self.sql.key_in(chunk), self._where()))
                for row in rows:
                    if self.anonymiser is None or self.anonymiser.new_values(row._mapping):
                        left.append(self._key_of(row))
        return left

    # --- plan extras --------------------------------------------------------------------
    def examples(self, keys: Sequence[Key]) -> list[dict[str, Any]]:
        assert self.sql is not None
        names = [c.name for c in self.sql.key_columns]
        return [dict(zip(names, plain_key(k), strict=True)) for k in keys[:EXAMPLES]]

    def kept_by(self) -> dict[str, int]:
        """Per activity: rows every other activity lets go but this one keeps (and why it wins)."""
        assert self.sql is not None
        if len(self.sql.per_activity) < 2:
            return {}
        counts: dict[str, int] = {}
        extra = self.anonymiser.needs_work(self.sql.table) if self.anonymiser else true()
        with self.engine.connect() as conn:
            for name, predicate in self.sql.per_activity.items():
                others = [p for other, p in self.sql.per_activity.items() if other != name]
                query = select(func.count()).select_from(self.sql.table).where(
                    and_(*others), not_(predicate), extra)
                counts[name] = int(conn.execute(query).scalar_one())
        return counts

    def review_due(self) -> dict[str, int]:
        """Rows due for review (``review_every``) per rule, by their own date column."""
        assert self.sql is not None
        counts: dict[str, int] = {}
        builder = SqlBuilder(self.spec, self.datamap, self.connector.table)
        with self.engine.connect() as conn:
            for rule in self.spec.rules:
                if rule.review_cutoff is None or not rule.field:
                    continue
                predicate = builder.anchor(rule.field, rule.review_cutoff)
                query = select(func.count()).select_from(self.sql.table).where(predicate)
                counts[rule.name] = int(conn.execute(query).scalar_one())
        return counts

    # --- helpers ----------------------------------------------------------------------
    def _objected(self) -> dict[str, set[Key]]:
        """Rows of persons who objected to an activity's purpose (``until_consent_withdrawn``)."""
        found: dict[str, set[Key]] = {}
        if not self.guard.objections or not self.sources:
            return found
        table = self.connector.table(self.spec.collection)
        key_columns = list(table.primary_key.columns)
        for terms in self.spec.activities:
            rules = [r for r in terms.rules if r.anchor == "until_consent_withdrawn"]
            if not rules:
                continue
            subjects = self.guard.objected(terms.purpose, rules[0].period, self.now)
            if not subjects:
                continue
            found[terms.activity] = set()
            for keys in self._all_keys(table, key_columns):
                with self.engine.connect() as conn:
                    hashes = hashes_by_key(conn, table, key_columns, keys, self.sources,
                                           self.connector.table, self.hasher)
                found[terms.activity].update(k for k, h in hashes.items() if h & subjects)
        return found

    def _all_keys(self, table: Table, key_columns: list[Any]) -> Iterator[list[Key]]:
        after: Key | None = None
        size = IN_LIST.get(self.engine.dialect.name, DEFAULT_IN_LIST)
        while True:
            keyset = SweepSql(table, key_columns, true()).keyset(after)
            with self.engine.connect() as conn:
                keys = [tuple(r) for r in conn.execute(
                    select(*key_columns).where(keyset).order_by(*key_columns).limit(size))]
            if not keys:
                return
            yield keys
            after = keys[-1]

    def _chunks(self, keys: list[Key]) -> Iterator[list[Key]]:
        size = IN_LIST.get(self.engine.dialect.name, DEFAULT_IN_LIST)
        for start in range(0, len(keys), size):
            yield keys[start:start + size]

    def _coerce(self, key: Sequence[Any]) -> Key:
        assert self.sql is not None
        return tuple(coerce(v, c.type) for v, c in zip(key, self.sql.key_columns, strict=True))

    def _describe(self, exc: Exception, key: Key) -> str:
        names = [c.name for c in self.sql.key_columns] if self.sql else []
        shown = ", ".join(f"{n}={v}" for n, v in zip(names, plain_key(key), strict=False))
        return f"row {shown}: " + describe_error(exc, f"{self.action} in table '{self.spec.collection}'",
                                                 self.engine)


def plain_key(key: Sequence[Any]) -> list[Any]:
    return [v if isinstance(v, (int, str, float, bool)) or v is None else str(v) for v in key]

