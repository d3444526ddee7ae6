from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from personvern.connectors.factory import dispose_all
from personvern.demo.setup import DemoFolder, prepare_demo_folder
from personvern.discovery.synthetic import fodselsnummer_for


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    yield
    dispose_all()


@pytest.fixture
def demo(tmp_path: Path) -> DemoFolder:
    return prepare_demo_folder(tmp_path / "demo", today=date(2026, 1, 15))


def numbers(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [fodselsnummer_for(rng, kind="FDH"[i % 3]) for i in range(count)]
