"""The backup is made of sections, one per app: each dumps and loads its own records.

The orchestrator (exports/backup.py) knows no app's models. Sections run in the order of the
layers (network before explorations before conversations), so a section can translate the ids
in the file through the tables of the sections before it (`IdMaps`), never through anything else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models

from coffeechat.core.forms import time_zone_names


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
    # The section's keys at the top of the file, each with how its value is read (see `Shape`);
    # load() gets only what these checks let through.
    keys: Mapping[str, Check] = field(default_factory=dict)


_sections: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _sections[section.name] = section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: s.order)


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def parse_datetime(value: Any, where: str) -> datetime | None:
    """An ISO date and time; one without an offset is read as UTC (backups always write one)."""
    if value in (None, ""):
        return None
    try:
        found = datetime.fromisoformat(value)
        found = (found if found.tzinfo else found.replace(tzinfo=UTC)).astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        raise BackupError(f"{where}: {_short(value)} is not a date and time") from None
    return _within_years(found, value, where)


def parse_date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        found = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BackupError(f"{where}: {_short(value)} is not a date") from None
    return _within_years(found, value, where)


# Dates a person's records can hold. Year 1 or 9999 parse, but a meeting's end, a check-in due a
# few months later or a time moved into the meeting's zone would then fall off the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2200
DateOrTime = TypeVar("DateOrTime", date, datetime)


def _within_years(found: DateOrTime, value: Any, where: str) -> DateOrTime:
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise BackupError(f"{where}: {_short(value)} is not between the years {FIRST_YEAR} and {LAST_YEAR}")
    return found


# Reading a backup: every value in the file goes through one of these checks before anything is
# written. A check takes the value and where it is (`messages[3].person`) and gives back the value
# to store, or raises BackupError naming that place. Columns are checked by the model field's own
# rules (length, choices, ranges, blank), so the file is held to what the forms allow.

Check = Callable[[Any, str], Any]
LINK_SCHEMES = ("http", "https", "mailto")


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        return "a number too long to show"
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    return {dict: "a record", list: "a list", str: "text", bool: "true/false", type(None): "empty"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def text(value: Any, where: str) -> str:
    """Text that any database stores: no NUL characters, no lone surrogates."""
    if not isinstance(value, str):
        raise BackupError(f"{where}: should be text, not {_type_name(value)}")
    if "\x00" in value:
        raise BackupError(f"{where}: contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BackupError(f"{where}: is not valid Unicode text") from None
    return value


def whole_number(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BackupError(f"{where}: should be a whole number, not {_type_name(value)}")
    return value


def yes_no(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise BackupError(f"{where}: should be true or false, not {_type_name(value)}")
    return value


def time_zone(value: Any, where: str) -> str:
    if text(value, where) not in time_zone_names():
        raise BackupError(f"{where}: {_short(value)} is not a time zone")
    return value


def link(value: Any, where: str) -> str:
    """A link a browser may follow: http, https or mailto only (no javascript:, data:, file:)."""
    if text(value, where) and urlsplit(value).scheme.lower() not in LINK_SCHEMES:
        raise BackupError(f"{where}: {_short(value)} is not an http, https or mailto link")
    return value


def reference(value: Any, where: str) -> int:
    """An id or position in the file; sections map it through IdMaps, never use it as it is."""
    return whole_number(value, where)


def optional(check: Check) -> Check:
    def read(value: Any, where: str) -> Any:
        return None if value is None else check(value, where)

    return read


def list_of(check: Check, unique: Mapping[str, Callable[[Any], Any]] | None = None) -> Check:
    """A list whose items pass `check`. `unique` maps a field ("" for the item itself) to the key
    two items may not share (a second person with one id, a second tag with one name)."""

    def read(value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise BackupError(f"{where}: should be a list, not {_type_name(value)}")
        items = [check(item, f"{where}[{n}]") for n, item in enumerate(value)]
        for name, key_of in (unique or {}).items():
            seen: set[Any] = set()
            for n, item in enumerate(items):
                key = key_of(item)
                if key in seen:
                    place = f"{where}[{n}].{name}" if name else f"{where}[{n}]"
                    raise BackupError(f"{place}: {_short(key)} appears twice")
                seen.add(key)
        return items

    return read


def mapping_of(check: Check) -> Check:
    """A record with any text keys (counts, column mappings), each value passing `check`."""

    def read(value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise BackupError(f"{where}: should be a record, not {_type_name(value)}")
        return {text(k, f"{where}"): check(v, f"{where}.{k}") for k, v in value.items()}

    return read


def column(model: type[models.Model], name: str) -> Check:
    """A value for `model.name`, held to the model field's rules (the ones its form applies)."""
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)

    def read(value: Any, where: str) -> Any:
        if value is None and model_field.null:
            return None
        if isinstance(model_field, models.DateTimeField):
            value = parse_datetime(value, where) if value is not None else value
        elif isinstance(model_field, models.DateField):
            value = parse_date(value, where) if value is not None else value
        elif isinstance(model_field, models.BooleanField):
            value = yes_no(value, where)
        elif isinstance(model_field, models.IntegerField):
            value = whole_number(value, where)
        elif isinstance(model_field, models.FloatField):
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                raise BackupError(f"{where}: should be a number, not {_type_name(value)}")
        elif isinstance(model_field, models.CharField | models.TextField):
            value = text(value, where)
            if isinstance(model_field, models.URLField):
                link(value, where)
        try:
            return model_field.clean(value, None)
        except ValidationError as exc:
            raise BackupError(f"{where}: {' '.join(exc.messages)}") from None

    return read


@dataclass(frozen=True)
class Shape:
    """One kind of record: the keys it may have (any other is an error) and how each is read.

    Keys not in `required` may be missing (older backups lack them); they are then missing from
    what `read` returns too, so the model's default applies.
    """

    keys: Mapping[str, Check]
    required: frozenset[str] = frozenset()

    def __call__(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise BackupError(f"{where or 'the backup'}: should be a record, not {_type_name(value)}")
        found: dict[str, Any] = {}
        for key, item in value.items():
            inner = f"{where}.{key}" if where else str(key)
            check = self.keys.get(key)
            if check is None:
                raise BackupError(f"{inner}: unknown field")
            found[key] = check(item, inner)
        for key in sorted(self.required - set(value)):
            raise BackupError(f"{where + '.' if where else ''}{key}: missing")
        return found


def columns_of(model: type[models.Model], *names: str, **checks: Check) -> dict[str, Check]:
    """A `Shape`'s keys: these columns of the model, and more keys with checks of their own."""
    return {name: column(model, name) for name in names} | checks
