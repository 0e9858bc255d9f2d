"""LinkedIn's Messages.csv and Invitations.csv into plain records of what was said, and by whom.

The user is found from the files themselves, never from a name such as "You" (LinkedIn writes the
user's own name in some exports, "You" in others, and the user may share a name with a contact):

1. their profile link: the one link on a side of every conversation (the sender or among the
   recipients), and, in Invitations.csv, the inviter of OUTGOING and the invitee of INCOMING rows;
2. else, in exports without profile links, the one name on a side of every conversation;
3. else the folder: the sender of a message in SENT (or an OUTGOING row of an older export's
   DIRECTION column) is the user, the sender of one in INBOX is not.

Older exports are read by their header, in any case and order: without SENDER PROFILE URL /
RECIPIENT PROFILE URLS, without FOLDER or CONVERSATION ID (then the conversation is the other
person), with "Date"/"Sent At"/"Date Sent", "Body"/"Content"/"Message", "Direction". FROM, TO and
a date are needed; a file without one is refused naming the column. A row whose date cannot be
read, or that names nobody, is invalid ("Messages.csv line 7: DATE: '31/31/2023' is not a date").
Drafts are skipped. A message to several people is one record per recipient.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from coffeechat.imports.formats.decoding import decode
from coffeechat.imports.formats.records import ImportFileError, Problem
from coffeechat.lib.links import InvalidLink, normalize_url

SENT, RECEIVED = "sent", "received"
MESSAGES, INVITATIONS = "Messages.csv", "Invitations.csv"
# Each field's names across export formats, compared lower-cased.
MESSAGE_COLUMNS = {
    "conversation": ("conversation id", "conversation_id", "thread id"),
    "title": ("conversation title",),
    "from": ("from", "sender", "sender name"),
    "from_url": ("sender profile url", "sender profile", "from profile url"),
    "to": ("to", "recipient", "recipients"),
    "to_urls": ("recipient profile urls", "recipient profile url", "to profile urls"),
    "date": ("date", "sent at", "date sent", "sent", "time", "timestamp"),
    "subject": ("subject",),
    "content": ("content", "body", "message", "text"),
    "folder": ("folder",),
    "direction": ("direction",),
    "draft": ("is message draft", "draft"),
}
INVITATION_COLUMNS = {
    "from": ("from",),
    "to": ("to",),
    "date": ("sent at", "date", "sent"),
    "message": ("message",),
    "direction": ("direction",),
    "from_url": ("inviterprofileurl", "inviter profile url"),
    "to_url": ("inviteeprofileurl", "invitee profile url"),
}
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d",
    "%b %d %Y %I:%M %p",  # Mar 25 2023 10:15 AM (Invitations.csv)
    "%b %d, %Y %I:%M %p",
    "%d %b %Y %H:%M",
    "%d %b %Y %I:%M %p",
    "%m/%d/%y, %I:%M %p",  # 1/8/18, 6:14 PM (older exports)
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%a %b %d %H:%M:%S %Y",
)
_ZONE = re.compile(r"\s*(?:UTC|GMT|Z)$", re.IGNORECASE)
_OFFSET = re.compile(r"([+-]\d{2}):?(\d{2})$")
MAX_SUBJECT = 300


@dataclass(slots=True)  # slots: a 50,000-row Messages.csv holds one per message
class Said:
    where: str  # "Messages.csv line 4"
    key: str  # stable across exports: the same message read twice is one record
    at: datetime
    direction: str  # SENT (the user wrote) or RECEIVED
    other_url: str  # the other person's profile link, normalized; "" when the export has none
    other_name: str
    subject: str = ""
    text: str = ""
    kind: str = "message"  # "message" or "invitation"


@dataclass
class History:
    said: list[Said] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    you: str = ""  # how the user was recognized, for the preview: their link or name
    outgoing_invitations: list[Said] = field(default_factory=list)  # answered if they connected


def parse_datetime(text: str) -> datetime | None:
    """An export's date and time as an aware datetime (UTC when it names no zone), else None."""
    value = _ZONE.sub("", text.strip())
    offset = None
    if (found := _OFFSET.search(value)) and ("T" in value or value.count(":") >= 2):
        offset = f"{found.group(1)}{found.group(2)}"
        value = value[: found.start()].strip()
    for pattern in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        if offset:
            return datetime.strptime(f"{parsed:%Y-%m-%d %H:%M:%S.%f} {offset}", "%Y-%m-%d %H:%M:%S.%f %z")
        return parsed.replace(tzinfo=UTC)
    return None


