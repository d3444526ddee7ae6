from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from personvern.connectors.factory import dispose_all
from personvern.container import Container
from personvern.requests.repository import RequestRepository
from personvern.requests.sealing import Sealer
from personvern.retention.service import RetentionService
from personvern.retention.target import RetentionTarget
from tests.retention.shop import DECLARATION, URL_ENV, create_shop


@pytest.fixture(params=["sqlite", "postgres", "mariadb"])
def shop_url(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The retention shop on a fresh SQLite file, PostgreSQL or MariaDB database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    elif request.param == "postgres":
        url = request.getfixturevalue("pg_url")
    else:
        url = request.getfixturevalue("mysql_url")
    create_shop(url)
    monkeypatch.setenv(URL_ENV, url)
    yield url
    dispose_all()


@pytest.fixture
def sqlite_shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    create_shop(url)
    monkeypatch.setenv(URL_ENV, url)
    yield url
    dispose_all()


@pytest.fixture
def retention(container: Container) -> RetentionService:
    return container.retention


@pytest.fixture
def target(retention: RetentionService) -> RetentionTarget:
    return retention.target_from(DECLARATION)


def flag(container: Container, email: str, kind: str, purpose: str = "", at: datetime | None = None) -> None:
    """A restriction or objection as the requests package records it (by keyed hash)."""
    sealer = Sealer(container.keys)
    with container.db.write() as session:
        RequestRepository(session, sealer).add_flag(
            sealer.subject_hash("email", email), kind, purpose, None, at or container.clock.now())  # type: ignore[arg-type]
