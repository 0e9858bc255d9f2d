"""One JSON object written piece by piece, for documents too large to hold in memory.

The object's keys come one per line in the given order, indented like `json.dumps(..., indent=1)`;
a list of records is written one record per line, compact, which keeps a large file readable and
lets the C encoder do the work (an indented dump goes through the pure-Python one, several times
slower). The closing brace is written last: a document cut short (a download or an export that
failed midway) is never valid JSON, so it cannot be mistaken for a complete one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

CHUNK_CHARACTERS = 64 * 1024  # large enough that a download is not thousands of tiny writes


def _indented(value: Any) -> str:
    # JSON strings never hold a raw line break, so indenting after each "\n" is safe.
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n ")


def _is_stream(value: Any) -> bool:
    """A list or an iterator of records is written one record at a time; anything else whole."""
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes, Mapping))


def _array(records: Iterable[Any]) -> Iterator[str]:
    opened = False
    for record in records:
        yield ",\n  " if opened else "[\n  "
        yield json.dumps(record, ensure_ascii=False)
        opened = True
    yield "\n ]" if opened else "[]"


def json_object_pieces(pieces: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """The text of a JSON object from (key, value) pairs, in order, in small pieces.

    A value that is a list or any other iterable (a generator, a queryset's iterator) becomes an
    array written as its records come; it is read only once, when its turn comes.
    """
    opened = False
    for key, value in pieces:
        yield ",\n " if opened else "{\n "
        yield json.dumps(key, ensure_ascii=False) + ": "
        if _is_stream(value):
            yield from _array(value)
        else:
            yield _indented(value)
        opened = True
    yield "\n}" if opened else "{}"


def in_chunks(pieces: Iterable[str], size: int = CHUNK_CHARACTERS) -> Iterator[str]:
    """The same text joined into chunks of about `size` characters."""
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


def json_object_chunks(pieces: Iterable[tuple[str, Any]], size: int = CHUNK_CHARACTERS) -> Iterator[str]:
    return in_chunks(json_object_pieces(pieces), size)