def source_key(*parts: str) -> str:
    """'linkedin:' and a digest of what identifies the row: short whatever the ids' length."""
    return "linkedin:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def _link(raw: str) -> str:
    try:
        return normalize_url(raw) if raw.strip() else ""
    except InvalidLink:
        return ""


def _links(raw: str) -> list[str]:
    return [link for link in (_link(part) for part in re.split(r"[,;\s]+", raw)) if link]


def _names(raw: str) -> list[str]:
    return [name.strip() for name in raw.split(",") if name.strip()]


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time (a StringIO would copy the whole text)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end


class _Table:
    """A CSV file's rows with its header's columns found by any of their names."""

    def __init__(self, filename: str, data: bytes, columns: dict[str, tuple[str, ...]], max_bytes: int):
        self.filename, self.columns = filename, columns
        try:
            text, _ = decode(data, max_bytes)
        except ImportFileError as exc:
            raise ImportFileError(f"{filename}: {exc}") from None
        self.rows = self._read(text)
        first = next(self.rows, None)
        if first is None:
            raise ImportFileError(f"{filename}: the file has no rows")
        header = [cell.strip().lower() for cell in first[1]]
        self.header = [cell.strip() for cell in first[1]]
        self.index = {}
        for name, spellings in columns.items():
            for spelling in spellings:
                if spelling in header:
                    self.index[name] = header.index(spelling)
                    break

    def _read(self, text: str) -> Iterator[tuple[int, list[str]]]:
        """The rows that hold something, with the line each starts on, read one at a time: a
        50,000-message file held as a list of rows took four times its size at the peak."""
        reader = csv.reader(_lines(text))
        start = 1
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise ImportFileError(
                f"{self.filename} line {reader.line_num}: this is not readable CSV ({exc})"
            ) from None

    def require(self, *names: str) -> None:
        for name in names:
            if name not in self.index:
                spelled = self.columns[name][0].upper()
                raise ImportFileError(
                    f"{self.filename} line 1: no {spelled} column (the header has: {', '.join(self.header)})"
                )

    def column(self, name: str) -> str:
        return self.header[self.index[name]]

    def date(self, cells: list[str], where: str, problems: list[Problem]) -> datetime | None:
        """The row's date and time, or None with the problem named."""
        raw = self.get(cells, "date")
        if (at := parse_datetime(raw)) is None:
            problems.append(Problem(where, f"{raw!r} is not a date", self.column("date")))
        return at

    def get(self, cells: list[str], name: str) -> str:
        i = self.index.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""


@dataclass(slots=True)
class _Row:
    where: str
    conversation: str
    at: datetime
    sender: tuple[str, str]  # (link, name)
    recipients: list[tuple[str, str]]
    subject: str
    text: str
    folder: str  # "sent", "inbox" or ""


