from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from personvern.connectors.factory import dispose_all
from personvern.container import Container
from personvern.requests.service import RequestService
from tests.conftest import _fresh_database
from tests.requests.shop import DECLARATION, URL_ENV, create_shop


@pytest.fixture
def shop_pg(pg_server, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The test shop on a fresh PostgreSQL database, with the touch counter; its URL is in the
    environment variable the fixture declaration names."""
    for url in _fresh_database(pg_server, "pg"):
        create_shop(url, counter=True)
        monkeypatch.setenv(URL_ENV, url)
        yield url
        dispose_all()


@pytest.fixture(scope="module")
def shop_pg_shared(pg_server) -> Iterator[str]:
    """One test shop on PostgreSQL for the tests of a module that write nothing to it."""
    with pytest.MonkeyPatch.context() as patch:
        for url in _fresh_database(pg_server, "pg"):
            create_shop(url, counter=True)
            patch.setenv(URL_ENV, url)
            yield url
            dispose_all()


@pytest.fixture
def shop_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    create_shop(url)
    monkeypatch.setenv(URL_ENV, url)
    yield url
    dispose_all()


@pytest.fixture
def service(container: Container) -> RequestService:
    """The request service with the fixture declaration loaded."""
    container.declarations.load_file(DECLARATION, actor="test")
    return container.requests
