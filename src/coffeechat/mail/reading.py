"""One message from the mailbox, read from its raw bytes into plain fields (pure; never raises).

A mailbox holds whatever anyone ever sent: headers in unknown charsets or raw 8-bit, dates no
parser knows, Message-IDs without angle brackets, bodies whose declared charset is wrong, HTML
with no plain part. Each field is read on its own, so one broken header costs that field only,
and every string returned is valid Unicode without NULs (PostgreSQL refuses those in text).
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Mail:
    message_id: str  # without angle brackets, "" when missing
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    sender: str  # From address, lower-cased, "" when none
    sender_name: str
    recipients: tuple[str, ...]  # To, Cc (and Bcc, in one's own sent copies) addresses, lower-cased
    date: datetime | None  # aware (UTC when the header has no zone); None when missing or unreadable
    subject: str  # decoded
    text: str  # the whole plain-text body (from the HTML part when there is no plain one)
    calendars: tuple[bytes, ...]  # text/calendar parts and .ics attachments, raw
    automatic: bool  # auto-reply / out of office / bounce / list mail: never a reply


EMPTY = Mail("", (), (), "", "", (), None, "", "", (), False)

MAX_DEPTH = 30  # nested multiparts and attached messages deeper than this are not read


def read_mail(raw: bytes) -> Mail:
    """The message in `raw`: a whole message, or only its headers (then `text` is "")."""
    message, whole = _parse(bytes(raw))
    if message is None:
        return EMPTY
    body = _safely(lambda: _body(message), _Body()) if whole else _Body()
    headers: Headers = _safely(lambda: _headers(message), {})
    sender_name, sender = _safely(lambda: _sender(headers), ("", ""))
    return Mail(
        message_id=_safely(lambda: next(iter(_ids(headers, "message-id")), ""), ""),
        in_reply_to=_safely(lambda: _ids(headers, "in-reply-to"), ()),
        references=_safely(lambda: _ids(headers, "references"), ()),
        sender=sender,
        sender_name=sender_name,
        recipients=_safely(lambda: _recipients(headers), ()),
        date=_safely(lambda: _date(headers), None),
        subject=_safely(lambda: _one_line(_unstructured(headers, "subject")), ""),
        text=body.text(),
        calendars=tuple(body.calendars),
        automatic=_safely(lambda: _automatic(headers, sender, body.report), False),
    )


def _parse(raw: bytes) -> tuple[Message | None, bool]:
    """The message, and whether its body was parsed too (else the headers alone).

    compat32 keeps headers as the strings they are, read below by hand: the modern policy's
    header objects cost about half a millisecond each, and a sync reads every message's headers.
    """
    try:
        return BytesParser(policy=policy.compat32).parsebytes(raw), True
    except Exception:  # parts nested past Python's stack, say: the headers are still worth reading
        pass
    try:
        return BytesHeaderParser(policy=policy.compat32).parsebytes(raw), False
    except Exception:
        return None, False


def _safely(read: Callable[[], T], default: T) -> T:
    try:
        return read()
    except Exception:  # one unreadable field must not lose the rest of the message
        return default


# --- text cleaning ---------------------------------------------------------------------------

_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_FOLD = re.compile(r"\r?\n[ \t]")

# Declared as one of these, but valid UTF-8 with non-ASCII bytes: it is UTF-8 (the other way
# round almost never decodes).
_WESTERN = {"ascii", "iso8859-1", "iso8859-15", "cp1252"}
# Codecs Python has that are not character sets a mail could be written in.
_NOT_CHARSETS = {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined", "charmap"}
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso-8859-8-i": "iso-8859-8",
    "x-unknown": "",
    "unknown-8bit": "",
}


def decode_bytes(data: bytes, charset: str | None) -> str:
    """`data` as text: in its declared charset when that is right, else UTF-8, else Windows-1252."""
    name = (charset or "").strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name if name else ""
    except LookupError:
        codec = ""
    if codec in _NOT_CHARSETS:
        codec = ""
    candidates = [codec] if codec and codec not in _WESTERN else []
    # Mail "in Latin-1" is most often Windows-1252 (its curly quotes are Latin-1 control codes).
    candidates += ["utf-8", "iso8859-15" if codec == "iso8859-15" else "cp1252"]
    for candidate in candidates:
        try:
            return data.decode(candidate)
        except (UnicodeError, LookupError):
            continue
    return data.decode("latin-1")


def _unescape(text: str) -> str:
    """Raw 8-bit bytes the parser kept as escapes, decoded as UTF-8 or Windows-1252."""
    return _ESCAPED_BYTES.sub(
        lambda m: decode_bytes(m.group().encode("utf-8", "surrogateescape"), None), text
    )


def _clean(text: str) -> str:
    return _CONTROL.sub("", _unescape(text))


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", _clean(text)).strip()


# --- headers ---------------------------------------------------------------------------------


Headers = dict[str, list[str]]  # lower-cased name: each value unfolded, raw bytes decoded


def _headers(message: Message) -> Headers:
    found: Headers = {}
    for name, value in message.raw_items():
        found.setdefault(name.lower(), []).append(_clean(_FOLD.sub(" ", str(value))))
    return found


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)\s+(=\?)")


def decode_words(value: str) -> str:
    """RFC 2047 encoded words decoded by hand: an unknown charset read as UTF-8 or Windows-1252,
    and neighbouring words of one charset joined first (a character may be split between them)."""
    value = _BETWEEN_WORDS.sub(r"\1\2", value)
    pieces: list[tuple[str, bytes | str]] = []  # (charset, bytes) for words, ("", text) between
    position = 0
    for match in _ENCODED_WORD.finditer(value):
        if match.start() > position:
            pieces.append(("", value[position : match.start()]))
        charset = match.group(1).split("*")[0]
        data = _word_bytes(match.group(2), match.group(3))
        if data is None:
            pieces.append(("", match.group()))
        elif pieces and pieces[-1][0] == charset and isinstance(pieces[-1][1], bytes):
            pieces[-1] = (charset, pieces[-1][1] + data)
        else:
            pieces.append((charset, data))
        position = match.end()
    pieces.append(("", value[position:]))
    return "".join(
        decode_bytes(part, charset) if isinstance(part, bytes) else part for charset, part in pieces
    )


def _word_bytes(encoding: str, encoded: str) -> bytes | None:
    try:
        if encoding in "Bb":
            return binascii.a2b_base64(encoded + "=" * (-len(encoded) % 4))
        return binascii.a2b_qp(encoded.replace("_", " ").encode("ascii", "surrogateescape"))
    except (binascii.Error, ValueError):
        return None


def _unstructured(headers: Headers, name: str) -> str:
    values = headers.get(name, [])
    return decode_words(values[0]) if values else ""


def _addresses(headers: Headers, name: str) -> list[tuple[str, str]]:
    """(display name, address) of each address in every `name` header."""
    found: list[tuple[str, str]] = []
    for value in headers.get(name, []):
        pairs = getaddresses([value])
        if "@" in value and not any("@" in spec for _, spec in pairs):
            pairs = _modern_addresses(name, value) or pairs
        found += [(_one_line(decode_words(display)), _address(spec)) for display, spec in pairs]
    return found


def _modern_addresses(name: str, value: str) -> list[tuple[str, str]]:
    """The modern policy's reading of an address header the simple parser found no address in."""
    try:
        header: Any = policy.default.header_factory(name, value)
        return [(str(address.display_name), str(address.addr_spec)) for address in header.addresses]
    except Exception:  # its parser has its own failures on broken headers
        return []


