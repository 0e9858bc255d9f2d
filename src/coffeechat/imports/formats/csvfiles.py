"""Contact CSV files: LinkedIn's Connections.csv in all its variants, Google, Outlook, any other."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable

from coffeechat.imports.formats.dates import parse_date
from coffeechat.imports.formats.names import clean_name
from coffeechat.imports.formats.records import (
    ContactRecord,
    ImportFileError,
    ParsedFile,
    Problem,
    email_problem,
)
from coffeechat.lib.links import InvalidLink, normalize_url
from coffeechat.lib.text import fold, name_key

Row = tuple[int, list[str]]  # (line number where the row starts, cells)
MULTI = " ::: "  # Google's separator for several values in one cell

csv.field_size_limit(1_000_000)


def read_rows(text: str) -> list[Row]:
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"line {reader.line_num}: this is not readable CSV ({exc})") from None
    return rows


def _blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


def _add_email(record: ContactRecord, value: str, column: str) -> None:
    for address in (a.strip() for a in re.split(r"\s*:::\s*|[;,]\s*", value)):
        if not address or address.lower().startswith("urn:li:"):
            continue  # LinkedIn sometimes puts a member id where the address would be
        if problem := email_problem(address):
            record.error(problem, column)
        elif address.lower() not in (e.lower() for e in record.emails):
            record.emails.append(address)


def _add_url(record: ContactRecord, value: str, column: str) -> None:
    for raw in value.split(MULTI):
        if not raw.strip():
            continue
        try:
            url = normalize_url(raw)
        except InvalidLink as exc:
            record.warn(f"{exc}; left out", column)
            continue
        if url not in record.urls:
            record.urls.append(url)


def _add_phones(record: ContactRecord, value: str) -> None:
    for phone in (p.strip() for p in value.split(MULTI)):
        if phone and phone not in record.phones:
            record.phones.append(phone)


def _set_name(record: ContactRecord, *parts: str) -> None:
    record.name = clean_name(*parts)
    if len(record.name) > 200:
        record.error("longer than 200 characters", "name")


def _check_lengths(record: ContactRecord) -> None:
    for field_name in ("title", "organization", "location"):
        if len(getattr(record, field_name)) > 200:
            record.error("longer than 200 characters", field_name)


# --- LinkedIn ---------------------------------------------------------------------------

LINKEDIN_HEADERS = {
    "first": ["first name", "vorname", "prenom", "nombre", "nome", "voornaam", "imie"],
    "last": [
        "last name",
        "nachname",
        "nom",
        "nom de famille",
        "apellidos",
        "apellido",
        "sobrenome",
        "cognome",
        "achternaam",
        "nazwisko",
    ],
    "url": ["url", "profile url", "profil-url"],
    "email": [
        "email address",
        "e-mail address",
        "e-mail-adresse",
        "adresse e-mail",
        "adresse email",
        "direccion de correo electronico",
        "endereco de e-mail",
        "indirizzo email",
        "e-mailadres",
    ],
    "company": ["company", "unternehmen", "firma", "entreprise", "empresa", "azienda", "bedrijf"],
    "position": ["position", "poste", "cargo", "posizione", "functie", "stelle"],
    "connected": [
        "connected on",
        "verbunden am",
        "vernetzt am",
        "date de connexion",
        "connecte le",
        "fecha de conexion",
        "conectado em",
        "data di collegamento",
        "verbonden op",
        "data nawiazania kontaktu",
    ],
}
_LINKEDIN_BY_HEADER = {alias: key for key, aliases in LINKEDIN_HEADERS.items() for alias in aliases}
LINKEDIN_CURRENT = ["first", "last", "url", "email", "company", "position", "connected"]
LINKEDIN_OLDER = ["first", "last", "email", "company", "position", "connected"]


def linkedin_header(cells: list[str]) -> list[str] | None:
    """The canonical column names if these cells are a Connections.csv header."""
    keys = [_LINKEDIN_BY_HEADER.get(fold(c)) or "" for c in cells]
    known = {k for k in keys if k}
    # Outlook and others share First/Last Name and Company; only LinkedIn has these few columns
    # with Position or Connected On.
    if {"first", "last"} <= known and known & {"connected", "position"} and len(cells) <= 9:
        return keys
    return None


def _looks_like_linkedin_row(cells: list[str]) -> bool:
    if len(cells) not in (6, 7):
        return False
    return "linkedin.com/" in " ".join(cells).lower() or parse_date(cells[-1]) is not None


def _unwrap(cells: list[str], width: int) -> list[str]:
    # Excel sometimes writes a whole line as one quoted cell: "Ana,Ruiz,https://…,,Acme,…".
    # A line break inside it was a line break inside a cell: the rows it splits into are joined again.
    if len(cells) == 1 and width > 1 and cells[0].count(",") >= width - 2:
        unwrapped: list[str] = []
        for row in csv.reader(io.StringIO(cells[0], newline="")):
            if not unwrapped:
                unwrapped = row
                continue
            unwrapped[-1] += "\n" + (row[0] if row else "")
            unwrapped += row[1:]
        return unwrapped
    return cells


def parse_linkedin(rows: list[Row], encoding: str) -> ParsedFile:
    header_at, columns = None, None
    for index, (_, cells) in enumerate(rows[:15]):
        columns = linkedin_header(_unwrap(cells, 7))
        if columns:
            header_at = index
            break
    if columns is None:
        data = [r for r in rows if not _blank(r[1])]
        widths = Counter(len(_unwrap(cells, 7)) for _, cells in data)
        width = widths.most_common(1)[0][0] if widths else 0
        if width not in (6, 7):
            raise ImportFileError(
                "no header row, and the columns do not look like a LinkedIn export "
                "(First Name, Last Name, URL, Email Address, Company, Position, Connected On)"
            )
        columns = LINKEDIN_CURRENT if width == 7 else LINKEDIN_OLDER
        body = rows
    else:
        body = rows[header_at + 1 :]
    parsed = ParsedFile("linkedin", encoding, [])
    repeated: dict[str, str] = {}  # companies and positions: one string each, not one per row
    for line, raw_cells in body:
        cells = _unwrap(raw_cells, len(columns))
        if _blank(cells):
            continue
        parsed_row = _linkedin_record(line, columns, cells, repeated)
        if parsed_row is None:
            parsed.skipped.append(Problem(f"line {line}", "no name in this row; skipped", error=False))
        else:
            parsed.records.append(parsed_row)
    return parsed


def _linkedin_record(
    line: int, columns: list[str], cells: list[str], repeated: dict[str, str]
) -> ContactRecord | None:
    record = ContactRecord(f"line {line}")
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        record.error(f"{len(cells)} columns where the header has {len(columns)}")
    value = {key: (cells[i].strip() if i < len(cells) else "") for i, key in enumerate(columns) if key}
    if not (value.get("first") or value.get("last")):
        if value.get("url") or value.get("email", "").count("@"):
            record.error("no name", "First Name")
            return record
        return None  # rows holding only a date: LinkedIn hides who they were
    _set_name(record, value.get("first", ""), value.get("last", ""))
    if not name_key(record.name):
        record.error("no name left once emoji and pronouns are removed", "First Name")
    company, position = value.get("company", ""), value.get("position", "")
    record.organization = repeated.setdefault(company, company)
    record.title = repeated.setdefault(position, position)
    if value.get("url"):
        _add_url(record, value["url"], "URL")
    if value.get("email"):
        _add_email(record, value["email"], "Email Address")
    if value.get("connected"):
        record.connected_on = parse_date(value["connected"])
        if record.connected_on is None:
            record.error(f"{value['connected']!r} is not a date", "Connected On")
    record.how_known = "online"
    _check_lengths(record)
    return record


# --- Google Contacts ----------------------------------------------------------------------


def _columns(header: list[str], pattern: str) -> list[int]:
    rx = re.compile(pattern, re.IGNORECASE)
    return [i for i, name in enumerate(header) if rx.match(name.strip())]


def _first_column(header: list[str], *names: str) -> int | None:
    wanted = [n.lower() for n in names]
    for name in wanted:
        for i, column in enumerate(header):
            if column.strip().lower() == name:
                return i
    return None


def _parse_table(
    rows: list[Row],
    encoding: str,
    fmt: str,
    build: Callable[[ContactRecord, Callable[[int | None], str]], None],
) -> ParsedFile:
    header = [c.strip() for c in rows[0][1]]
    parsed = ParsedFile(fmt, encoding, [], columns=header)
    for line, cells in rows[1:]:
        if _blank(cells):
            continue
        record = ContactRecord(f"line {line}")
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            record.error(f"{len(cells)} columns where the header has {len(header)}")

        def cell(index: int | None, cells: list[str] = cells) -> str:
            return cells[index].strip() if index is not None and index < len(cells) else ""

        build(record, cell)
        if not name_key(record.name):
            record.error("no name", "Name")
        _check_lengths(record)
        parsed.records.append(record)
    return parsed


def parse_google(rows: list[Row], encoding: str) -> ParsedFile:
    header = [c.strip() for c in rows[0][1]]
    full = _first_column(header, "Name")
    parts = [
        _first_column(header, n1, n2)
        for n1, n2 in (
            ("First Name", "Given Name"),
            ("Middle Name", "Additional Name"),
            ("Last Name", "Family Name"),
        )
    ]
    org = _first_column(header, "Organization Name", "Organization 1 - Name")
    title = _first_column(header, "Organization Title", "Organization 1 - Title")
    notes = _first_column(header, "Notes")
    labels = _first_column(header, "Labels", "Group Membership")
    nickname = _first_column(header, "Nickname")
    city = _first_column(header, "Address 1 - City")
    country = _first_column(header, "Address 1 - Country")
    emails = _columns(header, r"^e-mail \d+ - value$")
    phones = _columns(header, r"^phone \d+ - value$")
    sites = _columns(header, r"^website \d+ - value$")

    def build(record: ContactRecord, cell: Callable[[int | None], str]) -> None:
        given = [cell(i) for i in parts]
        _set_name(record, *(given if any(given) else [cell(full) or cell(nickname)]))
        record.organization, record.title = cell(org), cell(title)
        record.notes = cell(notes)
        record.location = ", ".join(v for v in (cell(city), cell(country)) if v)
        for i in emails:
            _add_email(record, cell(i), header[i])
        for i in phones:
            _add_phones(record, cell(i))
        for i in sites:
            _add_url(record, cell(i), header[i])
        for label in cell(labels).split(MULTI):
            label = label.strip().lstrip("*").strip()
            if label and fold(label) not in ("mycontacts", "starred", "other contacts"):
                record.tags.append(label)

    return _parse_table(rows, encoding, "google", build)


def is_google_header(cells: list[str]) -> bool:
    names = {fold(c) for c in cells}
    has_numbered = any(re.match(r"^(e-mail|phone) \d+ - (value|type|label)$", n) for n in names)
    return has_numbered or {"given name", "family name"} <= names or "organization name" in names


# --- Outlook ------------------------------------------------------------------------------


def is_outlook_header(cells: list[str]) -> bool:
    names = {fold(c) for c in cells}
    return "e-mail address" in names and bool({"job title", "business phone", "company"} & names)


def parse_outlook(rows: list[Row], encoding: str) -> ParsedFile:
    header = [c.strip() for c in rows[0][1]]
    first, middle, last = (_first_column(header, n) for n in ("First Name", "Middle Name", "Last Name"))
    emails = _columns(header, r"^e-mail( \d)? address$")
    phones = _columns(header, r"^.*(phone|mobile)( \d)?$")
    org, title = _first_column(header, "Company"), _first_column(header, "Job Title")
    web, notes = _first_column(header, "Web Page"), _first_column(header, "Notes")
    categories = _first_column(header, "Categories")
    city = _first_column(header, "Business City", "Home City")

    def build(record: ContactRecord, cell: Callable[[int | None], str]) -> None:
        _set_name(record, cell(first), cell(middle), cell(last))
        record.organization, record.title = cell(org), cell(title)
        record.notes, record.location = cell(notes), cell(city)
        for i in emails:
            _add_email(record, cell(i), header[i])
        for i in phones:
            _add_phones(record, cell(i))
        if cell(web):
            _add_url(record, cell(web), "Web Page")
        record.tags = [t.strip() for t in re.split(r"[;,]", cell(categories)) if t.strip()]

    return _parse_table(rows, encoding, "outlook", build)


# --- any other CSV, through a column mapping ------------------------------------------------

MAPPABLE_FIELDS = {
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "phone": "Phone",
    "url": "Profile link (LinkedIn, website)",
    "title": "Title",
    "organization": "Organization",
    "location": "Location",
    "tags": "Tags",
    "notes": "Notes",
    "connected_on": "Known since (date)",
}
_SYNONYMS = {
    "name": ["name", "full name", "contact", "contact name", "display name", "alumni name"],
    "first_name": ["first name", "first", "given name", "firstname", "forename"],
    "last_name": ["last name", "last", "surname", "family name", "lastname"],
    "email": ["email", "e-mail", "email address", "mail", "e-mail address"],
    "phone": ["phone", "telephone", "mobile", "cell", "phone number", "tel"],
    "url": ["linkedin", "linkedin url", "profile", "url", "website", "profile url"],
    "title": ["title", "job title", "position", "role", "occupation"],
    "organization": ["organization", "organisation", "company", "employer", "org", "firm"],
    "location": ["location", "city", "place", "region"],
    "tags": ["tags", "labels", "groups", "categories"],
    "notes": ["notes", "note", "comments", "comment", "remarks"],
    "connected_on": ["connected on", "date", "since", "met on", "graduation", "year"],
}


def suggest_mapping(header: list[str]) -> dict[str, str]:
    """field -> column, for the columns whose names say what they hold."""
    mapping: dict[str, str] = {}
    for column in header:
        key = fold(column)
        for field_name, synonyms in _SYNONYMS.items():
            if key in synonyms and field_name not in mapping:
                mapping[field_name] = column
                break
    return mapping


def parse_mapped(rows: list[Row], encoding: str, mapping: dict[str, str]) -> ParsedFile:
    header = [c.strip() for c in rows[0][1]]
    unknown = [c for c in mapping.values() if c and c not in header]
    if unknown:
        raise ImportFileError(f"the mapping names columns this file does not have: {', '.join(unknown)}")
    if not (mapping.get("name") or mapping.get("first_name") or mapping.get("last_name")):
        raise ImportFileError("map a column to the name (or to first and last name) to import this file")
    index = {f: header.index(c) for f, c in mapping.items() if c}

    def build(record: ContactRecord, cell: Callable[[int | None], str]) -> None:
        get = lambda f: cell(index.get(f))  # noqa: E731
        _set_name(record, get("name") or " ".join((get("first_name"), get("last_name"))))
        record.title, record.organization = get("title"), get("organization")
        record.location, record.notes = get("location"), get("notes")
        if get("email"):
            _add_email(record, get("email"), mapping["email"])
        if get("phone"):
            _add_phones(record, get("phone").replace(";", MULTI))
        if get("url"):
            _add_url(record, get("url"), mapping["url"])
        record.tags = [t.strip() for t in re.split(r"[;,]", get("tags")) if t.strip()]
        if get("connected_on"):
            record.connected_on = parse_date(get("connected_on"))
            if record.connected_on is None:
                record.error(f"{get('connected_on')!r} is not a date", mapping["connected_on"])

    parsed = _parse_table(rows, encoding, "csv", build)
    return parsed
