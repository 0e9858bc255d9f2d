"""Which kind of contacts file this is, and reading it into records."""

from __future__ import annotations

import re

from coffeechat.imports.formats import csvfiles
from coffeechat.imports.formats.decoding import decode
from coffeechat.imports.formats.records import ImportFileError, ParsedFile
from coffeechat.imports.formats.vcards import parse_vcards

FORMATS = ("linkedin", "google", "outlook", "vcard", "csv")
FORMAT_NAMES = {
    "linkedin": "LinkedIn connections (Connections.csv)",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "vcard": "vCard (.vcf)",
    "csv": "CSV with your own column mapping",
}
_VCARD = re.compile(r"^\s*(?:[\w-]*\.)?(?:BEGIN|END)\s*:\s*VCARD", re.I | re.M)


def detect_format(text: str) -> str:
    if _VCARD.search(text[:20_000]):
        return "vcard"
    rows = csvfiles.read_rows(text[:200_000])
    rows = [r for r in rows if any(c.strip() for c in r[1])]
    if not rows:
        raise ImportFileError("the file has no rows")
    if rows[0][1] and rows[0][1][0].strip().lower().startswith("notes:"):
        return "linkedin"  # the notice LinkedIn puts above the header
    for _, cells in rows[:15]:
        if csvfiles.linkedin_header(csvfiles._unwrap(cells, 7)):
            return "linkedin"
    header = rows[0][1]
    if csvfiles.is_google_header(header):
        return "google"
    if csvfiles.is_outlook_header(header):
        return "outlook"
    if sum(csvfiles._looks_like_linkedin_row(csvfiles._unwrap(c, 7)) for _, c in rows[:20]) >= min(
        3, len(rows)
    ):
        return "linkedin"  # re-saved by Excel without its header row
    if len(header) >= 2 and all(c.strip() for c in header) and len(set(header)) == len(header):
        return "csv"
    if len(header) == 1 and "," not in header[0]:
        raise ImportFileError("unknown format: this is neither a vCard nor a CSV file with columns")
    raise ImportFileError(
        "unknown format: the first row is not a header (every column needs a name); "
        "choose the format if you know it"
    )


def read_contacts(
    data: bytes, *, fmt: str = "auto", mapping: dict[str, str] | None = None, max_bytes: int
) -> ParsedFile:
    """Records from a file's bytes; an ImportFileError when the file cannot be read at all."""
    text, encoding = decode(data, max_bytes)
    fmt = detect_format(text) if fmt == "auto" else fmt
    if fmt not in FORMATS:
        raise ImportFileError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "vcard":
        return parse_vcards(text, encoding)
    rows = csvfiles.read_rows(text)
    if not any(any(c.strip() for c in cells) for _, cells in rows):
        raise ImportFileError("the file has no rows")
    rows = [r for r in rows if any(c.strip() for c in r[1])] if fmt != "linkedin" else rows
    if fmt == "linkedin":
        return csvfiles.parse_linkedin(rows, encoding)
    if fmt == "google":
        return csvfiles.parse_google(rows, encoding)
    if fmt == "outlook":
        return csvfiles.parse_outlook(rows, encoding)
    header = [c.strip() for c in rows[0][1]]
    chosen = mapping if mapping is not None else csvfiles.suggest_mapping(header)
    if not mapping and not (chosen.get("name") or chosen.get("first_name") or chosen.get("last_name")):
        parsed = ParsedFile("csv", encoding, [], columns=header)
        return parsed  # nothing to import until the user maps the columns
    parsed = csvfiles.parse_mapped(rows, encoding, chosen)
    parsed.columns = header
    return parsed
