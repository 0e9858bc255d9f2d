"""A complete backup of everything an account owns, and rebuilding it from one.

Each app dumps and loads its own records (its `backup.py` registers a section in
core/backups.py); this module only puts the sections together, in the order of the layers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from coffeechat.core.backups import BackupError, IdMaps, sections
from coffeechat.lib.jsonstream import json_object_chunks
from coffeechat.network.access import organizations_for_user, people_for_user

__all__ = ["BackupError", "backup_pieces", "make_backup", "restore_backup", "stream_backup"]

FORMAT = "coffeechat-backup"
VERSION = 2
READABLE = (1, 2)  # version 1: before conversations had their own section


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

    The closing brace comes last, so a backup cut short by an error (a download whose database
    query failed midway) is not valid JSON, and restore refuses it.
    """
    return json_object_chunks(backup_pieces(owner))


def make_backup(owner: AbstractBaseUser) -> dict[str, Any]:
    """The whole backup as one dict, held in memory: for tests and small accounts."""
    return {key: _whole(value) for key, value in backup_pieces(owner)}


def _whole(value: Any) -> Any:
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, dict)):
        return list(value)
    return value


def owns_anything(owner: AbstractBaseUser) -> bool:
    return people_for_user(owner).exists() or organizations_for_user(owner).exists()


@transaction.atomic
def restore_backup(owner: AbstractBaseUser, data: Any, *, replace: bool = False) -> dict[str, int]:
    """Rebuild an account from a backup. The account must be empty unless `replace` is given."""
    _check(data)
    ordered = _sections()
    if owns_anything(owner):
        if not replace:
            raise BackupError(
                "this account already has people or organizations; restore into an empty "
                "account, or use --replace to delete them first"
            )
        for section in reversed(ordered):
            section.clear(owner)
    ids = IdMaps()
    try:
        for section in ordered:
            section.load(owner, data, ids)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, BackupError):
            raise
        raise BackupError(f"the backup is incomplete or damaged ({type(exc).__name__}: {exc})") from None
    return {
        "people": len(ids.table("person")),
        "organizations": len(ids.table("organization")),
        "ties": len(data["ties"]),
    }


def _check(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("this is not a coffeechat backup (its 'format' is not coffeechat-backup)")
    if data.get("version") not in READABLE:
        raise BackupError(
            f"backup version {data.get('version')!r} is not one this coffeechat reads ({VERSION})"
        )
    for key in ("organizations", "tags", "people", "ties"):
        if not isinstance(data.get(key), list):
            raise BackupError(f"the backup has no {key!r} list")
    ids = {p.get("id") for p in data["people"]}
    for tie in data["ties"]:
        if tie.get("a") not in ids or tie.get("b") not in ids:
            raise BackupError(f"a tie names a person the backup does not have ({tie})")
