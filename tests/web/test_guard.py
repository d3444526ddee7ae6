"""Bodies are bounded before they are parsed; the admin API's token is checked before its body
is read (issue 13: 'an anonymous client can stall the server')."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx2 as httpx
import pytest

from tests.conftest import serve

from personvern.web.guard import LIMITS, limit_for


def test_every_route_class_has_a_limit() -> None:
    assert limit_for("/consent/v1/records") == 16 * 1024
    assert limit_for("/privacy-center") == 64 * 1024
    assert limit_for("/api/v1/declarations") == 5 * 1024 * 1024
    assert limit_for("/api/v1/requests") == 1024 * 1024
    assert limit_for("/anything/else") == LIMITS[-1].max_bytes


def test_a_declared_oversized_body_is_refused_with_413(client) -> None:
    answer = client.post("/api/v1/requests", content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
                         headers={"content-type": "application/json"})
    assert answer.status_code == 413 and "larger than" in answer.json()["detail"]


def test_an_anonymous_admin_write_is_refused_before_its_body_is_read(client) -> None:
    answer = client.post("/api/v1/requests", json={"kind": "access"})
    assert answer.status_code == 401 and "missing API token" in answer.json()["detail"]
    wrong = client.post("/api/v1/requests", json={}, headers={"Authorization": "Bearer pv_nope"})
    assert wrong.status_code == 401 and "invalid" in wrong.json()["detail"]
    odd = client.post("/api/v1/requests", json={}, headers={"Authorization": "Bearer " + "a" * 500})
    assert odd.status_code == 401


def test_a_body_without_content_length_is_read_only_up_to_the_limit(client) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 1024  # 40 KB in chunks, no Content-Length: under the form's 64 KB

    small = client.post("/privacy-center", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert small.status_code != 413

    def big() -> Iterator[bytes]:
        for _ in range(100):
            yield b"x" * 1024

    refused = client.post("/privacy-center", content=big(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert refused.status_code == 413


def test_a_valid_token_still_gets_through_and_is_checked_once(client, admin_token) -> None:
    answer = client.post("/api/v1/tokens", json={"name": "machine", "role": "viewer"},
                         headers={"Authorization": f"Bearer {admin_token}"})
    assert answer.status_code == 201, answer.text


@pytest.fixture
def served(container) -> Iterator[str]:
    from personvern.web.app import create_app

    yield from serve(create_app(container.settings, container=container))


def test_huge_anonymous_bodies_are_refused_without_being_read(served: str) -> None:
    """Four 50 MB uploads at once: each gets its 401 or 413 and the server still answers."""
    results: list[int] = []

    def upload(path: str) -> None:
        def body() -> Iterator[bytes]:
            for _ in range(50):
                yield b"x" * (1024 * 1024)

        try:
            results.append(httpx.post(f"{served}{path}", content=body(), timeout=30,
                                      headers={"content-type": "application/json"}).status_code)
        except httpx.HTTPError:
            results.append(-1)  # the server closed the connection after answering: also refused

    threads = [threading.Thread(target=upload, args=(p,)) for p in
               ("/api/v1/requests", "/consent/v1/records", "/privacy-center", "/api/v1/tokens")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 4 and all(code in (401, 413, -1) for code in results), results
    assert httpx.get(f"{served}/health", timeout=10).status_code == 200