def read_messages(data: bytes, max_bytes: int, history: History) -> None:
    """Messages.csv into `history`: one record per message and person, problems per row."""
    table = _Table(MESSAGES, data, MESSAGE_COLUMNS, max_bytes)
    table.require("from", "to", "date")
    rows: list[_Row] = []
    drafts = 0
    for line, cells in table.rows:
        where = f"{MESSAGES} line {line}"
        if table.get(cells, "draft").lower() in ("yes", "true", "1"):
            drafts += 1
            continue
        if len(cells) < len(table.header) and len(cells) <= max(table.index.values()):
            history.problems.append(
                Problem(where, f"the row has {len(cells)} of the header's {len(table.header)} columns", "")
            )
            continue
        at = table.date(cells, where, history.problems)
        if at is None:
            continue
        sender = (_link(table.get(cells, "from_url")), table.get(cells, "from"))
        urls, names = _links(table.get(cells, "to_urls")), _names(table.get(cells, "to"))
        count = max(len(urls), len(names))
        recipients = [
            (urls[i] if i < len(urls) else "", names[i] if i < len(names) else "") for i in range(count)
        ]
        if not (sender[0] or sender[1]) or not recipients:
            missing = table.column("from") if not (sender[0] or sender[1]) else table.column("to")
            history.problems.append(Problem(where, "names nobody", missing))
            continue
        folder = table.get(cells, "folder").lower()
        direction = table.get(cells, "direction").lower()
        folder = {"outgoing": "sent", "incoming": "inbox"}.get(direction, folder)
        rows.append(
            _Row(
                where,
                table.get(cells, "conversation"),
                at,
                sender,
                recipients,
                table.get(cells, "subject") or table.get(cells, "title"),
                table.get(cells, "content"),
                folder if folder in ("sent", "inbox") else "",
            )
        )
    history.counts["drafts skipped"] = drafts
    you = _recognize_you(rows, history)
    if rows and you is None:
        history.problems.append(
            Problem(
                f"{MESSAGES} line 1",
                "cannot tell which side is you: no profile link or name is on a side of every "
                "conversation, and no FOLDER column says which messages you sent",
                "",
            )
        )
        return
    read = 0
    for row in rows:
        sent = _is_you(row.sender, you, row.folder == "sent")
        others = row.recipients if sent else [row.sender]
        conversation = row.conversation or "|".join(sorted(o[0] or o[1] for o in others))
        for other in others:
            if _is_you(other, you, False):
                continue
            key = source_key(
                "m", conversation, row.at.isoformat(), row.sender[0] or row.sender[1], other[0] or other[1]
            )
            history.said.append(
                Said(
                    row.where,
                    key,
                    row.at,
                    SENT if sent else RECEIVED,
                    other[0],
                    other[1],
                    row.subject[:MAX_SUBJECT],
                    row.text,
                )
            )
            read += 1
    history.counts["messages"] = read


def _recognize_you(rows: list[_Row], history: History) -> tuple[str, str] | None:
    """(link, "") or ("", name) of the user, or ("", "") when only folders tell; None when nothing does."""
    links = _on_every_side(rows, 0)
    if len(links) != 1 and history.you.startswith("http"):
        links &= {history.you}  # the invitations already told
    if len(links) == 1:
        history.you = next(iter(links))
        return (history.you, "")
    names = _on_every_side(rows, 1)
    if len(names) == 1 and not any(r.sender[0] for r in rows):
        history.you = next(iter(names))
        return ("", history.you)
    if rows and all(r.folder for r in rows):
        return ("", "")
    return None if rows else ("", "")


def _on_every_side(rows: list[_Row], part: int) -> set[str]:
    by_conversation: dict[str, set[str]] = {}
    for row in rows:
        seen = by_conversation.setdefault(row.conversation or row.where, set())
        seen.update(p[part] for p in [row.sender, *row.recipients] if p[part])
    common: set[str] | None = None
    for seen in by_conversation.values():
        common = set(seen) if common is None else common & seen
    return common or set()


def _is_you(person: tuple[str, str], you: tuple[str, str] | None, in_sent_folder: bool) -> bool:
    if you is None:
        return False
    if you[0]:
        return person[0] == you[0]
    if you[1]:
        return person[1] == you[1] and not person[0]
    return in_sent_folder


def read_invitations(data: bytes, max_bytes: int, history: History) -> None:
    """Invitations.csv into `history`: an OUTGOING invitation the user sent, an INCOMING one they got."""
    table = _Table(INVITATIONS, data, INVITATION_COLUMNS, max_bytes)
    table.require("from", "to", "date", "direction")
    read = 0
    for line, cells in table.rows:
        where = f"{INVITATIONS} line {line}"
        direction = table.get(cells, "direction").upper()
        if direction not in ("OUTGOING", "INCOMING"):
            history.problems.append(
                Problem(where, f"{direction!r} is neither OUTGOING nor INCOMING", table.column("direction"))
            )
            continue
        at = table.date(cells, where, history.problems)
        if at is None:
            continue
        inviter = (_link(table.get(cells, "from_url")), table.get(cells, "from"))
        invitee = (_link(table.get(cells, "to_url")), table.get(cells, "to"))
        you, other = (inviter, invitee) if direction == "OUTGOING" else (invitee, inviter)
        if you[0] and not history.you:
            history.you = you[0]
        said = Said(
            where,
            source_key("i", inviter[0] or inviter[1], invitee[0] or invitee[1], at.isoformat()),
            at,
            SENT if direction == "OUTGOING" else RECEIVED,
            other[0],
            other[1],
            "Invitation to connect",
            table.get(cells, "message"),
            "invitation",
        )
        history.said.append(said)
        if direction == "OUTGOING":
            history.outgoing_invitations.append(said)
        read += 1
    history.counts["invitations"] = read
