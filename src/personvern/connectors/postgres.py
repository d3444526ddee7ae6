"""PostgreSQL (psycopg 3). Collections may live in a schema other than the search path's:
``fides_meta.namespace.schema`` in the dataset, or ``?schema=name`` on the URL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL

from personvern.connectors.sql import SqlConnector

BACKENDS = ("postgresql", "postgres")


class PostgresConnector(SqlConnector):
    batch_size = 5000


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
