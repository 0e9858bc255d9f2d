"""Talking to the user's IMAP server, read-only: folders are opened with EXAMINE and messages fetched
with BODY.PEEK, so nothing is ever marked read, moved or deleted. IMAPClient (well kept, typed
replies) does the protocol; this module names the few things the sync asks of it.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import IMAPClientError

__all__ = ["IMAPClient", "IMAPClientError", "Server", "close", "connect", "examine", "headers", "whole"]

CONNECT_TIMEOUT = 15  # seconds to reach the server
READ_TIMEOUT = 120  # seconds for one answer: a batch of whole messages can be large
# Where mail programs keep what the user sent, when the server does not mark it \Sent (RFC 6154).
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "[Gmail]/Sent Mail", "INBOX.Sent", "INBOX/Sent")
HEADER = b"BODY[HEADER]"
WHOLE = b"BODY[]"
ARRIVED = b"INTERNALDATE"


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str  # "ssl" | "starttls" | "none"
    user: str
    password: str


@dataclass(frozen=True)
class Folder:
    name: str
    uidvalidity: int
    uidnext: int  # 0 when the server does not say


def connect(server: Server) -> IMAPClient:
    """Signed in, or raises what went wrong (checking.explain words it for the user)."""
    context = ssl.create_default_context()
    timeout = SocketTimeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT)
    client = IMAPClient(
        server.host, port=server.port, ssl=server.security == "ssl", ssl_context=context, timeout=timeout
    )
    client.normalise_times = False  # INTERNALDATE with its zone, not as naive local time
    try:
        if server.security == "starttls":
            client.starttls(context)
        client.login(server.user, server.password)
    except BaseException:
        close(client)
        raise
    return client


def close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # already gone: nothing to tell the user about
        with contextlib.suppress(Exception):
            client.shutdown()


def sent_folder(client: IMAPClient) -> str | None:
    """The folder the server marks \\Sent, else the first with a name mail programs use."""
    folders = client.list_folders()
    for flags, _, name in folders:
        if b"\\Sent" in flags or b"\\sent" in (f.lower() for f in flags):
            return str(name)
    names = {str(name).lower(): str(name) for _, _, name in folders}
    for candidate in SENT_NAMES:
        if candidate.lower() in names:
            return names[candidate.lower()]
    return None


def examine(client: IMAPClient, name: str) -> Folder:
    """Open the folder read-only (EXAMINE)."""
    status = client.select_folder(name, readonly=True)
    return Folder(name, int(status.get(b"UIDVALIDITY", 0)), int(status.get(b"UIDNEXT", 0)))


def uids_after(client: IMAPClient, last_uid: int) -> list[int]:
    """The UIDs above `last_uid`, oldest first. ("n:*" also answers the highest UID when it is
    lower than n, hence the filter.)"""
    return sorted(uid for uid in client.search(["UID", f"{last_uid + 1}:*"]) if uid > last_uid)


def uids_since(client: IMAPClient, day: date) -> list[int]:
    return sorted(client.search(["SINCE", day]))


@dataclass(frozen=True)
class Fetched:
    uid: int
    raw: bytes
    arrived: datetime | None


def headers(client: IMAPClient, uids: Sequence[int]) -> list[Fetched]:
    return _fetch(client, uids, "BODY.PEEK[HEADER]", HEADER)


def whole(client: IMAPClient, uids: Sequence[int]) -> list[Fetched]:
    return _fetch(client, uids, "BODY.PEEK[]", WHOLE)


def _fetch(client: IMAPClient, uids: Sequence[int], item: str, key: bytes) -> list[Fetched]:
    if not uids:
        return []
    answer = client.fetch(list(uids), [item, "INTERNALDATE"])
    return [
        Fetched(uid, bytes(answer[uid].get(key) or b""), _aware(answer[uid].get(ARRIVED)))
        for uid in _in_order(uids, answer)
    ]


def _in_order(uids: Iterable[int], answer: dict[int, object]) -> list[int]:
    return [uid for uid in uids if uid in answer]  # a message deleted meanwhile is simply gone


def _aware(value: object) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else None
