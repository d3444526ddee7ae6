"""A live personvern with the demo declaration, test pages beside the demo website, and a
second server on another loopback address (127.0.0.2) that serves a tracking pixel."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from personvern.clock import Clock
from personvern.container import Container
from personvern.db.migrate import upgrade
from personvern.declaration.loader import LoadedDeclaration, load
from personvern.scan.browser import BrowserSession
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]
DEMO_DECLARATION = ROOT / "src/personvern/demo/files/personvern.yaml"
GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c000000000100010000020144003b")

BAD_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad shop page</title>
<script src="/consent/banner.js?lang=en"></script>
<script>
  // A marketing cookie set before any consent, and one nobody declared.
  document.cookie = "_phub=tracked; path=/; max-age=7776000; SameSite=Lax";
  document.cookie = "shop_ab_test=b; path=/; max-age=86400; SameSite=Lax";
</script></head>
<body><h1>Bike 42</h1><img src="{pixel}/pixel.gif?ev=view&amp;id=42" width="1" height="1" alt="">
</body></html>"""

CUSTOM_BANNER = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Other banner</title>
</head><body><h1>A site with another banner</h1>
<div id="cmp"><p>We use cookies.</p><button id="yes">OK</button><button id="no">No thanks</button></div>
<script>
  function done() { document.getElementById("cmp").remove(); }
  if (document.cookie.indexOf("cmp=") < 0) {
    document.getElementById("yes").onclick = function () {
      document.cookie = "cmp=all; path=/; max-age=86400";
      document.cookie = "_lma=1; path=/; max-age=86400";
      done();
    };
    document.getElementById("no").onclick = function () {
      document.cookie = "cmp=none; path=/; max-age=86400";
      done();
    };
  } else { done(); }
</script></body></html>"""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def add_test_pages(app: FastAPI, pixel: str) -> None:
    """Pages under /t/: the bad page, bad input, another banner."""

    @app.get("/t/bad", response_class=HTMLResponse)
    def bad() -> HTMLResponse:
        return HTMLResponse(BAD_PAGE.format(pixel=pixel))

    @app.get("/t/loop")
    def loop() -> RedirectResponse:
        return RedirectResponse("/t/loop", status_code=302)

    @app.get("/t/slow")
    def slow() -> StreamingResponse:
        async def body():
            yield b"<!doctype html><html><head><title>slow</title></head><body><p>loading"
            while True:  # never finishes
                await asyncio.sleep(0.5)
                yield b"."

        return StreamingResponse(body(), media_type="text/html")

    @app.get("/t/data.json")
    def data() -> dict[str, str]:
        return {"not": "html"}

    @app.get("/t/other-banner", response_class=HTMLResponse)
    def other() -> HTMLResponse:
        return HTMLResponse(CUSTOM_BANNER)


class PixelServer:
    """127.0.0.2:<port>: a 1×1 GIF; counts its hits."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.send_header("Content-Length", str(len(GIF)))
                self.end_headers()
                self.wfile.write(GIF)

            def log_message(self, *args: object) -> None:
                return None

        self.hits = hits
        self.server = ThreadingHTTPServer(("127.0.0.2", free_port("127.0.0.2")), Handler)
        self.url = f"http://127.0.0.2:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PixelServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def pixel() -> Iterator[PixelServer]:
    with PixelServer() as server:
        yield server


@pytest.fixture(scope="module")
def demo_declaration() -> LoadedDeclaration:
    return load(DEMO_DECLARATION)


@pytest.fixture(scope="module")
def demo_container(tmp_path_factory) -> Iterator[Container]:
    """The demo declaration loaded into a fresh store, on the real clock (a browser checks
    the consent cookie's expiry against its own clock)."""
    settings = make_settings(tmp_path_factory.mktemp("scan"))
    container = Container(settings, clock=Clock())
    upgrade(container.db)
    container.declarations.load_file(DEMO_DECLARATION, actor="test")
    yield container
    container.close()


@pytest.fixture(scope="module")
def site(demo_container: Container, pixel: PixelServer) -> Iterator[str]:
    """personvern (with /demo/website and the /t/ test pages) served by uvicorn."""
    import uvicorn

    from personvern.web.app import create_app

    from personvern.consent import routes as consent_routes

    # consent/routes.py keeps the rendered banner.js in a module-level dict keyed by
    # (declaration version id, gpc) only: an app served earlier in this test process with
    # another declaration at the same version id would hand out its banner here (its
    # banner hash then fails with 422). Start from an empty cache (reported to the lead).
    consent_routes._rendered.clear()
    app = create_app(demo_container.settings, container=demo_container)
    add_test_pages(app, pixel.url)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="off",
                                           timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the test site did not start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    consent_routes._rendered.clear()  # and leave none of ours to a later app


@pytest.fixture
def session(browser) -> BrowserSession:
    """The test session's shared Chromium, reused by the scanner (not closed by it)."""
    return BrowserSession(browser=browser)
