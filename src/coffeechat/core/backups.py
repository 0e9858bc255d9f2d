"""The backup is made of sections, one per app: each dumps and loads its own records.

The orchestrator (exports/backup.py) knows no app's models. Sections run in the order of the
layers (network before explorations before conversations), so a section can translate the ids
in the file through the tables of the sections before it (`IdMaps`), never through anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser


class BackupError(ValueError):
    """A backup that cannot be restored; the message names the record and field."""


@dataclass
class IdMaps:
    """Ids in the file mapped to the rows made from them, one table per kind of record."""

    tables: dict[str, dict[Any, int]] = field(default_factory=dict)

    def table(self, kind: str) -> dict[Any, int]:
        return self.tables.setdefault(kind, {})

    def get(self, kind: str, key: Any, where: str) -> int:
        """The new id for `key`; BackupError naming `where` when the file has no such record."""
        found = self.tables.get(kind, {}).get(key)
        if found is None:
            raise BackupError(f"{where}: unknown {kind} {key!r}")
        return found


# Records read per query while a backup is written: dumps give iterators over
# `queryset.iterator(CHUNK)` (prefetches go by the same chunks), so no list is held whole.
CHUNK = 2000


@dataclass(frozen=True)
class Section:
    name: str
    order: int  # lower first: the layers from the bottom up
    # key -> value in the file; a list or an iterator of records is written one record at a time,
    # and read only when the backup gets to it (lib/jsonstream.py).
    dump: Callable[[AbstractBaseUser], dict[str, Any]]
    load: Callable[[AbstractBaseUser, dict[str, Any], IdMaps], None]
    clear: Callable[[AbstractBaseUser], None]


_sections: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _sections[section.name] = section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: s.order)


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def parse_datetime(value: Any, where: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise BackupError(f"{where}: {value!r} is not a date and time") from None


def parse_date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BackupError(f"{where}: {value!r} is not a date") from None
