"""Declarations to render (our fixture, every example, the demo) and a live server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from personvern.declaration.loader import LoadedDeclaration, load

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
ARTIFACTS = ROOT / "test-artifacts"
BOOKSHOP = FIXTURES / "bokhandel.yaml"


def declaration_files() -> list[Path]:
    files = [BOOKSHOP]
    files += sorted(ROOT.glob("examples/*/personvern.yaml"))
    demo = ROOT / "src/personvern/demo/files/personvern.yaml"
    if demo.exists():
        files.append(demo)
    return files


def _id(path: Path) -> str:
    return path.parent.name if path.name == "personvern.yaml" else path.stem


@pytest.fixture(scope="session", params=declaration_files(), ids=_id)
def loaded(request) -> LoadedDeclaration:
    return load(request.param)


@pytest.fixture(scope="session")
def bookshop() -> LoadedDeclaration:
    return load(BOOKSHOP)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(container) -> Iterator[str]:
    """The app served by uvicorn on a free 127.0.0.1 port, in a background thread."""
    import uvicorn

    from personvern.web.app import create_app

    port = free_port()
    app = create_app(container.settings, container=container)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="on"))
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
def chromium(browser) -> object:
    """The session's shared headless Chromium (tests/conftest.py)."""
    return browser
