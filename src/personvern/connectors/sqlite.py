"""SQLite files. The file must exist (a wrong path is an error, not a new empty database);
foreign keys are enforced, as the application's own ``ON DELETE`` rules expect.

SQLite stores values untyped: a ``DATE`` column holds whatever text the application wrote, a
column of an unknown declared type (``INET``) holds text. Rows are therefore returned as
SQLite stores them (text, integers, reals, blobs), never through SQLAlchemy's type conversion
(which fails on text it does not expect), and compared as stored, so a row found can always be
found again by its values. Python values written (masks) are stored in SQLite's usual text forms.
"""

from __future__ import annotations

import ipaddress
import json
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Table, event, select, text, type_coerce
from sqlalchemy.engine import URL, Engine
from sqlalchemy.types import NullType, TypeDecorator, TypeEngine

from personvern.connectors.sql import SqlConnector

BACKENDS = ("sqlite",)


class Raw(TypeDecorator):
    """Values passed as they are, both ways (not NullType: SQLAlchemy would replace that with
    the column's own type in an UPDATE's SET clause)."""

    impl = NullType
    cache_ok = True


_RAW = Raw()


def stored(value: Any) -> Any:
    """A Python value in the form SQLite (and SQLAlchemy's SQLite types) store it."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, (uuid.UUID, ipaddress.IPv4Address, ipaddress.IPv6Address,
                          ipaddress.IPv4Interface, ipaddress.IPv6Interface)):
        return str(value)
    return value


class SqliteConnector(SqlConnector):
    batch_size = 500

    def _unique_columns(self, table: Table) -> set[str]:
        """Inline ``UNIQUE`` columns live in automatic indexes SQLAlchemy does not reflect."""
        columns: set[str] = set()
        with self.handle.engine.connect() as conn:
            indexes = conn.execute(text('SELECT name, "unique" FROM pragma_index_list(:t)'), {"t": table.name})
            for name, unique in indexes.fetchall():
                if unique:
                    info = conn.execute(text("SELECT name FROM pragma_index_info(:i)"), {"i": name})
                    columns.update(row[0] for row in info if row[0])
        return columns

    def _select(self, table: Table):
        return select(*[type_coerce(c, _RAW).label(c.name) for c in table.columns])

    def _bind_type(self, column) -> TypeEngine:
        return _RAW

    def _bind_value(self, column, value: Any) -> Any:
        return stored(value)

    def _compared(self, column):
        return type_coerce(column, _RAW)


Connector = SqliteConnector


def normalise(url: URL) -> URL:
    return url


def missing_file(url: URL) -> str | None:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return None if Path(database).is_file() else f"the SQLite file {database} does not exist"


def engine_options(url: URL) -> dict[str, Any]:
    return {"connect_args": {"timeout": 30}}


def configure(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
