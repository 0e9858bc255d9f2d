"""vCard 2.1, 3.0 and 4.0: a structural check of each card, then vobject reads what is sound.

A card with no name, or one vobject cannot read, is invalid (an error). Breaches of the
standard that leave the contact clear (an unknown property, a parameter without a value, a
missing VERSION) are warnings: the card imports and the report names what was wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import vobject

from coffeechat.imports.formats.names import clean_name
from coffeechat.imports.formats.records import ContactRecord, ParsedFile, Problem, email_problem
from coffeechat.lib.links import InvalidLink, normalize_url
from coffeechat.lib.text import name_key

_PROPERTY = re.compile(
    r"^(?:(?P<group>[A-Za-z0-9-]+)\.)?(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[^:]*)?):(?P<value>.*)$",
    re.S,
)
_BEGIN = re.compile(r"^(?:([A-Za-z0-9-]+)\.)?BEGIN:VCARD$", re.I)
_END = re.compile(r"^(?:([A-Za-z0-9-]+)\.)?END:VCARD$", re.I)
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
KNOWN_PROPERTIES = set(
    "BEGIN END VERSION FN N NICKNAME PHOTO BDAY ADR LABEL TEL EMAIL MAILER TZ GEO TITLE ROLE LOGO "
    "AGENT ORG CATEGORIES NOTE PRODID REV SORT-STRING SOUND UID URL CLASS KEY NAME PROFILE SOURCE "
    "IMPP KIND GENDER ANNIVERSARY LANG MEMBER RELATED XML FBURL CALADRURI CALURI CLIENTPIDMAP "
    "BIRTHPLACE DEATHPLACE DEATHDATE EXPERTISE HOBBY INTEREST ORG-DIRECTORY".split()
)
KNOWN_PARAMETERS = set(
    "TYPE VALUE ENCODING CHARSET LANGUAGE PREF PID ALTID CALSCALE SORT-AS GEO TZ LABEL MEDIATYPE "
    "CONTEXT LEVEL INDEX".split()
)
# The TYPE values vCard 3.0 (RFC 2426) defines, per property.
TYPES_30 = {
    "ADR": set("dom intl postal parcel home work pref".split()),
    "LABEL": set("dom intl postal parcel home work pref".split()),
    "TEL": set(
        "home msg work pref voice fax cell video pager bbs modem car isdn pcs main other "
        "iphone text textphone".split()
    ),
    "EMAIL": set("internet x400 pref home work other".split()),
}
# vCard 2.1 writes TYPE values bare: TEL;WORK;VOICE:…
BARE_21 = set(
    "dom intl postal parcel home work pref voice fax msg cell pager bbs modem car isdn video "
    "internet x400 aol applelink attmail cis eworld ibmmail mcimail powershare prodigy tlx "
    "gif jpeg jpg png bmp wav pcm aiff mpeg quoted-printable base64 8bit 7bit".split()
)


@dataclass
class RawCard:
    number: int
    first_line: int
    lines: list[tuple[int, str]] = field(default_factory=list)  # unfolded, with line numbers
    group: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"card {self.number} (line {self.first_line})"

    def error(self, message: str) -> None:
        self.problems.append(Problem(self.where, message, error=True))

    def warn(self, message: str) -> None:
        self.problems.append(Problem(self.where, message, error=False))


BINARY_PROPERTIES = ("PHOTO", "LOGO", "SOUND", "KEY")


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of their first physical line, for any line ending.

    Folded lines (starting with a space) join the line before; so do quoted-printable soft
    line breaks (a line ending in '=') and the unindented base64 lines vCard 2.1 writers
    leave under a PHOTO, which run to the next blank line.
    """
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    logical: list[tuple[int, str]] = []
    quoted_printable_open = False
    in_binary = False
    for number, line in enumerate(physical, start=1):
        if not line.strip():
            in_binary = quoted_printable_open = False
            continue
        if logical and line[:1] in (" ", "\t"):
            first, so_far = logical[-1]
            logical[-1] = (first, so_far + line[1:])
            continue
        if logical and quoted_printable_open:
            first, so_far = logical[-1]
            logical[-1] = (first, so_far[:-1] + line)
        elif logical and in_binary and not _PROPERTY.match(line):
            first, so_far = logical[-1]
            logical[-1] = (first, so_far + line)
            continue
        else:
            logical.append((number, line))
        current = logical[-1][1]
        head = current.split(":", 1)[0].upper()
        quoted_printable_open = "QUOTED-PRINTABLE" in head and current.endswith("=")
        in_binary = head.split(";")[0].split(".")[-1] in BINARY_PROPERTIES
    return logical


