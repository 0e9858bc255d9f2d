"""Bytes to text: the encodings contact files really come in, and files that are not text."""

from __future__ import annotations

import codecs
import re

from coffeechat.imports.formats.records import ImportFileError

_CONTROL = {c for c in range(32)} - {9, 10, 12, 13}


def decode(data: bytes, max_bytes: int) -> tuple[str, str]:
    """The text of a file and the name of its encoding, or an ImportFileError saying why not."""
    if len(data) > max_bytes:
        raise ImportFileError(f"the file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportFileError("the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:], "utf-8", "UTF-8 (with BOM)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data, "utf-16", "UTF-16")
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 without a byte order mark: every other byte of ASCII text is zero.
        zeros_odd = head[1::2].count(0)
        zeros_even = head[0::2].count(0)
        if zeros_odd > len(head) * 0.4:
            return _checked(data, "utf-16-le", "UTF-16")
        if zeros_even > len(head) * 0.4:
            return _checked(data, "utf-16-be", "UTF-16")
        raise ImportFileError("this is a binary file, not a contacts file (CSV or vCard)")
    try:
        text = data.decode("utf-8")
        encoding = "UTF-8"
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        encoding = "Windows-1252 (Latin-1)"
    _refuse_binary(text)
    return text, encoding


def _checked(data: bytes, codec: str, label: str) -> tuple[str, str]:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"the file claims to be {label} but byte {exc.start} is not") from None
    text = text.removeprefix("\ufeff")
    _refuse_binary(text)
    return text, label


def _refuse_binary(text: str) -> None:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    if controls > max(2, len(sample) // 100):
        raise ImportFileError("this is a binary file, not a contacts file (CSV or vCard)")
    if "\x00" in text:  # no text file holds one, and no database column can store one
        line = len(re.findall(r"\r\n|\r|\n", text[: text.index("\x00")])) + 1
        raise ImportFileError(f"line {line} holds a NUL character (byte 0): the file is damaged")
