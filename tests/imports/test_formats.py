"""The readers, on invented files shaped like real exports. No database."""

import codecs
from datetime import date

import pytest

from coffeechat.imports.formats.csvfiles import suggest_mapping
from coffeechat.imports.formats.detect import detect_format, read_contacts
from coffeechat.imports.formats.records import ImportFileError
from tests.imports import samples

LIMIT = 10_000_000


def read(text: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return read_contacts(text.encode("utf-8"), max_bytes=LIMIT, **kwargs)  # type: ignore[arg-type]


def test_it_reads_the_current_linkedin_export_with_its_notice_and_awkward_names() -> None:
    parsed = read(samples.LINKEDIN_CURRENT)
    assert parsed.format == "linkedin"
    names = [r.name for r in parsed.records]
    assert names == ["Ana Ruiz", "Jane Goslee, CPA", "Dmitri Volkov", "Иван Петров", "美玲 王"]
    ana = parsed.records[0]
    assert (ana.organization, ana.title, ana.connected_on) == (
        "Acme Health",
        "UX Researcher",
        date(2024, 5, 30),
    )
    assert ana.urls == ["https://www.linkedin.com/in/ana-ruiz-example"] and ana.where == "line 5"
    assert parsed.records[1].emails == ["jane@goslee.example"]
    assert [p.where for p in parsed.skipped] == ["line 10"]  # a row holding only a date


def test_it_reads_the_older_export_and_ignores_member_ids_in_the_email_column() -> None:
    parsed = read(samples.LINKEDIN_OLDER)
    assert parsed.format == "linkedin"
    tom, lena = parsed.records
    assert tom.emails == ["tom.baker@example.org"] and tom.connected_on == date(2018, 1, 8)
    assert lena.emails == [] and lena.valid and lena.connected_on == date(2019, 11, 23)


def test_it_reads_an_excel_copy_without_header_and_with_quoted_lines() -> None:
    parsed = read(samples.LINKEDIN_EXCEL_NO_HEADER)
    assert parsed.format == "linkedin"
    assert [(r.name, r.organization, r.connected_on) for r in parsed.records] == [
        ("Ana Ruiz", "Acme Health", date(2026, 2, 6)),
        ("Priya Nair", "Stark Labs", date(2026, 2, 7)),
        ("Omar Haddad", "Wayne Foods", date(2026, 2, 8)),
    ]


def test_a_line_break_inside_a_cell_of_an_excel_quoted_line_stays_in_that_cell() -> None:
    text = samples.LINKEDIN_EXCEL_NO_HEADER.replace("Stark Labs,Chemist", 'Stark Labs,""Lab\nChemist""')
    text += '"Lena,Fischer,,,Initrode,Teacher\nof\r\nmaths,9-Feb-26"\n'
    records = read(text).records
    assert [(r.name, r.title, r.valid) for r in records[1:]] == [
        ("Priya Nair", "Lab\nChemist", True),
        ("Omar Haddad", "Chef", True),
        ("Lena Fischer", "Teacher\nof\nmaths", True),
    ]


def test_overlong_addresses_and_links_are_named_not_stored() -> None:
    head = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    long_email = "a@" + "b" * 300 + ".example"
    long_link = "https://example.org/" + "p" * 600
    ana, bob = read(f"{head}Ana,Ruiz,,{long_email},Acme,UX,30 May 2024\nBob,Stone,{long_link},,,,\n").records
    assert not ana.valid and "line 2: Email Address: 'a@bbb" in str(ana.problems[0])
    assert "is longer than 254 characters" in str(ana.problems[0])
    assert bob.valid and bob.urls == [] and "is longer than 500 characters; left out" in str(bob.problems[0])


def test_it_reads_german_headers_and_month_names() -> None:
    [record] = read(samples.LINKEDIN_GERMAN).records
    assert (record.name, record.title, record.connected_on) == (
        "Jürgen Maier",
        "Ingenieur",
        date(2021, 3, 12),
    )


def test_it_names_the_line_and_column_of_each_bad_value() -> None:
    records = read(samples.LINKEDIN_BAD_ROWS).records
    assert [r.valid for r in records] == [True, False, False]
    assert str(records[1].problems[0]) == "line 3: Email Address: 'not-an-email' is not an email address"
    assert str(records[2].problems[0]) == "line 4: Connected On: '31 Foo 2024' is not a date"


def test_it_reads_google_contacts_with_bom_multi_values_and_labels() -> None:
    parsed = read_contacts(samples.GOOGLE.encode("utf-8"), max_bytes=LIMIT)
    assert parsed.format == "google" and parsed.encoding == "UTF-8 (with BOM)"
    maria = parsed.records[0]
    assert maria.emails == ["maria@acme.example", "maria.l@home.example"]
    assert maria.phones == ["+1 415 555 0101", "+1 415 555 0102"]
    assert maria.tags == ["Mentors"] and maria.notes == "Met at the hospital fair.\nLikes long walks."
    assert (maria.title, maria.organization) == ("Nurse Manager", "Acme Health")


def test_it_reads_outlook_contacts() -> None:
    [sam] = read(samples.OUTLOOK).records
    assert (sam.name, sam.title, sam.organization, sam.location) == (
        "Sam Okafor",
        "Architect",
        "Okafor Studio",
        "London",
    )
    assert sam.tags == ["Alumni", "Design"] and sam.urls == ["https://okafor.example"]


def test_it_reads_vcards_of_every_version_and_line_ending() -> None:
    parsed = read(samples.VCARDS)
    assert parsed.format == "vcard"
    bjorn, elif_, kai = parsed.records
    assert (bjorn.name, bjorn.organization, bjorn.title) == (
        "Björn Lindqvist",
        "Nordic Labs",
        "Research Chemist",
    )
    assert bjorn.tags == ["science", "alumni"] and bjorn.notes == "Long note that is folded over two lines."
    assert elif_.name == "Elif Öztürk" and elif_.phones == ["(212) 555-0199"]
    assert kai.name == "Kai Weber" and kai.valid


def test_a_card_with_a_bare_version_line_a_broken_link_and_a_broken_address_still_reads() -> None:
    text = "BEGIN:VCARD\nVERSION\nFN:Kai Weber\nURL:http://[x\nEMAIL:k\\nw@x.example\nEMAIL:k@x.example\nEND:VCARD\n"
    [card] = read(text).records
    assert card.valid and card.name == "Kai Weber" and card.urls == [] and card.emails == ["k@x.example"]
    problems = [str(p) for p in card.problems]
    assert "card 1 (line 1): unknown VERSION ''; read as 3.0" in problems
    assert "card 1 (line 1): URL: 'http://[x' is not a web address; left out" in problems
    assert "card 1 (line 1): EMAIL: 'k\\nw@x.example' is not an email address; left out" in problems


def test_it_names_each_broken_card_without_losing_the_good_ones() -> None:
    good, nameless, unfinished = read(samples.VCARD_BROKEN).records
    assert good.valid and good.name == "Good Person"
    assert not nameless.valid and "card 2 (line 6): no name" in str(nameless.problems[-1])
    assert not unfinished.valid and "card 3 (line 10): no END:VCARD" in str(unfinished.problems[0])


@pytest.mark.parametrize(
    ("encoded", "label"),
    [
        (codecs.BOM_UTF8 + "Name,Email\nJosé,j@x.example\n".encode(), "UTF-8 (with BOM)"),
        ("Name,Email\nJosé,j@x.example\n".encode("utf-16"), "UTF-16"),
        ("Name,Email\nJosé,j@x.example\n".encode("cp1252"), "Windows-1252 (Latin-1)"),
    ],
)
def test_it_detects_the_encodings_spreadsheets_write(encoded: bytes, label: str) -> None:
    parsed = read_contacts(encoded, max_bytes=LIMIT)
    assert parsed.encoding == label and parsed.records[0].name == "José"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (bytes(range(256)) * 4, "binary file"),
        (b"x" * 200, "unknown format"),
        (b"a,b\n1,2\n" * 10, "too large"),
        pytest.param(
            b"Name,Email\n" + b"Ana,a@x.example\r\n" * 400 + b"Bo\x00b,b@x.example\n",
            "line 402 holds a NUL character",
            id="a NUL byte past the first 4 KB",
        ),
    ],
)
def test_it_refuses_files_it_cannot_read_with_a_clear_message(data: bytes, message: str) -> None:
    limit = 50 if message == "too large" else LIMIT
    with pytest.raises(ImportFileError, match=message.replace("too large", "the limit is")):
        read_contacts(data, max_bytes=limit)


def test_it_suggests_a_mapping_for_other_csv_files_and_reads_with_it() -> None:
    assert detect_format(samples.ALUMNI_CSV) == "csv"
    header = ["Alumni name", "Class", "Employer", "Role", "Contact"]
    assert suggest_mapping(header) == {
        "name": "Alumni name",
        "organization": "Employer",
        "title": "Role",
    }
    mapping = {
        "name": "Alumni name",
        "organization": "Employer",
        "title": "Role",
        "email": "Contact",
    }
    rosa, _luis = read(samples.ALUMNI_CSV, mapping=mapping).records
    assert (rosa.name, rosa.organization, rosa.emails) == (
        "Rosa Díaz",
        "City Hospital",
        ["rosa@city.example"],
    )
    with pytest.raises(ImportFileError, match="columns this file does not have: Phone"):
        read(samples.ALUMNI_CSV, mapping={"name": "Alumni name", "phone": "Phone"})
