"""PostgreSQL (psycopg 3). Collections may live in a schema other than the search path's:
``fides_meta.namespace.schema`` in the dataset, or ``?schema=name`` on the URL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import URL

from personvern.connectors.sql import SqlConnector
from personvern.connectors.types import kind_of

BACKENDS = ("postgresql", "postgres")


class PostgresConnector(SqlConnector):
    batch_size = 5000

    def _in(self, expression, values: list[Any]):
        """``expression = ANY(%(array)s)``: one parameter, so one statement text whatever the
        number of values (psycopg prepares it after a few runs), and no IN-list expansion."""
        if kind_of(expression.type) in {"enum", "json", "array", "other"}:
            return expression.in_(values)
        return expression == any_(bindparam(None, values, type_=ARRAY(expression.type)))


Connector = PostgresConnector


def normalise(url: URL) -> URL:
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def engine_options(url: URL) -> dict[str, Any]:
    return {
        "pool_pre_ping": True,
        "pool_size": 5,
        "max_overflow": 10,
        "connect_args": {"connect_timeout": 10, "application_name": "personvern"},
    }