def split_cards(text: str) -> tuple[list[RawCard], list[Problem]]:
    cards: list[RawCard] = []
    outside: list[list[tuple[int, str]]] = []  # runs of lines that belong to no card
    current: RawCard | None = None
    after_card = True
    for number, line in _unfold(text):
        stripped = line.strip()
        begin = _BEGIN.match(stripped)
        if begin or (current is None and "BEGIN:VCARD" in stripped.upper()):
            if current is not None:
                current.error("no END:VCARD before the next card")
                cards.append(current)
            current = RawCard(len(cards) + 1, number)
            if begin:
                current.group = begin.group(1)
            else:
                current.error(f"{stripped[:40]!r} is not a valid BEGIN:VCARD line")
            if line[:1] in (" ", "\t"):
                current.error("the card starts with an indented (continuation) line")
        elif current is None:
            if after_card:
                outside.append([])
            outside[-1].append((number, stripped))
            after_card = False
            continue
        elif _END.match(stripped):
            cards.append(current)
            current = None
        else:
            current.lines.append((number, line))
        after_card = True
    if current is not None:
        current.error("no END:VCARD at the end of the file")
        cards.append(current)
    problems = [
        Problem(
            f"line {run[0][0]}" if len(run) == 1 else f"lines {run[0][0]}-{run[-1][0]}",
            f"{run[0][1][:40]!r} is outside any card (no BEGIN:VCARD before it)",
        )
        for run in outside
    ]
    return cards, problems