def _address(spec: str) -> str:
    address = _one_line(spec).strip("<>").lower()
    return address.removeprefix("mailto:") if address != "<>" else ""


def _sender(headers: Headers) -> tuple[str, str]:
    for display, address in _addresses(headers, "from"):
        if address:
            return display, address
    return "", ""


def _recipients(headers: Headers) -> tuple[str, ...]:
    found = [address for name in ("to", "cc", "bcc") for _, address in _addresses(headers, name)]
    return tuple(dict.fromkeys(address for address in found if address))


_BRACKETED = re.compile(r"<([^<>]*)>")


def _ids(headers: Headers, name: str) -> tuple[str, ...]:
    found: list[str] = []
    for value in headers.get(name, []):
        bracketed = [_SPACES.sub("", match) for match in _BRACKETED.findall(value)]
        found += bracketed or [word.strip("<>") for word in re.split(r"[\s,]+", value) if "@" in word]
    return tuple(dict.fromkeys(message_id for message_id in found if message_id))


def _date(headers: Headers) -> datetime | None:
    values = headers.get("date", [])
    if not values:
        return None
    value = values[0].strip()
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return None
    when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    when.astimezone(UTC)  # a date that cannot be placed in UTC (year 1 with a zone ahead) is unreadable
    return when


# --- automatic mail ------------------------------------------------------------------------

