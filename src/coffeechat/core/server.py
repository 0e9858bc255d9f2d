"""Serving coffeechat with waitress, a production WSGI server that runs everywhere Python does."""

from __future__ import annotations

import errno
import socket
from typing import Any

from django.core.management.base import CommandError

THREADS = 8
DEFAULT_PORT = 8000


def create_server(host: str, port: int) -> Any:
    """Bind the address first, so a taken port is reported before anything else happens."""
    from waitress.server import create_server as waitress_server

    from coffeechat.wsgi import application

    try:
        # Waitress would clear X-Forwarded-* itself (it trusts one proxy address at most); the
        # application's TrustedProxies (wsgi.py) decides whom to believe instead.
        return waitress_server(
            application,
            host=host,
            port=port,
            threads=THREADS,
            ident="coffeechat",
            clear_untrusted_proxy_headers=False,
        )
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(
                f"port {port} on {host} is already in use; stop the other program or choose "
                "another port with --port"
            ) from None
        if exc.errno in (errno.EADDRNOTAVAIL, errno.EACCES):
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        raise
    except socket.gaierror:
        raise CommandError(f"--host: {host!r} is not an address of this machine") from None


def base_url(host: str, port: int, public_url: str | None) -> str:
    if public_url:
        return public_url.rstrip("/")
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"