def _split_params(params: str) -> list[str]:
    return [p for p in re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', params.lstrip(";")) if p]


def lint_card(card: RawCard) -> tuple[str, list[tuple[int, str]]]:
    """The card's version and the lines fit to hand to vobject, noting every breach."""
    version = "3.0"
    versions = [
        line.partition(":")[2].strip()
        for _, line in card.lines
        if line.upper().split(":")[0].split(".")[-1] == "VERSION"
    ]
    if versions:
        version = versions[0]
        if version not in ("2.1", "3.0", "4.0"):
            card.warn(f"unknown VERSION {version!r}; read as 3.0")
            version = "3.0"
    else:
        card.warn("no VERSION line; read as vCard 3.0")
    kept: list[tuple[int, str]] = []
    names = set()
    for number, line in card.lines:
        match = _PROPERTY.match(line)
        if not match:
            card.warn(f"line {number}: {line[:40]!r} is not a property line (NAME:value); left out")
            continue
        name = match["name"].upper()
        if card.group and match["group"] != card.group:
            card.warn(f"line {number}: {name} is not in the card's group {card.group!r}")
        if name not in KNOWN_PROPERTIES and not name.startswith("X-"):
            card.warn(f"line {number}: unknown property {name}; left out")
            continue
        params_ok = _lint_params(card, number, name, version, _split_params(match["params"]), match["value"])
        if not params_ok:
            continue
        if name == "N" and version == "3.0" and match["value"].count(";") < 4 and match["value"].strip():
            card.warn(f"line {number}: N has {match['value'].count(';') + 1} parts where vCard 3.0 has 5")
        names.add(name)
        if name in BINARY_PROPERTIES or name in ("PROFILE", "NAME", "SOURCE", "AGENT"):
            continue  # not imported, and a frequent cause of unreadable cards
        kept.append((number, line if not match["group"] else line.split(".", 1)[1]))
    if "FN" not in names and version != "2.1":
        card.warn("no FN (formatted name); the name is made from N")
    if "N" not in names and version != "4.0":
        card.warn("no N (structured name)")
    return version, kept


def _lint_params(card: RawCard, number: int, name: str, version: str, params: list[str], value: str) -> bool:
    has_value_param = False
    for param in params:
        if "=" not in param:
            if version == "2.1" and param.lower() in BARE_21 | {"x-"}:
                continue
            if version == "2.1" and param.upper().startswith("X-"):
                continue
            card.warn(f"line {number}: parameter {param!r} of {name} has no NAME=value form")
            continue
        key, _, raw = param.partition("=")
        key = key.upper()
        if key not in KNOWN_PARAMETERS and not key.startswith("X-"):
            card.warn(f"line {number}: unknown parameter {key} on {name}")
            continue
        if key == "VALUE":
            has_value_param = True
        if key == "LANGUAGE" and not _LANGUAGE_TAG.match(raw.strip('"')):
            card.warn(f"line {number}: {raw!r} is not a language tag")
        if key == "TYPE" and version == "3.0" and name in TYPES_30:
            for type_value in raw.strip('"').split(","):
                if type_value.lower() not in TYPES_30[name] and not type_value.lower().startswith("x-"):
                    card.warn(f"line {number}: TYPE={type_value} is not a vCard 3.0 type for {name}")
    if (
        name == "PHOTO"
        and version == "3.0"
        and value.strip().lower().startswith(("http:", "https:"))
        and not has_value_param
    ):
        card.warn(f"line {number}: a PHOTO link needs VALUE=uri; the photo is ignored anyway")
    return True


def parse_vcards(text: str, encoding: str) -> ParsedFile:
    cards, stray = split_cards(text)
    parsed = ParsedFile("vcard", encoding, [])
    for problem in stray:
        record = ContactRecord(problem.where)
        record.problems.append(problem)
        parsed.records.append(record)
    for card in cards:
        parsed.records.append(_read_card(card))
    return parsed


def _read_card(card: RawCard) -> ContactRecord:
    record = ContactRecord(card.where)
    version, lines = lint_card(card)
    record.problems.extend(card.problems)
    if not record.valid:
        return record
    try:
        parsed = _vobject(line for _, line in lines)
    except Exception:  # vobject raises many kinds of error; find the lines that cause them
        readable = []
        for number, line in lines:
            try:
                _vobject([f"VERSION:{version}", line])
                readable.append(line)
            except Exception as exc:
                reason = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
                record.warn(f"line {number} cannot be read ({reason}); left out")
        try:
            parsed = _vobject(readable)
        except Exception as exc:
            record.error(f"cannot be read: {str(exc).splitlines()[0][:120] if str(exc) else exc!r}")
            return record
    _fill(record, parsed)
    if not name_key(record.name):
        had = ", ".join(record.emails + record.phones)
        record.error("no name (neither FN nor N has one)" + (f"; it holds only {had}" if had else ""))
    return record


def _vobject(lines: Any) -> Any:
    source = "\r\n".join(["BEGIN:VCARD", *lines, "END:VCARD"]) + "\r\n"
    return vobject.readOne(source, ignoreUnreadable=True)


def _values(card: Any, name: str) -> list[Any]:
    return [item.value for item in card.contents.get(name, [])]


def _text(value: Any) -> str:
    while isinstance(value, list | tuple):
        value = value[0] if value else ""
    # vCard 3.0 escapes ':' ',' ';' in text values; vobject leaves some escaped (URL).
    return str(value or "").replace("\\:", ":").replace("\\,", ",").replace("\\;", ";").strip()


def _fill(record: ContactRecord, card: Any) -> None:
    formatted = next((_text(v) for v in _values(card, "fn") if _text(v)), "")
    if not formatted:
        for n in _values(card, "n"):
            if hasattr(n, "given"):
                formatted = " ".join(
                    _text(p) for p in (n.prefix, n.given, n.additional, n.family) if _text(p)
                )
    record.name = clean_name(formatted)
    record.emails = []
    for value in _values(card, "email"):
        address = _text(value)
        if not address:
            continue
        if problem := email_problem(address):
            record.warn(f"{problem}; left out", "EMAIL")
        elif address.lower() not in (e.lower() for e in record.emails):
            record.emails.append(address)
    record.phones = [p for p in (_text(v) for v in _values(card, "tel")) if p]
    organizations = [v for v in _values(card, "org") if v]
    record.organization = _text(organizations[0]) if organizations else ""
    record.title = next((_text(v) for v in _values(card, "title") if _text(v)), "")
    for value in _values(card, "url"):
        try:
            url = normalize_url(_text(value))
        except InvalidLink as exc:
            record.warn(f"{exc}; left out", "URL")
            continue
        if url not in record.urls:
            record.urls.append(url)
    record.notes = "\n".join(_text(v) for v in _values(card, "note") if _text(v))
    for value in _values(card, "categories"):
        for tag in value if isinstance(value, list) else str(value).split(","):
            if str(tag).strip() and str(tag).strip() not in record.tags:
                record.tags.append(str(tag).strip())
    for address in _values(card, "adr"):
        city, country = _text(getattr(address, "city", "")), _text(getattr(address, "country", ""))
        if city or country:
            record.location = ", ".join(v for v in (city, country) if v)
            break
    for field_name in ("name", "title", "organization", "location"):
        if len(getattr(record, field_name)) > 200:
            record.error("longer than 200 characters", field_name)
