"""Shared fixtures: a migrated store per test, real PostgreSQL / MariaDB / Redis.

A missing service skips the tests that need it on a developer's machine; with
PERSONVERN_REQUIRE_SERVICES=1 (set by .ci/run) it is a failure instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from personvern.clock import FrozenClock
from personvern.container import Container
from personvern.db.migrate import upgrade
from personvern.settings import Settings

REQUIRE_SERVICES = os.environ.get("PERSONVERN_REQUIRE_SERVICES") == "1"
PG_HOST = os.environ.get("PERSONVERN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
MYSQL_HOST = os.environ.get("PERSONVERN_TEST_MYSQL", "mysql+pymysql://root@127.0.0.1:3306")
REDIS_URL = os.environ.get("PERSONVERN_TEST_REDIS", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PERSONVERN_SHARED", ROOT.parent / "shared"))


def unavailable(service: str, error: Exception) -> None:
    message = f"{service} is not reachable: {error}"
    if REQUIRE_SERVICES:
        pytest.fail(message + " (PERSONVERN_REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(message)


# --- real database servers -------------------------------------------------------------

def _admin_engine(url: str):
    from sqlalchemy import create_engine

    return create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    engine = _admin_engine(f"{PG_HOST}/postgres")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        engine.dispose()
        unavailable("PostgreSQL", exc)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def mysql_server() -> Iterator[object]:
    engine = _admin_engine(f"{MYSQL_HOST}/mysql")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001
        engine.dispose()
        unavailable("MariaDB", exc)
    yield engine
    engine.dispose()


def _fresh_database(server, kind: str) -> Iterator[str]:
    name = f"pv_test_{uuid.uuid4().hex[:12]}"
    quote = '"' if kind == "pg" else "`"
    with server.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {quote}{name}{quote}")
    url = f"{PG_HOST}/{name}" if kind == "pg" else f"{MYSQL_HOST}/{name}?charset=utf8mb4"
    try:
        yield url
    finally:
        with server.connect() as conn:
            if kind == "pg":
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            else:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")


@pytest.fixture
def pg_url(pg_server) -> Iterator[str]:
    """A new, empty PostgreSQL database for this test, dropped afterwards."""
    yield from _fresh_database(pg_server, "pg")


@pytest.fixture(scope="module")
def pg_url_module(pg_server) -> Iterator[str]:
    """A new PostgreSQL database shared by the tests of one module."""
    yield from _fresh_database(pg_server, "pg")


@pytest.fixture
def mysql_url(mysql_server) -> Iterator[str]:
    """A new, empty MariaDB database for this test, dropped afterwards."""
    yield from _fresh_database(mysql_server, "mysql")


@pytest.fixture(scope="module")
def mysql_url_module(mysql_server) -> Iterator[str]:
    yield from _fresh_database(mysql_server, "mysql")


@pytest.fixture
def redis_url() -> Iterator[str]:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001
        client.close()
        unavailable("Redis", exc)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


# --- personvern's own store and app ------------------------------------------------------

def make_settings(data_dir: Path, database_url: str | None = None, **extra: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "database": {"url": database_url or f"sqlite:///{data_dir / 'personvern.sqlite3'}"},
        "jobs": {"backend": "memory", "run_in_service": False},
        "mail": {"backend": "outbox", "outbox_dir": data_dir / "outbox"},
        "security": {"secret_key": "test-secret-key-0123456789abcdef0123456789"},
    }
    values.update(extra)
    return Settings.model_validate(values)


def create_store(data_dir: Path, database_url: str | None = None,
                 secret: str = "test-secret-key-0123456789abcdef0123456789") -> None:
    """A new, migrated store as `personvern init` makes it, for tests that then run commands
    against it (commands never create a store themselves)."""
    from personvern.cli.common import open_container

    data_dir.mkdir(parents=True, exist_ok=True)
    settings = make_settings(data_dir, database_url, security={"secret_key": secret})
    open_container(settings, create=True).close()


def create_store_from_environment() -> None:
    """The store the PERSONVERN__ variables of this process name (set with monkeypatch)."""
    from personvern.cli.common import open_container

    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    open_container(settings, create=True).close()


def serve(app: object) -> Iterator[str]:
    """``app`` served by uvicorn on a free 127.0.0.1 port in a background thread; yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the live server did not start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def container(settings: Settings, clock: FrozenClock) -> Iterator[Container]:
    built = Container(settings, clock=clock)
    upgrade(built.db)
    yield built
    built.close()


@pytest.fixture(params=["sqlite", "postgres"])
def any_container(request, tmp_path: Path, clock: FrozenClock) -> Iterator[Container]:
    """The same test on the embedded store and on PostgreSQL."""
    url = None
    if request.param == "postgres":
        url = request.getfixturevalue("pg_url")
    built = Container(make_settings(tmp_path, url), clock=clock)
    upgrade(built.db)
    yield built
    built.close()


def _client(container: Container) -> Iterator[TestClient]:
    from personvern.web.app import create_app

    app = create_app(container.settings, container=container)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    yield from _client(container)


@pytest.fixture
def any_client(any_container: Container) -> Iterator[TestClient]:
    yield from _client(any_container)


def _token(container: Container, role: str) -> str:
    return container.tokens.create(name=f"test {role}", role=role, actor="test").secret


@pytest.fixture
def admin_token(container: Container) -> str:
    return _token(container, "admin")


@pytest.fixture
def dpo_token(container: Container) -> str:
    return _token(container, "dpo")


@pytest.fixture
def viewer_token(container: Container) -> str:
    return _token(container, "viewer")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- headless Chromium (one per test session, shared by every browser test) ---------------

CHROMIUM = Path(os.environ.get("PERSONVERN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright."""
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}"
        if REQUIRE_SERVICES:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()
