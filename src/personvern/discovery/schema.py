"""Reading a company database's schema: tables, columns, coarse types, comments, keys, sizes.

Everything goes through SQLAlchemy's inspector on the connector's engine, so PostgreSQL,
MariaDB/MySQL and SQLite are read the same way. Row counts are the engine's own estimate
(``pg_class.reltuples``, ``information_schema.TABLES.TABLE_ROWS``) where it keeps one, so a
10-million-row table is not counted row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from personvern.connectors.types import kind_of


@dataclass(frozen=True)
class ColumnMeta:
    name: str
    kind: str  # coarse kind, see connectors.types.kind_of
    type_name: str
    comment: str | None = None
    primary_key: bool = False
    references: tuple[str, ...] = ()  # tables this column points to (foreign keys)


@dataclass(frozen=True)
class TableMeta:
    name: str
    columns: tuple[ColumnMeta, ...]
    primary_key: tuple[str, ...] = ()
    row_estimate: int | None = None
    comment: str | None = None

    def column(self, name: str) -> ColumnMeta | None:
        return next((c for c in self.columns if c.name == name), None)


def read_schema(engine: Engine, schema: str | None = None) -> list[TableMeta]:
    inspector = inspect(engine)
    tables: list[TableMeta] = []
    for name in sorted(inspector.get_table_names(schema=schema)):
        primary = tuple(inspector.get_pk_constraint(name, schema=schema).get("constrained_columns") or ())
        refs: dict[str, list[str]] = {}
        for fk in inspector.get_foreign_keys(name, schema=schema):
            for column in fk.get("constrained_columns") or ():
                refs.setdefault(column, []).append(fk["referred_table"])
        columns = tuple(
            ColumnMeta(
                name=c["name"], kind=kind_of(c["type"]), type_name=_type_name(c["type"]),
                comment=c.get("comment"), primary_key=c["name"] in primary,
                references=tuple(refs.get(c["name"], ())),
            )
            for c in inspector.get_columns(name, schema=schema)
        )
        try:
            comment = inspector.get_table_comment(name, schema=schema).get("text")
        except NotImplementedError:
            comment = None
        tables.append(TableMeta(name, columns, primary, _estimate(engine, name, schema), comment))
    return tables


def _type_name(type_: object) -> str:
    try:
        return str(type_)
    except Exception:  # noqa: BLE001 - some dialect types cannot render without a dialect
        return type(type_).__name__


def _estimate(engine: Engine, table: str, schema: str | None) -> int | None:
    dialect = engine.dialect.name
    try:
        with engine.connect() as conn:
            if dialect == "postgresql":
                qualified = f'"{schema}"."{table}"' if schema else f'"{table}"'
                value = conn.execute(
                    text("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(:t)"),
                    {"t": qualified},
                ).scalar()
                return int(value) if value is not None and value >= 0 else None
            if dialect in ("mysql", "mariadb"):
                value = conn.execute(
                    text("SELECT TABLE_ROWS FROM information_schema.TABLES "
                         "WHERE TABLE_SCHEMA = COALESCE(:s, DATABASE()) AND TABLE_NAME = :t"),
                    {"s": schema, "t": table},
                ).scalar()
                return int(value) if value is not None else None
    except SQLAlchemyError:
        return None
    return None
