"""Serving coffeechat: gunicorn's pre-forked workers where the system can fork, waitress elsewhere.

Both run the same WSGI application (wsgi.py). Waitress is one process with threads, pure Python,
and runs wherever Python does (Windows); one process uses one core at a time. Gunicorn, a
well-kept pre-fork server for Linux and macOS, runs several worker processes (each with threads,
so a slow client holds one thread, not a worker), so page requests use every core.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import CommandError

THREADS = 8
DEFAULT_PORT = 8000
# A worker that has not stopped this long after being told to is killed.
GRACEFUL_SECONDS = 5


def can_fork() -> bool:
    return hasattr(os, "fork")


def create_server(
    host: str, port: int, workers: int = 1, warm_thread: Callable[[], None] | None = None
) -> Any:
    """Bind the address first, so a taken port is reported before anything else happens.

    The result has run() (blocks; KeyboardInterrupt once stopped) and close(). With workers,
    `warm_thread` runs in each worker's first request thread before it takes requests.
    """
    if workers > 1 and can_fork():
        with _listen_errors(host, port):
            return PreforkServer(_bind(host, port), workers, warm_thread)
    from waitress.server import create_server as waitress_server

    from coffeechat.wsgi import application

    with _listen_errors(host, port):
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


@contextmanager
def _listen_errors(host: str, port: int) -> Iterator[None]:
    try:
        yield
    except socket.gaierror:
        raise CommandError(f"--host: {host!r} is not an address of this machine") from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(
                f"port {port} on {host} is already in use; stop the other program or choose "
                "another port with --port"
            ) from None
        if exc.errno in (errno.EADDRNOTAVAIL, errno.EACCES):
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        raise


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Answers go out as soon as they are written (accepted connections inherit this on Linux):
        # a server writes an answer's head and body separately, and with Nagle's algorithm the
        # body waited for the browser's delayed acknowledgement, 40 ms on every busy connection.
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        listener.bind(address)
        listener.listen(2048)
    except OSError:
        listener.close()
        raise
    return listener


class PreforkServer:
    """Gunicorn's arbiter inside `coffeechat serve`, on a socket bound before migrations ran.

    The application is loaded in this process before the workers fork (preload), so the model
    and Django's setup are read once and shared; every database connection is closed before each
    fork, so no connection or SQLite lock is ever shared with a worker.
    """

    def __init__(
        self, listener: socket.socket, workers: int, warm_thread: Callable[[], None] | None = None
    ) -> None:
        from gunicorn.app.base import BaseApplication
        from gunicorn.workers.gthread import ThreadWorker

        class Worker(ThreadWorker):
            def get_thread_pool(self) -> Any:
                threads = super().get_thread_pool()
                # The thread it runs in stays idle and takes the next request: its own database
                # connection, kept across requests, is then the one warmed.
                if warm_thread is not None:
                    threads.submit(warm_thread).result()
                return threads

        # Gunicorn takes the socket over (and closes it when it stops).
        self.fd: int | None = listener.detach()
        fd = self.fd

        class Application(BaseApplication):
            def load_config(self) -> None:
                settings = {
                    "bind": [f"fd://{fd}"],
                    "workers": workers,
                    "worker_class": Worker,
                    "threads": THREADS,
                    "preload_app": True,
                    "graceful_timeout": GRACEFUL_SECONDS,
                    "loglevel": "warning",
                    "proc_name": "coffeechat",
                    # As with waitress: TrustedProxies (wsgi.py) alone decides whom to believe.
                    "forwarded_allow_ips": "",
                    "pre_fork": _before_fork,
                    "post_fork": _after_fork,
                    "worker_exit": _leave_worker,
                }
                for key, value in settings.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                from coffeechat.wsgi import application

                return application

        self.application = Application()

    def run(self) -> None:
        from gunicorn.arbiter import Arbiter

        class Stopping(Arbiter):
            # A service manager stops with SIGTERM: stop as Ctrl+C does, at once, as waitress
            # does, rather than wait for kept-alive browser connections (several seconds).
            handle_term = Arbiter.handle_int

        parent, self.fd = os.getpid(), None
        try:
            Stopping(self.application).run()
        except SystemExit as stopped:
            # Workers leave through here too, and the arbiter exits this way when stopped.
            if os.getpid() != parent or stopped.code not in (0, None):
                raise
        raise KeyboardInterrupt

    def close(self) -> None:
        if self.fd is not None:  # never run
            os.close(self.fd)
            self.fd = None


def _before_fork(arbiter: Any, worker: Any) -> None:
    from django.db import connections

    connections.close_all()


def _after_fork(arbiter: Any, worker: Any) -> None:
    # Nothing should be open (closed before the fork); if something is, forget it without
    # closing it, which would end the parent's connection or release its SQLite locks.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.connection = None
    # The periodic jobs run in each worker, never in the parent, which only watches its workers.
    from coffeechat.core import periodic

    periodic.start()


def _leave_worker(arbiter: Any, worker: Any) -> None:
    # A worker is a copy of the server: it leaves as multiprocessing's forked processes do,
    # without the server's exit handlers or tearing the interpreter down (seconds, for nothing).
    stopped = sys.exc_info()[1]
    code = stopped.code if isinstance(stopped, SystemExit) else int(stopped is not None)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 1)


def base_url(host: str, port: int, public_url: str | None) -> str:
    if public_url:
        return public_url.rstrip("/")
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"
