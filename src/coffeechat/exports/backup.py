"""A complete backup of everything an account owns, and rebuilding it from one.

Each app dumps and loads its own records (its `backup.py` registers a section in
core/backups.py); this module only puts the sections together, in the order of the layers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from coffeechat.core.backups import BackupError, Check, IdMaps, Section, Shape, sections, text, whole_number
from coffeechat.core.snapshots import read_in_one_snapshot
from coffeechat.lib.jsonstream import json_object_chunks

__all__ = ["BackupError", "backup_pieces", "make_backup", "restore_backup", "stream_backup"]

FORMAT = "coffeechat-backup"
# Version 1: before conversations had their own section. Version 2: before insight curation,
# import details and pending matches, and Today's decisions named by the file's own references.
VERSION = 3
READABLE = (1, 2, 3)


def _sections() -> list[Any]:
    autodiscover_modules("backup")
    return sections()


def backup_pieces(owner: AbstractBaseUser) -> Iterator[tuple[str, Any]]:
    """The backup's keys in order, each with its value; lists of records come as lazy iterators,
    read from the database a chunk at a time only when the writer gets to them."""
    yield from {
        "format": FORMAT,
        "version": VERSION,
        "exported": timezone.now().isoformat(),
        "account": owner.get_username(),
    }.items()
    for section in _sections():
        yield from section.dump(owner).items()


def stream_backup(owner: AbstractBaseUser) -> Iterator[str]:
    """The backup's JSON text in chunks of about 64 KB, never held whole: for files and downloads.

    Every section is read from one state of the database, however long the download takes
    (core/snapshots.py). The closing brace comes last, so a backup cut short by an error (a
    download whose database query failed midway) is not valid JSON, and restore refuses it.
    """
    return read_in_one_snapshot(json_object_chunks(backup_pieces(owner)))


def make_backup(owner: AbstractBaseUser) -> dict[str, Any]:
    """The whole backup as one dict, held in memory: for tests and small accounts."""
    return {key: _whole(value) for key, value in backup_pieces(owner)}


def _whole(value: Any) -> Any:
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, dict)):
        return list(value)
    return value


# Rows an account may hold before anything was put in it: made by signing in or by opening a page
# (the default question bank, which the interviews section replaces with the backup's).
NOT_CONTENT = {
    "interviews.question",
    "conversations.calendarfeed",
    "accounts.signinlink",
    "network.searchentry",  # follows the people
}


def owned_kinds(owner: AbstractBaseUser) -> list[str]:
    """What the account already holds, by kind of record ("people", "explorations")."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if not meta.label_lower.startswith(
            ("network.", "imports.", "explore.", "outreach.", "interviews.", "conversations.", "insights.")
        ):
            continue
        owner_field = next((f for f in meta.concrete_fields if f.name == "owner"), None)
        if owner_field is None or meta.label_lower in NOT_CONTENT:
            continue
        if model._default_manager.filter(owner_id=owner.pk).exists():
            found.append("people" if meta.label_lower == "network.person" else str(meta.verbose_name_plural))
    return found


@transaction.atomic
def restore_backup(owner: AbstractBaseUser, data: Any, *, replace: bool = False) -> dict[str, int]:
    """Rebuild an account from a backup: all of it, or nothing with a BackupError naming the record
    and field at fault. The account must be empty unless `replace` is given."""
    ordered = _sections()
    data = read_backup(data, ordered)
    if replace:
        for section in reversed(ordered):
            section.clear(owner)
    elif found := owned_kinds(owner):
        raise BackupError(
            f"this account already has {', '.join(found)}; restore into an empty account, "
            "or use --replace to delete everything it has first"
        )
    ids = IdMaps()
    for section in ordered:
        section.load(owner, data, ids)
    return {
        "people": len(ids.table("person")),
        "organizations": len(ids.table("organization")),
        "ties": len(data["ties"]),
    }


def read_backup(data: Any, ordered: list[Section] | None = None) -> dict[str, Any]:
    """The backup checked record by record (no database needed): only known keys, every value as the
    forms would take it. References stay as they are in the file; sections map them on loading."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("this is not a coffeechat backup (its 'format' is not coffeechat-backup)")
    if data.get("version") not in READABLE:
        raise BackupError(
            f"version: backup version {str(data.get('version'))[:20]!r} is not one this coffeechat "
            f"reads (up to {VERSION})"
        )
    keys: dict[str, Check] = {"format": text, "version": whole_number, "exported": text, "account": text}
    for section in ordered if ordered is not None else _sections():
        keys.update(section.keys)
    required = frozenset({"format", "version", "organizations", "tags", "people", "ties"})
    return Shape(keys, required)(_upgrade(data), "")


def _upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """A backup of an earlier version in today's shape (what cannot be read is left to the checks)."""
    data = dict(data)
    if data["version"] < 2 and isinstance(data.get("explorations"), list):
        # Version 1 kept each exploration's list inside it.
        pipeline = list(data.get("pipeline") or [])
        explorations = []
        for n, exploration in enumerate(data["explorations"]):
            if isinstance(exploration, dict) and isinstance(exploration.get("pipeline"), list):
                exploration = dict(exploration)
                for entry in exploration.pop("pipeline"):
                    if isinstance(entry, dict):
                        entry = {**entry, "exploration": n}  # its old stage name: conversations/backup.py
                    pipeline.append(entry)
            explorations.append(exploration)
        data["explorations"], data["pipeline"] = explorations, pipeline
    if data["version"] < 3 and isinstance(data.get("today_decisions"), list):
        # Before version 3 Today's decisions named their item by database ids the file does not
        # carry; only check-ins (named by person, whose ids the file keeps) can be put back.
        data["today_decisions"] = [
            d
            for d in data["today_decisions"]
            if not isinstance(d, dict) or str(d.get("key")).startswith("check_in:")
        ]
    return data