_ROBOTS = {
    "mailer-daemon",
    "postmaster",
    "noreply",
    "no-reply",
    "no_reply",
    "donotreply",
    "do-not-reply",
    "do_not_reply",
}
_AUTOMATIC_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto-?reply|autoreply|auto:|out of (the )?office( ?:| reply| autoreply)|"
    r"réponse automatique|automatische antwort|abwesenheitsnotiz|respuesta automática|"
    r"risposta automatica|resposta automática|automatisch antwoord|undeliverable:|"
    r"delivery status notification|mail delivery failed|returned mail:)",
    re.IGNORECASE,
)


def _automatic(headers: Headers, sender: str, report: bool) -> bool:
    def first(name: str) -> str | None:
        values = headers.get(name, [])
        return values[0].strip().lower() if values else None

    auto_submitted = first("auto-submitted")
    if auto_submitted is not None and auto_submitted.split(";")[0].strip() not in ("no", ""):
        return True
    for name in ("x-autoreply", "x-autorespond", "x-autogenerated", "x-failed-recipients"):
        value = first(name)
        if value is not None and value not in ("no", "false", "0"):
            return True
    if (first("precedence") or "") in ("bulk", "junk", "list", "auto_reply"):
        return True
    if first("list-id") is not None or first("list-unsubscribe") is not None:
        return True
    if first("return-path") == "<>":  # RFC 3834: bounces and auto-replies go out with no return path
        return True
    if sender.split("@")[0] in _ROBOTS or report:
        return True
    return bool(_AUTOMATIC_SUBJECT.match(_unstructured(headers, "subject")))


# --- the body --------------------------------------------------------------------------------


class _Body:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.calendars: list[bytes] = []
        self.report = False  # a bounce: multipart/report or a delivery-status part

    def text(self) -> str:
        return "\n\n".join(text.strip("\n") for text in self.texts if text.strip()).strip("\n")


def _body(message: Message) -> _Body:
    body = _Body()
    _read_part(message, body, want_text=True, depth=0)
    return body


