"""A real SMTP server (aiosmtpd) on a free port, collecting what it receives."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes


@dataclass
class SmtpServer:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        self.server.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(auth: dict[str, str] | None = None) -> tuple[object, SmtpServer]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    server = SmtpServer("127.0.0.1", _free_port())
    kwargs: dict[str, object] = {}
    if auth is not None:
        def authenticator(_server, _session, _envelope, _mechanism, data):  # type: ignore[no-untyped-def]
            ok = isinstance(data, LoginPassword) and auth.get(data.login.decode()) == data.password.decode()
            if ok:
                server.logins.append(data.login.decode())
            return AuthResult(success=ok)

        kwargs = {"authenticator": authenticator, "auth_require_tls": False}
    controller = Controller(_Handler(server), hostname=server.host, port=server.port, **kwargs)
    controller.start()
    return controller, server


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    controller, server = _start()
    yield server
    controller.stop()  # type: ignore[attr-defined]


@pytest.fixture
def smtp_server_with_login() -> Iterator[SmtpServer]:
    controller, server = _start({"personvern": "s3cret-for-tests"})
    yield server
    controller.stop()  # type: ignore[attr-defined]
