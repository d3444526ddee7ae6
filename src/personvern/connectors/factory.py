"""Connectors from URLs. One engine (connection pool and reflected tables) per URL and schema
is kept for the process, as SQLAlchemy intends, so connecting per request costs nothing."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from personvern.connectors import mysql, postgres, sqlite
from personvern.connectors.base import Connector, ConnectorError
from personvern.connectors.sql import EngineHandle

if TYPE_CHECKING:
    from personvern.datamap.model import DataMap
    from personvern.declaration.model import DatasetRef

MODULES: tuple[ModuleType, ...] = (postgres, mysql, sqlite)
MAX_ENGINES = 32

_handles: OrderedDict[tuple[str, str | None], EngineHandle] = OrderedDict()
_lock = threading.Lock()


def _module(url: URL) -> ModuleType | None:
    backend = url.get_backend_name()
    return next((m for m in MODULES if backend in m.BACKENDS), None)


def connect(dataset_key: str, url: str, *, schema: str | None = None) -> Connector:
    """A connector for ``dataset_key`` on the database at ``url`` (PostgreSQL, MariaDB/MySQL or
    SQLite). Nothing is contacted yet: ``test_connection()`` does, and so does the first use."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise ConnectorError(
            dataset_key, "the connection URL is not a database URL "
            "(expected e.g. postgresql://user@host/db, mysql://user@host/db or sqlite:///file.db)",
        ) from None
    module = _module(parsed)
    if module is None:
        raise ConnectorError(
            dataset_key, f"database '{parsed.get_backend_name()}' is not supported; "
            "use PostgreSQL, MariaDB/MySQL or SQLite",
        )
    url_schema = parsed.query.get("schema")
    if url_schema is not None:
        parsed = parsed.difference_update_query(["schema"])
    schema = schema or (url_schema if isinstance(url_schema, str) else None)
    parsed = module.normalise(parsed)
    if module is sqlite:
        problem = sqlite.missing_file(parsed)
        if problem:
            raise ConnectorError(dataset_key, problem)
    return module.Connector(dataset_key, _handle(dataset_key, module, parsed, schema))


def _handle(dataset_key: str, module: ModuleType, url: URL, schema: str | None) -> EngineHandle:
    key = (url.render_as_string(hide_password=False), schema)
    with _lock:
        handle = _handles.get(key)
        if handle is not None:
            _handles.move_to_end(key)
            return handle
        try:
            engine = create_engine(url, **module.engine_options(url))
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise ConnectorError(dataset_key, f"cannot use this database URL: {exc}") from None
        if hasattr(module, "configure"):
            module.configure(engine)
        handle = EngineHandle(engine=engine, schema=schema)
        _handles[key] = handle
        while len(_handles) > MAX_ENGINES:
            _, old = _handles.popitem(last=False)
            old.engine.dispose()
        return handle


def connect_from_env(dataset_ref: DatasetRef, environ: Mapping[str, str] = os.environ, *,
                     schema: str | None = None) -> Connector:
    """The connector of a declared dataset; its URL is read from ``dataset_ref.connection_env``."""
    url = environ.get(dataset_ref.connection_env)
    if not url:
        raise ConnectorError(
            dataset_ref.key, f"the environment variable {dataset_ref.connection_env}, which should "
            "hold the database URL, is not set",
        )
    return connect(dataset_ref.key, url, schema=schema)


def connect_datasets(refs: Iterable[DatasetRef], datamap: DataMap | None = None,
                     environ: Mapping[str, str] = os.environ) -> dict[str, Connector]:
    """Connectors for every declared dataset, by dataset key (the schema from the data map)."""
    connectors: dict[str, Connector] = {}
    for ref in refs:
        spec = datamap.datasets.get(ref.key) if datamap else None
        connectors[ref.key] = connect_from_env(ref, environ, schema=spec.schema if spec else None)
    return connectors


def dispose_all() -> None:
    """Closes every pooled connection (at shutdown, or in tests between databases)."""
    with _lock:
        while _handles:
            _, handle = _handles.popitem()
            handle.engine.dispose()
