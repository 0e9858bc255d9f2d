"""A whole LinkedIn export (the folder, or the .zip LinkedIn sends) down to the files coffeechat reads.

Only Connections.csv, Messages.csv and Invitations.csv are read; every other file is named as
ignored. A zip is read in memory, never extracted: a member is taken only by its exact name, at
the top or one folder down (some exports wrap everything in a folder), never through an absolute
path or a '..', and never beyond the size limit whatever its header claims (a zip bomb stops at
the limit). No network, no database.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from coffeechat.imports.formats.records import ImportFileError

READ = ("Connections.csv", "Messages.csv", "Invitations.csv")
MAX_MEMBERS = 5000  # a real export holds a few dozen files
NO_MESSAGES = "no Messages.csv in this export: only {read} were read"


@dataclass
class LinkedInExport:
    files: dict[str, bytes]  # the READ names found, in READ's order
    ignored: list[str] = field(default_factory=list)  # the other files, by their name in the export
    notes: list[str] = field(default_factory=list)  # what a user should know (no Messages.csv)

    @property
    def read(self) -> list[str]:
        return list(self.files)


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06"


def _wanted(name: str) -> str:
    """The READ name this file is, compared without case; "" when it is none of them."""
    lowered = name.lower()
    return next((known for known in READ if known.lower() == lowered), "")


def read_zip(data: bytes, max_bytes: int) -> LinkedInExport:
    """The export in a zip's bytes, or an ImportFileError saying why it cannot be read."""
    if len(data) > max_bytes:
        raise ImportFileError(f"the file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(f"this is not a readable zip file ({exc})") from None
    if len(members) > MAX_MEMBERS:
        raise ImportFileError(f"the zip holds {len(members)} files; a LinkedIn export holds a few dozen")
    chosen: dict[str, tuple[int, zipfile.ZipInfo]] = {}
    ignored = []
    for member in members:
        if member.is_dir():
            continue
        path = PurePosixPath(member.filename.replace("\\", "/"))
        unsafe = not path.parts or path.is_absolute() or ".." in path.parts or ":" in path.parts[0]
        known = "" if unsafe or len(path.parts) > 2 else _wanted(path.name)
        if not known:
            ignored.append(member.filename)
            continue
        depth = len(path.parts)
        if known not in chosen or depth < chosen[known][0]:
            if known in chosen:
                ignored.append(chosen[known][1].filename)
            chosen[known] = (depth, member)
        else:
            ignored.append(member.filename)
    files = {}
    for name in READ:
        if name in chosen:
            files[name] = _member_bytes(archive, chosen[name][1], name, max_bytes)
    return _export(files, ignored)


def _member_bytes(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, max_bytes: int) -> bytes:
    if member.flag_bits & 0x1:
        raise ImportFileError(f"{name} is encrypted in the zip; export it again without a password")
    if member.file_size > max_bytes:
        raise ImportFileError(
            f"{name} is {member.file_size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB"
        )
    try:
        with archive.open(member) as stream:
            data = stream.read(max_bytes + 1)  # however small the header says it is
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        zlib.error,  # damaged compressed data
        lzma.LZMAError,
    ) as exc:
        raise ImportFileError(f"{name} cannot be read from the zip ({exc})") from None
    if len(data) > max_bytes:
        raise ImportFileError(f"{name} is over {max_bytes / 1e6:.0f} MB once unpacked; the limit is that")
    return data


def read_folder(folder: Path, max_bytes: int) -> LinkedInExport:
    """The export in a folder as LinkedIn's zip unpacks, read in place."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise ImportFileError(f"{folder}: {exc.strerror}") from None
    files: dict[str, bytes] = {}
    ignored = []
    for entry in entries:
        known = _wanted(entry.name) if entry.is_file() else ""
        if not known or known in files:
            ignored.append(entry.name + ("/" if entry.is_dir() else ""))
            continue
        size = entry.stat().st_size
        if size > max_bytes:
            raise ImportFileError(f"{known} is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB")
        files[known] = entry.read_bytes()
    return _export({name: files[name] for name in READ if name in files}, ignored)


def _export(files: dict[str, bytes], ignored: list[str]) -> LinkedInExport:
    if not files:
        raise ImportFileError(
            "this export holds none of Connections.csv, Messages.csv or Invitations.csv; "
            "is it the LinkedIn export (Settings > Data privacy > Get a copy of your data)?"
        )
    notes = []
    if "Messages.csv" not in files:
        read = "connections and invitations" if "Invitations.csv" in files else "connections"
        notes.append(NO_MESSAGES.format(read=read))
    return LinkedInExport(files, sorted(ignored), notes)
