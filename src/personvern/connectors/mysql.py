"""MariaDB and MySQL (PyMySQL). ``mysql://`` and ``mariadb://`` URLs use PyMySQL unless they
name another driver; text is exchanged as utf8mb4."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from personvern.connectors.sql import SqlConnector
from personvern.connectors.types import json_checked

BACKENDS = ("mysql", "mariadb")


class MySqlConnector(SqlConnector):
    batch_size = 1000

    def _json_columns(self, table: Table) -> set[str]:
        """MariaDB's JSON columns are LONGTEXT with a column CHECK (json_valid(...)), which
        SQLAlchemy does not reflect; MySQL has a real JSON type (and no TABLE_NAME here)."""
        query = text(
            "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
            "WHERE CONSTRAINT_SCHEMA = COALESCE(:schema, DATABASE()) AND TABLE_NAME = :table"
        )
        try:
            with self.handle.engine.connect() as conn:
                clauses = conn.execute(query, {"schema": table.schema, "table": table.name}).scalars()
                return json_checked(clauses)
        except SQLAlchemyError:
            return set()


Connector = MySqlConnector


def normalise(url: URL) -> URL:
    if url.drivername in ("mysql", "mariadb"):
        url = url.set(drivername=f"{url.drivername}+pymysql")
    if "charset" not in url.query:
        url = url.update_query_dict({"charset": "utf8mb4"})
    return url


def engine_options(url: URL) -> dict[str, Any]:
    return {
        "pool_pre_ping": True,
        "pool_recycle": 3600,
        "pool_size": 5,
        "max_overflow": 10,
        "connect_args": {"connect_timeout": 10},
    }
