"""Bodies bounded before they are parsed, and the admin API's token checked before its body is
read: a stranger's 100 MB upload costs the server nothing but a 413 or a 401.

A pure ASGI middleware, so it runs before FastAPI reads anything: a declared Content-Length over
the route class's limit is refused at once; a body without one is read only up to the limit;
an admin-API write without a valid token is refused before one byte of its body is read.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from anyio import to_thread

from personvern.accounts.service import TokenService

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

KB = 1024
MB = 1024 * KB
WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TOKEN_STATE = "api_token"  # request.state.api_token: the token the guard authenticated


@dataclass(frozen=True)
class Limit:
    prefix: str
    max_bytes: int


# The first matching prefix wins; the last entry is the default.
LIMITS: tuple[Limit, ...] = (
    Limit("/consent/", 16 * KB),  # one consent: a few hundred bytes
    Limit("/privacy-center", 64 * KB),  # the request form and the code form
    Limit("/api/v1/declarations", 5 * MB),  # a declaration with its dataset files
    Limit("/api/", 1 * MB),
    Limit("/", 64 * KB),
)


def limit_for(path: str) -> int:
    return next(limit.max_bytes for limit in LIMITS if path.startswith(limit.prefix))


class BodyGuard:
    def __init__(self, app: ASGIApp, tokens: Callable[[], TokenService]) -> None:
        self.app = app
        self.tokens = tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WITH_BODY:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit = limit_for(path)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        declared = headers.get("content-length", "")
        if declared and (not declared.isdigit() or len(declared) > 15):
            await _answer(send, 400, "the Content-Length header is not a number")
            return
        if declared and int(declared) > limit:
            await _answer(send, 413, f"the body is larger than this address accepts ({limit} bytes)")
            return
        if path.startswith("/api/"):
            token = await self._authenticate(headers.get("authorization", ""))
            if isinstance(token, str):
                await _answer(send, 401, token, {"www-authenticate": "Bearer"})
                return
            scope.setdefault("state", {})[TOKEN_STATE] = token
        body = await _read(receive, limit)
        if body is None:
            await _answer(send, 413, f"the body is larger than this address accepts ({limit} bytes)")
            return
        await self.app(scope, _replay(body, receive), send)

    async def _authenticate(self, header: str) -> Any:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return "missing API token: send 'Authorization: Bearer <token>'"
        if len(secret) > 200 or not secret.isascii() or not secret.isprintable():
            return "invalid or revoked API token"
        token = await to_thread.run_sync(self.tokens().authenticate, secret.strip())
        return token if token is not None else "invalid or revoked API token"


async def _read(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it passes ``limit``."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as the server would

    return replay


async def _answer(send: Send, status: int, detail: str, extra: dict[str, str] | None = None) -> None:
    payload = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
               (b"connection", b"close")]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
