"""Engine-native sampling of a table, within a time limit.

PostgreSQL: ``TABLESAMPLE SYSTEM`` (random pages: a 10-million-row table costs a few pages) for
large tables, ``TABLESAMPLE BERNOULLI`` (random rows) for middle-sized ones, the whole table when
it is not larger than the sample; ``statement_timeout`` enforces the time limit.
Elsewhere (MariaDB/MySQL, SQLite): *keyed ranges*: a few random starting points between the
lowest and highest value of an integer primary key, each read forward along the key's index,
so no engine scans the table; tables without such a key give their first rows. The time limit
is checked between ranges and enforced inside a statement by ``max_statement_time`` (MariaDB),
``max_execution_time`` (MySQL) or SQLite's progress handler.

Values are returned to the caller only; nothing here stores or logs them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import MetaData, Table, func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from personvern.discovery.schema import TableMeta

SKIPPED_KINDS = {"bytes"}  # binary columns are not read
RANGES = 8
ROWS_PER_PAGE_GUESS = 60  # PostgreSQL rows per 8 kB page when a table was never analysed


@dataclass
class Sample:
    table: str
    columns: tuple[str, ...]
    rows: list[tuple]
    method: str
    seconds: float
    timed_out: bool = False
    error: str | None = None


@dataclass(frozen=True)
class SampleOptions:
    size: int = 1000
    time_limit: float = 20.0  # seconds per table
    seed: int | None = None


def sample_table(engine: Engine, meta: TableMeta, options: SampleOptions,
                 schema: str | None = None) -> Sample:
    started = time.monotonic()
    names = tuple(c.name for c in meta.columns if c.kind not in SKIPPED_KINDS)
    table = Table(meta.name, MetaData(), *[_column(n) for n in names], schema=schema)
    rng = random.Random(options.seed)
    dialect = engine.dialect.name
    try:
        with engine.connect() as conn, _limited(conn, dialect, options.time_limit):
            if dialect == "postgresql":
                rows, method = _postgres(conn, table, names, meta, options)
            else:
                rows, method = _keyed(conn, table, names, meta, options, rng, started)
            conn.rollback()
    except OperationalError as exc:
        if _is_timeout(exc):
            return Sample(meta.name, names, [], "timed out", time.monotonic() - started, True)
        return Sample(meta.name, names, [], "failed", time.monotonic() - started,
                      error=type(exc.orig).__name__ if exc.orig else "OperationalError")
    except SQLAlchemyError as exc:
        return Sample(meta.name, names, [], "failed", time.monotonic() - started,
                      error=type(exc).__name__)
    elapsed = time.monotonic() - started
    return Sample(meta.name, names, rows, method, elapsed, timed_out=elapsed > options.time_limit)


def _column(name: str):
    from sqlalchemy import Column

    return Column(name)


def _postgres(conn: Connection, table: Table, names: tuple[str, ...], meta: TableMeta,
              options: SampleOptions) -> tuple[list[tuple], str]:
    columns = [table.c[n] for n in names]
    estimate = meta.row_estimate
    if estimate is None:  # never analysed: guess from the table's size on disk
        estimate = _pages(conn, table) * ROWS_PER_PAGE_GUESS
    if estimate <= options.size * 4:
        rows = list(conn.execute(select(*columns).limit(options.size)))
        if len(rows) < options.size or meta.row_estimate is not None:
            return rows, "whole table" if len(rows) < options.size else "first rows"
        estimate = options.size * 100  # more rows than the guess: sample after all
    method = "system" if estimate > 200_000 else "bernoulli"
    percent = min(100.0, 100.0 * options.size * 2 / estimate)
    while True:
        sampled = table.tablesample(getattr(func, method)(percent), name="s")
        rows = list(conn.execute(
            select(*[sampled.c[n] for n in names]).order_by(func.random()).limit(options.size)
        ))
        if len(rows) >= options.size // 2 or percent >= 100.0:
            break
        percent = min(100.0, percent * 10)  # a stale estimate: a larger share of the table
    return rows, f"TABLESAMPLE {method.upper()} ({percent:.4g} %)"


def _pages(conn: Connection, table: Table) -> int:
    name = f'"{table.schema}"."{table.name}"' if table.schema else f'"{table.name}"'
    value = conn.execute(
        text("SELECT pg_relation_size(to_regclass(:t)) / current_setting('block_size')::int"),
        {"t": name},
    ).scalar()
    return int(value or 0)


def _keyed(conn: Connection, table: Table, names: tuple[str, ...], meta: TableMeta,
           options: SampleOptions, rng: random.Random, started: float) -> tuple[list[tuple], str]:
    key = _integer_key(meta)
    columns = [table.c[n] for n in names]
    if key is None:
        rows = list(conn.execute(select(*columns).limit(options.size)))
        return rows, "first rows (no integer primary key)"
    key_column = table.c[key] if key in table.c else None
    if key_column is None:
        rows = list(conn.execute(select(*columns).limit(options.size)))
        return rows, "first rows"
    low, high = conn.execute(select(func.min(key_column), func.max(key_column))).one()
    if low is None:
        return [], "empty table"
    span = int(high) - int(low) + 1
    if span <= options.size * 2:
        rows = list(conn.execute(select(*columns).order_by(key_column).limit(options.size)))
        return rows, "whole table" if len(rows) < options.size else "first rows"
    per_range = max(1, options.size // RANGES)
    starts = sorted(rng.randrange(int(low), int(high) + 1) for _ in range(RANGES))
    rows: list[tuple] = []
    seen: set = set()
    index = names.index(key)
    for start in starts:
        if time.monotonic() - started > options.time_limit:
            break
        statement = (select(*columns).where(key_column >= start)
                     .order_by(key_column).limit(per_range))
        for row in conn.execute(statement):
            if row[index] not in seen:
                seen.add(row[index])
                rows.append(tuple(row))
    return rows[:options.size], f"keyed ranges ({RANGES} random ranges on {key})"


def _integer_key(meta: TableMeta) -> str | None:
    if len(meta.primary_key) != 1:
        return None
    column = meta.column(meta.primary_key[0])
    return column.name if column is not None and column.kind == "integer" else None


@contextmanager
def _limited(conn: Connection, dialect: str, seconds: float) -> Iterator[None]:
    milliseconds = max(1, int(seconds * 1000))
    handler_set = False
    if dialect == "postgresql":
        conn.execute(text(f"SET LOCAL statement_timeout = {milliseconds}"))
    elif dialect in ("mysql", "mariadb"):
        for statement in (f"SET SESSION max_statement_time = {seconds:.3f}",
                          f"SET SESSION max_execution_time = {milliseconds}"):
            try:
                conn.execute(text(statement))
                break
            except SQLAlchemyError:
                conn.rollback()
    elif dialect == "sqlite":
        deadline = time.monotonic() + seconds
        raw = conn.connection.driver_connection
        raw.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)
        handler_set = True
    try:
        yield
    finally:
        if handler_set:
            conn.connection.driver_connection.set_progress_handler(None, 0)
        elif dialect in ("mysql", "mariadb"):
            for statement in ("SET SESSION max_statement_time = 0", "SET SESSION max_execution_time = 0"):
                try:
                    conn.execute(text(statement))
                    break
                except SQLAlchemyError:
                    conn.rollback()


def _is_timeout(exc: OperationalError) -> bool:
    message = str(exc.orig or exc).lower()
    return any(word in message for word in ("statement timeout", "canceling statement", "interrupted",
                                            "max_statement_time", "max_execution_time",
                                            "query execution was interrupted"))