def _read_part(part: Message, body: _Body, *, want_text: bool, depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    kind = _safely(part.get_content_type, "text/plain")
    if kind in ("multipart/report", "message/delivery-status"):
        body.report = True
    payload = part.get_payload()
    if isinstance(payload, list):
        children = [child for child in payload if isinstance(child, Message)]
        if kind == "message/rfc822":
            for child in children:
                if want_text:
                    body.texts.append(_forward_header(child))
                _read_part(child, body, want_text=want_text, depth=depth + 1)
            return
        chosen = _alternative(children) if kind == "multipart/alternative" else None
        for child in children:
            _read_part(child, body, want_text=want_text and chosen in (None, child), depth=depth + 1)
        return
    _read_leaf(part, kind, body, want_text)


def _alternative(children: list[Message]) -> Message | None:
    """The one part of a multipart/alternative to read: plain text, else HTML, else the first
    multipart (an empty plain part beside the HTML, as some newsletters send, does not count)."""
    kinds = [_safely(child.get_content_type, "") for child in children]
    for wanted in ("text/plain", "text/html"):
        for child, kind in zip(children, kinds, strict=True):
            if (
                kind == wanted
                and not _is_attachment(child)
                and (kind == "text/html" or _payload(child).strip())
            ):
                return child
    return next((c for c, k in zip(children, kinds, strict=True) if k.startswith("multipart/")), None)


def _read_leaf(part: Message, kind: str, body: _Body, want_text: bool) -> None:
    # Only what is kept is decoded: an attached PDF is never base64-decoded for nothing.
    filename = _safely(lambda: str(part.get_filename() or ""), "").lower()
    if kind in ("text/calendar", "application/ics") or filename.endswith((".ics", ".vcs")):
        calendar = _payload(part)
        if calendar:
            body.calendars.append(calendar)
        return
    if not want_text or _is_attachment(part) or kind not in ("text/plain", "text/html", "multipart/mixed"):
        return
    text = decode_bytes(_payload(part), _safely(lambda: part.get_content_charset(), None))
    text = _clean(text.replace("\r\n", "\n").replace("\r", "\n"))
    body.texts.append(html_to_text(text) if kind == "text/html" else text)


def _payload(part: Message) -> bytes:
    data = _safely(lambda: part.get_payload(decode=True), None)
    return data if isinstance(data, bytes) else b""


def _is_attachment(part: Message) -> bool:
    disposition = _safely(lambda: part.get_content_disposition(), None)
    return disposition == "attachment"


def _forward_header(message: Message) -> str:
    headers = _headers(message)
    lines = ["---------- Forwarded message ---------"]
    for name, label in (("from", "From"), ("date", "Date"), ("subject", "Subject"), ("to", "To")):
        value = _one_line(_unstructured(headers, name))
        if value:
            lines.append(f"{label}: {value}")
    return "\n".join(lines)


# --- HTML ------------------------------------------------------------------------------------

_BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul",
}  # fmt: skip
_HIDDEN = {"head", "script", "style", "title", "template", "noscript"}


class _TextFromHtml(HTMLParser):
    """Readable lines from HTML: blocks and <br> break lines, <blockquote> becomes "> " quoting
    (so quoted history is found as in plain text), list items start with "- "."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.line_depth = 0
        self.quote_depth = 0
        self.hidden = 0
        self.pre = 0
        self.blank = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.end_line(force=True)
        elif tag in _BLOCKS:
            self.end_line()
            self.quote_depth += tag == "blockquote"
            self.pre += tag == "pre"
            if tag == "li":
                self.line.append("- ")
        elif tag == "td" and self.line:
            self.line.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.end_line()
            if tag == "blockquote":
                self.quote_depth = max(0, self.quote_depth - 1)
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.end_line(force=True)
        elif tag in _BLOCKS:
            self.end_line()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if not self.line and data.strip(" \t\r\n") == "\xa0":
            self.blank = True  # Outlook's empty paragraph, <p>&nbsp;</p>: the blank line between two
        data = data.replace("\xa0", " ")
        if self.pre:
            first, *rest = data.split("\n")
            self.add(first)
            for line in rest:
                self.end_line(force=True)
                self.add(line)
            return
        text = _SPACES.sub(" ", data)
        if not self.line or "".join(self.line).endswith(" "):
            text = text.lstrip()
        self.add(text)

    def add(self, text: str) -> None:
        if text:
            if not self.line:
                self.line_depth = self.quote_depth
            self.line.append(text)

    def end_line(self, *, force: bool = False) -> None:
        text = "".join(self.line).rstrip()
        if text or force or self.blank:
            self.lines.append(("> " * self.line_depth if text else ">" * self.quote_depth) + text)
        self.blank = False
        self.line = []
        self.line_depth = self.quote_depth


def html_to_text(html: str) -> str:
    parser = _TextFromHtml()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # malformed markup: keep what was read before it
        pass
    parser.end_line()
    text = "\n".join(parser.lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
