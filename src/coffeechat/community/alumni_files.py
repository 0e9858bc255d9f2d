"""Staff's alumni CSV files, read as a stream: the encoding and delimiter found, the columns mapped
to alumni fields, and each row checked, with every problem naming its line and column.

Plain Python over a file path (no database): a file of 1,000,000 rows is read line by line, never
held. Decoding reuses imports' rules (imports/formats/decoding.py: empty, binary and damaged
files are refused the same way) and messages read as imports' do ("line 12: Year: ...").
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from coffeechat.imports.formats.csvfiles import suggest_mapping
from coffeechat.imports.formats.decoding import decode
from coffeechat.imports.formats.names import clean_name
from coffeechat.imports.formats.records import ImportFileError, Problem, email_problem
from coffeechat.lib.text import fold

FIELDS = {
    "name": "Full name",
    "email": "Email",
    "title": "Title",
    "organization": "Organization",
    "industry": "Industry",
    "location": "Location",
    "school": "School",
    "year": "Graduation year",
}
LIMITS = {
    "name": 200,
    "email": 254,
    "title": 200,
    "organization": 200,
    "industry": 100,
    "location": 200,
    "school": 200,
}
_MORE_SYNONYMS = {
    "industry": ["industry", "sector", "field"],
    "school": ["school", "college", "university", "program", "programme", "faculty"],
    "year": ["year", "graduation year", "class year", "class of", "class", "grad year", "graduated"],
}
DELIMITERS = ",;\t|"
_HEAD_BYTES = 65_536
EARLIEST_YEAR = 1900


@dataclass(frozen=True)
class AlumniFile:
    """What was found at the top of a file: enough to read it row by row."""

    path: Path
    name: str  # as the user knows it, for messages
    codec: str
    encoding: str  # as a person reads it: "UTF-8", "Windows-1252 (Latin-1)"
    delimiter: str
    columns: list[str]


@dataclass(slots=True)
class AlumniRow:
    line: int
    values: dict[str, object]
    problems: list[Problem] = field(default_factory=list)


def parse_map_option(text: str) -> dict[str, str]:
    """`name=Full Name,email=Email` -> {"name": "Full Name", "email": "Email"}."""
    mapping: dict[str, str] = {}
    for part in (p for p in text.split(",") if p.strip()):
        key, sep, column = part.partition("=")
        key = key.strip().lower()
        if not sep or not column.strip():
            raise ImportFileError(f"--map: {part.strip()!r} should read field=Column Name")
        if key not in FIELDS:
            raise ImportFileError(f"--map: {key!r} is not a field; the fields are {', '.join(FIELDS)}")
        mapping[key] = column.strip()
    return mapping


def suggested_mapping(columns: list[str]) -> dict[str, str]:
    """field -> column for the columns whose names say what they hold (imports' synonyms, and a
    few of ours: industry, school, year)."""
    found = {f: c for f, c in suggest_mapping(columns).items() if f in FIELDS}
    for column in columns:
        key = fold(column)
        for field_name, synonyms in _MORE_SYNONYMS.items():
            if key in synonyms and field_name not in found and column not in found.values():
                found[field_name] = column
    return found


def open_alumni_file(path: Path, name: str, *, max_bytes: int) -> AlumniFile:
    """The file's encoding, delimiter and header, or an ImportFileError saying why it cannot be read."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportFileError(f"the file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB")
    with path.open("rb") as raw:
        head = raw.read(_HEAD_BYTES)
    # imports' decoding refuses empty, binary and damaged files and names the encoding; only the
    # head is decoded here, cut at a line end so no character is split.
    cut = head if len(head) < _HEAD_BYTES else head[: head.rfind(b"\n") + 1 or len(head)]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:200]:
        cut = head[: len(head) // 2 * 2]
    _, encoding = decode(cut, max_bytes)
    codec = {
        "UTF-8 (with BOM)": "utf-8-sig",
        "UTF-8": "utf-8",
        "UTF-16": "utf-16",
    }.get(encoding, "cp1252")
    if encoding == "UTF-16" and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if head[1:200:2].count(0) > head[0:200:2].count(0) else "utf-16-be"
    if codec.startswith("utf-8") and not _all_utf8(path):
        codec, encoding = "cp1252", "Windows-1252 (Latin-1)"
    with _text(path, codec) as text:
        first = ""
        for first in text:
            if first.strip():
                break
    delimiter = _delimiter(first)
    columns = [c.strip() for c in next(csv.reader([first], delimiter=delimiter), [])]
    if not any(columns):
        raise ImportFileError("the file has no rows")
    if not all(columns) or len(set(columns)) != len(columns):
        raise ImportFileError("the first row is not a header: every column needs a name of its own")
    return AlumniFile(path, name, codec, encoding, delimiter, columns)


def _all_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as raw:
        try:
            while chunk := raw.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _text(path: Path, codec: str) -> TextIO:
    return path.open(encoding=codec, errors="replace", newline="")


def _delimiter(header_line: str) -> str:
    try:
        return csv.Sniffer().sniff(header_line, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def check_mapping(found: AlumniFile, mapping: dict[str, str]) -> None:
    unknown = [f for f in mapping if f not in FIELDS]
    if unknown:
        raise ImportFileError(f"the mapping names fields alumni records do not have: {', '.join(unknown)}")
    missing = [c for c in mapping.values() if c and c not in found.columns]
    if missing:
        raise ImportFileError(
            f"the mapping names columns this file does not have: {', '.join(missing)} "
            f"(its columns: {', '.join(found.columns)})"
        )
    if not mapping.get("name"):
        raise ImportFileError("map a column to the name to load this file")


def read_alumni(found: AlumniFile, mapping: dict[str, str]) -> Iterator[AlumniRow]:
    """Each data row with its values and problems, in file order; blank rows are passed over."""
    check_mapping(found, mapping)
    index = {f: found.columns.index(c) for f, c in mapping.items() if c}
    width = len(found.columns)
    this_year = date.today().year
    with _text(found.path, found.codec) as text:
        reader = csv.reader(text, delimiter=found.delimiter)
        start, header_seen = 1, False
        try:
            for cells in reader:
                line, start = start, reader.line_num + 1
                if not any(c.strip() for c in cells):
                    continue
                if not header_seen:
                    header_seen = True
                    continue
                yield _row(line, cells, index, mapping, width, this_year)
        except csv.Error as exc:
            raise ImportFileError(f"line {reader.line_num}: this is not readable CSV ({exc})") from None


def _row(
    line: int, cells: list[str], index: dict[str, int], mapping: dict[str, str], width: int, this_year: int
) -> AlumniRow:
    row = AlumniRow(line, {})
    where = f"line {line}"

    def problem(message: str, field_name: str = "") -> None:
        row.problems.append(Problem(where, message, mapping.get(field_name, field_name)))

    if len(cells) > width and any(c.strip() for c in cells[width:]):
        problem(f"{len(cells)} columns where the header has {width}")
    values = row.values
    for field_name, at in index.items():
        value = cells[at].strip() if at < len(cells) else ""
        if "\x00" in value:
            problem("holds a NUL character (byte 0): the file is damaged here", field_name)
            value = value.replace("\x00", "")
        values[field_name] = value
    values["name"] = name = clean_name(str(values.get("name", "")))
    if not name:
        problem("no name", "name")
    for field_name, limit in LIMITS.items():
        value = str(values.get(field_name, ""))
        if len(value) > limit:
            problem(f"longer than {limit} characters", field_name)
    email = str(values.get("email", ""))
    if email and (why := email_problem(email)):
        problem(why, "email")
    values["email_key"] = email.lower()
    year = str(values.get("year", ""))
    values["year"] = None
    if year:
        number = year[:-2] if year.endswith(".0") else year  # Excel writes 2015 as 2015.0
        if not number.isdigit() or not EARLIEST_YEAR <= int(number) <= this_year + 10:
            problem(f"{year!r} is not a year", "year")
        else:
            values["year"] = int(number)
    return row
