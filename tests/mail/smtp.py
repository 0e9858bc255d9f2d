"""A real SMTP server on a loopback port for the tests (aiosmtpd), optionally asking for a login."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Collect(MessageHandler):
    def __init__(self) -> None:
        super().__init__()
        self.received: list[Message] = []

    def handle_message(self, message: Message) -> None:
        self.received.append(message)


class Refusing:
    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        return "550 no such mailbox here"


@contextmanager
def smtp_server(
    *, login: tuple[str, str] | None = None, handler: Any = None
) -> Iterator[tuple[list[Message], int]]:
    """The messages it receives, and its port. With `login`, it offers AUTH (without TLS, on
    loopback) and takes only that user name and password."""

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        good = isinstance(data, LoginPassword) and login is not None
        good = good and (data.login.decode(), data.password.decode()) == login
        return AuthResult(success=good, handled=False)

    collect = handler or Collect()
    port = free_port()
    options: dict[str, Any] = {"authenticator": authenticate, "auth_require_tls": False} if login else {}
    controller = Controller(collect, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield getattr(collect, "received", []), port
    finally:
        controller.stop()
