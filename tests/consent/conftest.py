from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from personvern.consent.config import BannerConfig
from personvern.consent.service import ConsentService
from personvern.container import Container

FIXTURE = Path(__file__).parent / "fixtures" / "personvern.yaml"
SITE = "https://shop.example.com"


def load_fixture(container: Container) -> Container:
    container.declarations.load_file(FIXTURE, actor="test")
    return container


@pytest.fixture
def loaded(container: Container) -> Container:
    """The migrated SQLite store with the consent test declaration loaded."""
    return load_fixture(container)


@pytest.fixture
def any_loaded(any_container: Container) -> Container:
    """The same, on SQLite and on PostgreSQL."""
    return load_fixture(any_container)


@pytest.fixture
def consent(loaded: Container) -> ConsentService:
    return loaded.consent


@pytest.fixture
def banner(consent: ConsentService) -> BannerConfig:
    return consent.config()


def api_client(container: Container, **options: Any) -> Iterator[TestClient]:
    from personvern.web.app import create_app

    with TestClient(create_app(container.settings, container=container), **options) as client:
        yield client


@pytest.fixture
def api(loaded: Container) -> Iterator[TestClient]:
    yield from api_client(loaded)


def choice(config: BannerConfig, **overrides: Any) -> dict[str, Any]:
    """A valid body for POST /consent/v1/records."""
    body: dict[str, Any] = {
        "version": config.version, "banner_hash": config.text_hash["en"], "lang": "en",
        "page_url": f"{SITE}/products/bike-42", "method": "accept_all",
    }
    body.update(overrides)
    return body
