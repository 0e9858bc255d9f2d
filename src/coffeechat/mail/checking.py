"""Trying the user's mail servers: log in to each with a short timeout, and say plainly what went
wrong (wrong password, host not found, refused, timed out, a certificate problem), naming the server.

`explain` is pure (an exception in, a sentence out); `try_imap` and `try_smtp` do the talking.
"""

from __future__ import annotations

import contextlib
import imaplib
import smtplib
import socket
import ssl
from dataclasses import dataclass

TIMEOUT = 10  # seconds: long enough for a slow server, short enough to wait for on a page


@dataclass(frozen=True)
class Server:
    kind: str  # "IMAP" or "SMTP"
    host: str
    port: int
    security: str  # "ssl" | "starttls" | "none"
    user: str
    password: str

    @property
    def name(self) -> str:
        return f"The {self.kind} server {self.host}:{self.port}"


@dataclass(frozen=True)
class Outcome:
    server: Server
    ok: bool
    text: str


def explain(exc: BaseException, server: Server) -> str:
    """What went wrong, in words a user can act on, naming the server."""
    name = server.name
    if isinstance(exc, socket.gaierror):
        return f"{name}: the host {server.host} was not found. Check its spelling."
    if isinstance(exc, ConnectionRefusedError):
        return (
            f"{name} refused the connection: nothing answers on port {server.port} there. "
            "Check the port and the security setting."
        )
    if isinstance(exc, TimeoutError | socket.timeout):
        return (
            f"{name} did not answer within {TIMEOUT} seconds. Check the host and port, "
            "or whether a firewall blocks it."
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason = exc.verify_message or "it could not be verified"
        return f"{name} has a certificate problem: {reason}. Check the host name, or ask your provider."
    if isinstance(exc, ssl.SSLError):
        other = "STARTTLS" if server.security == "ssl" else "SSL/TLS"
        ssl_port, starttls_port = (993, 143) if server.kind == "IMAP" else (465, 587)
        return (
            f"{name}: the secure connection failed ({getattr(exc, 'reason', None) or exc}). "
            f"The server may expect {other} on this port (SSL/TLS is usually {ssl_port}, "
            f"STARTTLS {starttls_port})."
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError) or _imap_login_refused(exc):
        return f"{name} refused the user name or password. Check them; many providers need an app password."
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return (
            f"{name} does not offer that: {exc}. Try STARTTLS, or leave the user name empty if it needs none."
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected | imaplib.IMAP4.abort | EOFError):
        return f"{name} closed the connection. Check the port and the security setting."
    if isinstance(exc, smtplib.SMTPException | imaplib.IMAP4.error):
        return f"{name} answered with an error: {_said(exc)}."
    if isinstance(exc, OSError):
        return f"{name} could not be reached: {exc.strerror or exc}."
    return f"{name}: {exc}"


def _imap_login_refused(exc: BaseException) -> bool:
    if not isinstance(exc, imaplib.IMAP4.error) or isinstance(exc, imaplib.IMAP4.abort):
        return False
    said = _said(exc).lower()
    return any(
        word in said for word in ("authenticationfailed", "authentication failed", "login", "password")
    )


def _said(exc: BaseException) -> str:
    text = exc.args[0] if exc.args else exc
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text).strip()


def _context() -> ssl.SSLContext:
    return ssl.create_default_context()


def try_imap(server: Server) -> Outcome:
    """Log in and out again; nothing in the mailbox is read."""
    try:
        if server.security == "ssl":
            imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                server.host, server.port, ssl_context=_context(), timeout=TIMEOUT
            )
        else:
            imap = imaplib.IMAP4(server.host, server.port, timeout=TIMEOUT)
            if server.security == "starttls":
                imap.starttls(_context())
        try:
            imap.login(server.user, server.password)
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                imap.logout()
    except Exception as exc:  # each failure becomes a sentence
        return Outcome(server, False, explain(exc, server))
    return Outcome(server, True, f"{server.name}: signed in as {server.user}.")


def try_smtp(server: Server) -> Outcome:
    """Connect, and log in when there is a user name; nothing is sent."""
    try:
        if server.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=TIMEOUT, context=_context()
            )
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
        try:
            if server.security == "starttls":
                smtp.starttls(context=_context())
            if server.user:
                smtp.login(server.user, server.password)
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
    except Exception as exc:  # each failure becomes a sentence
        return Outcome(server, False, explain(exc, server))
    who = (
        f"signed in as {server.user}" if server.user else "connected (no user name: sent without signing in)"
    )
    return Outcome(server, True, f"{server.name}: {who}.")
