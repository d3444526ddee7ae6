from __future__ import annotations

from collections.abc import Iterator

import pytest

from personvern.connectors.factory import dispose_all


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    """The connector factory keeps an engine per URL; each test's database is new."""
    yield
    dispose_all()
