"""A live personvern (uvicorn in a thread, on a free port) and headless Chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from personvern.container import Container
from personvern.db.migrate import upgrade
from tests.conftest import make_settings

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CONSENT_FIXTURE = Path(__file__).resolve().parents[1] / "consent" / "fixtures" / "personvern.yaml"


@dataclass
class LiveServer:
    url: str
    container: Container


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(container: Container) -> Iterator[LiveServer]:
    """Runs the app with uvicorn in a background thread until the generator is closed."""
    import uvicorn

    from personvern.web.app import create_app

    port = free_port()
    app = create_app(container.settings, container=container)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", container=container)
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """personvern with the consent test declaration loaded, on http://127.0.0.1:<free port>."""
    data = tmp_path_factory.mktemp("live")
    container = Container(make_settings(data))
    upgrade(container.db)
    container.declarations.load_file(CONSENT_FIXTURE, actor="test")
    try:
        yield from serve(container)
    finally:
        container.close()


@pytest.fixture
def context(browser) -> Iterator[object]:
    """A fresh browser profile (no cookies) per test."""
    made = browser.new_context(viewport={"width": 1100, "height": 850})
    made.set_default_timeout(10_000)
    yield made
    made.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
