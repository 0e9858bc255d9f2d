"""What every importer produces: plain contact records and the problems found on the way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")
MAX_EMAIL = 254  # what an email address's column holds


def email_problem(address: str) -> str:
    """Why this is not an email address coffeechat can keep; "" when it is one."""
    if len(address) > MAX_EMAIL:
        return f"{address[:40]!r}… is longer than {MAX_EMAIL} characters"
    if not _EMAIL.fullmatch(address):
        return f"{address!r} is not an email address"
    return ""


@dataclass(slots=True)  # slots: an import of 100,000 rows holds one of each per row
class Problem:
    """Something wrong with one line, row or card. Errors make it invalid; warnings do not."""

    where: str  # "line 12", "card 3 (lines 40-52)"
    message: str
    field: str = ""
    error: bool = True

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        what = f"{self.field}: " if self.field else ""
        return f"{prefix}{what}{self.message}"


@dataclass(slots=True)
class ContactRecord:
    where: str
    name: str = ""
    title: str = ""
    organization: str = ""
    location: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    connected_on: date | None = None
    how_known: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(p.error for p in self.problems)

    def error(self, message: str, field: str = "") -> None:
        self.problems.append(Problem(self.where, message, field, error=True))

    def warn(self, message: str, field: str = "") -> None:
        self.problems.append(Problem(self.where, message, field, error=False))


class ImportFileError(ValueError):
    """The file as a whole cannot be read: empty, binary, too large, unknown format."""


@dataclass
class ParsedFile:
    format: str  # linkedin, google, outlook, vcard, csv
    encoding: str
    records: list[ContactRecord]
    skipped: list[Problem] = field(default_factory=list)  # rows with nothing in them
    columns: list[str] = field(default_factory=list)  # for generic CSV: the header as found
