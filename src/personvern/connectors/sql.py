"""The SQL logic every relational connector shares (SQLAlchemy Core, bound parameters only).

A ``SqlConnector`` works on one ``EngineHandle``: an engine plus the tables reflected from it,
shared by every connector on the same URL in the process (see ``factory.py``), so a request
pays neither for a new connection pool nor for reflection.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import MetaData, Table, and_, bindparam, func, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import NoSuchTableError, SQLAlchemyError
from sqlalchemy.types import TypeEngine

from personvern.connectors.base import ColumnInfo, ConnectorError, Row, Values
from personvern.connectors.errors import describe_error
from personvern.connectors.types import coerce, column_info, kind_of


@dataclass
class EngineHandle:
    engine: Engine
    schema: str | None = None
    metadata: MetaData = field(default_factory=MetaData)
    tables: dict[str, Table] = field(default_factory=dict)
    columns: dict[str, dict[str, ColumnInfo]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def forget(self) -> None:
        with self.lock:
            self.tables.clear()
            self.columns.clear()
            self.metadata = MetaData()


class SqlConnector:
    """Retrieve, update and delete rows of the tables of one database."""

    batch_size = 1000  # values per IN list (and per statement)

    def __init__(self, dataset: str, handle: EngineHandle) -> None:
        self.dataset = dataset
        self.handle = handle
        self._held: Connection | None = None

    @contextmanager
    def session(self) -> Iterator[SqlConnector]:
        """Reads inside share one connection and one snapshot-less transaction, instead of a
        pool checkout (and its liveness ping) per call. For reads: writes keep their own
        transaction. Not for sharing between threads."""
        if self._held is not None:
            yield self
            return
        try:
            with self.handle.engine.connect() as conn:
                self._held = conn
                try:
                    yield self
                finally:
                    self._held = None
        except SQLAlchemyError as exc:
            raise self._error(exc, "connecting") from None

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        if self._held is not None:
            yield self._held
        else:
            with self.handle.engine.connect() as conn:
                yield conn

    # --- context manager -------------------------------------------------------------
    def __enter__(self) -> SqlConnector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: the engine is shared (``factory.dispose_all`` ends it)."""

    def refresh(self) -> None:
        """Forget the reflected tables (after the database's schema changed)."""
        self.handle.forget()

    # --- schema ----------------------------------------------------------------------
    def _error(self, exc: Exception, action: str) -> ConnectorError:
        return ConnectorError(self.dataset, describe_error(exc, action, self.handle.engine))

    def table(self, collection: str) -> Table:
        handle = self.handle
        table = handle.tables.get(collection)
        if table is not None:
            return table
        with handle.lock:
            table = handle.tables.get(collection)
            if table is None:
                try:
                    table = Table(collection, handle.metadata, schema=handle.schema,
                                  autoload_with=handle.engine, resolve_fks=False)
                except NoSuchTableError:
                    where = f" in schema '{handle.schema}'" if handle.schema else ""
                    raise ConnectorError(
                        self.dataset, f"there is no table '{collection}'{where}"
                    ) from None
                except SQLAlchemyError as exc:
                    raise self._error(exc, f"reading the columns of table '{collection}'") from None
                handle.columns[collection] = column_info(
                    table, self._unique_columns(table), self._json_columns(table)
                )
                handle.tables[collection] = table
        return table

    def columns(self, collection: str) -> dict[str, ColumnInfo]:
        self.table(collection)
        return self.handle.columns[collection]

    def primary_key(self, collection: str) -> tuple[str, ...]:
        return tuple(c.name for c in self.table(collection).primary_key.columns)

    def foreign_keys(self, collection: str) -> set[str]:
        """Names of the tables this table's foreign keys point to (same schema)."""
        table = self.table(collection)
        return {fk.target_fullname.rsplit(".", 2)[-2] for fk in table.foreign_keys}

    # --- dialect hooks (SQLite overrides them: it stores values untyped) ------------------
    def _unique_columns(self, table: Table) -> set[str]:
        """Columns in unique constraints that reflection does not report."""
        return set()

    def _json_columns(self, table: Table) -> set[str]:
        """Text columns that hold JSON (MariaDB's JSON type is LONGTEXT)."""
        return set()

    def _select(self, table: Table):
        return select(table)

    def _bind_type(self, column) -> TypeEngine:
        return column.type

    def _bind_value(self, column, value: Any) -> Any:
        if isinstance(value, (dict, list)) and kind_of(column.type) in {"string", "other"}:
            return json.dumps(value)  # a JSON document kept in a text column
        return value

    def _compared(self, column):
        return column

    def _in(self, expression, values: list[Any]):
        """``expression IN (values)``."""
        return expression.in_(values)

    def _column(self, table: Table, name: str):
        if name not in table.c:
            raise ConnectorError(self.dataset, f"table '{table.name}' has no column '{name}'")
        return table.c[name]

    # --- operations ------------------------------------------------------------------
    def test_connection(self) -> str:
        engine = self.handle.engine
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
                version = ".".join(str(p) for p in engine.dialect.server_version_info or ())
        except SQLAlchemyError as exc:
            raise self._error(exc, "connecting") from None
        return f"{engine.dialect.name} {version}".strip()

    def retrieve(self, collection: str, values: Mapping[str, Collection[Any]], *,
                 casefold: Collection[str] = ()) -> list[Row]:
        table = self.table(collection)
        conditions: list[tuple[Any, list[Any]]] = []
        for name, given in values.items():
            column = self._column(table, name)
            wanted = _unique(self._bind_value(column, coerce(v, column.type)) for v in given)
            if not wanted:
                continue
            if name in casefold and kind_of(column.type) in {"string", "other"}:
                wanted = _unique(v.lower() if isinstance(v, str) else v for v in wanted)
                conditions.append((func.lower(self._compared(column)), wanted))
            else:
                conditions.append((self._compared(column), wanted))
        if not conditions:
            return []
        order = list(table.primary_key.columns)
        statements = [self._select(table).where(or_(*part)).order_by(*order)
                      for part in _batches(conditions, self.batch_size, self._in)]
        rows: list[Row] = []
        seen: set[Any] = set()
        try:
            with self._reading() as conn:
                for statement in statements:
                    for record in conn.execute(statement):
                        row = dict(record._mapping)
                        identity = _identity(row, order)
                        if identity not in seen:
                            seen.add(identity)
                            rows.append(row)
        except SQLAlchemyError as exc:
            raise self._error(exc, f"reading table '{collection}'") from None
        if len(statements) > 1 and order:
            rows.sort(key=lambda r: tuple(_sortable(r[c.name]) for c in order))
        return rows

    def update(self, collection: str, keys: list[Row], values: Values) -> int:
        table = self.table(collection)
        groups: dict[tuple, list[dict[str, Any]]] = {}
        statements: dict[tuple, Any] = {}
        for key in keys:
            new = values(key) if callable(values) else values
            if not new:
                continue
            key_columns = self._key_columns(table, key)
            names = tuple(new)
            for name in names:
                self._column(table, name)
            nulls = tuple(key.get(c) is None for c in key_columns)
            group = (names, tuple(key_columns), nulls)
            if group not in statements:
                where = self._where(table, key_columns, nulls)
                statements[group] = table.update().where(where).values(
                    {table.c[n]: bindparam(f"v{i}", type_=self._bind_type(table.c[n]))
                     for i, n in enumerate(names)}
                )
            params = self._key_params(table, key_columns, key)
            params.update({f"v{i}": self._bind_value(table.c[n], new[n]) for i, n in enumerate(names)})
            groups.setdefault(group, []).append(params)
        return self._execute(statements, groups, f"updating table '{collection}'")

    def delete(self, collection: str, keys: list[Row]) -> int:
        table = self.table(collection)
        groups: dict[tuple, list[dict[str, Any]]] = {}
        statements: dict[tuple, Any] = {}
        for key in keys:
            key_columns = self._key_columns(table, key)
            nulls = tuple(key.get(c) is None for c in key_columns)
            group = (tuple(key_columns), nulls)
            if group not in statements:
                statements[group] = table.delete().where(self._where(table, key_columns, nulls))
            groups.setdefault(group, []).append(self._key_params(table, key_columns, key))
        return self._execute(statements, groups, f"deleting from table '{collection}'")

    def _execute(self, statements: dict, groups: dict, action: str) -> int:
        if not groups:
            return 0
        count = 0
        try:
            with self.handle.engine.begin() as conn:
                for group, params in groups.items():
                    for start in range(0, len(params), self.batch_size):
                        chunk = params[start:start + self.batch_size]
                        result = conn.execute(statements[group], chunk)
                        count += max(result.rowcount, 0)
        except SQLAlchemyError as exc:
            raise self._error(exc, action) from None
        return count

    def _where(self, table: Table, key_columns: list[str], nulls: tuple[bool, ...]):
        return and_(*[
            table.c[c].is_(None) if is_null
            else self._compared(table.c[c]) == bindparam(f"k{i}", type_=self._bind_type(table.c[c]))
            for i, (c, is_null) in enumerate(zip(key_columns, nulls, strict=True))
        ])

    def _key_params(self, table: Table, key_columns: list[str], key: Row) -> dict[str, Any]:
        return {f"k{i}": self._bind_value(table.c[c], key[c])
                for i, c in enumerate(key_columns) if key[c] is not None}

    def _key_columns(self, table: Table, key: Row) -> list[str]:
        """The primary key, or (for a table without one) every comparable column given."""
        primary = [c.name for c in table.primary_key.columns]
        if primary:
            missing = [c for c in primary if c not in key]
            if missing:
                raise ConnectorError(
                    self.dataset, f"a row of '{table.name}' was given without its key {missing}"
                )
            return primary
        info = self.handle.columns[table.name]
        usable = [c for c in key if c in info and info[c].kind not in {"json", "array", "other"}]
        if not usable:
            raise ConnectorError(self.dataset, f"cannot identify rows of '{table.name}': "
                                               "it has no primary key and no comparable columns")
        return usable


def _unique(values: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    seen: set[Any] = set()
    for value in values:
        if value is None:
            continue
        try:
            if value in seen:
                continue
            seen.add(value)
        except TypeError:  # unhashable: keep it
            pass
        out.append(value)
    return out


def _batches(conditions: list[tuple[Any, list[Any]]], size: int, in_=None) -> list[list[Any]]:
    """OR-able IN clauses grouped so that no statement binds more than ``size`` values."""
    batches: list[list[Any]] = []
    current: list[Any] = []
    used = 0
    for expression, values in conditions:
        for start in range(0, len(values), size):
            chunk = values[start:start + size]
            if current and used + len(chunk) > size:
                batches.append(current)
                current, used = [], 0
            current.append(in_(expression, chunk) if in_ else expression.in_(chunk))
            used += len(chunk)
    if current:
        batches.append(current)
    return batches


def _identity(row: Row, order: list) -> Any:
    if order:
        return tuple(row[c.name] for c in order)
    return repr(sorted(row.items(), key=lambda item: item[0]))


def _sortable(value: Any) -> tuple[int, Any]:
    return (0, value) if value is not None else (1, 0)
