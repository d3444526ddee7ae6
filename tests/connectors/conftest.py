from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from personvern.connectors.factory import connect, dispose_all
from tests.connectors.shop import ENGINES, create_shop, database_url


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    """The factory keeps engines per URL; each test's database is new, so let them go."""
    yield
    dispose_all()


@pytest.fixture(params=ENGINES)
def shop_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = database_url(request, tmp_path, request.param)
    create_shop(url)
    return url


@pytest.fixture
def shop(shop_url: str):
    with connect("shop", shop_url) as connector:
        yield connector
