"""Mangled contact files: every one ends in a preview, per-row problems or a clear file error.

Seeds are the project's own samples and, when ../shared/conformance is beside the checkout, the
real files there (read in place). Hypothesis mangles them the ways files really get mangled (byte
flips, truncation, quotes, line breaks and delimiters in odd places, NUL bytes, other encodings
and byte order marks, very long fields, broken links, addresses, phones and dates). The cases are
the same on every run (derandomized), so a failure here is a real regression, not luck.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.imports.formats.detect import read_contacts
from coffeechat.imports.formats.records import ImportFileError
from coffeechat.imports.models import PendingUpload
from coffeechat.imports.planning import phones_of
from coffeechat.network.models import Person
from tests.imports import samples

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"
VCARDS = ("ez-vcard/John_Doe_IPHONE.vcf", "ez-vcard/outlook-2007.vcf", "vobject/vcard40_full.vcf")


def _seeds() -> list[tuple[str, bytes]]:
    seeds = [
        ("linkedin", samples.LINKEDIN_CURRENT.encode()),
        ("linkedin", samples.LINKEDIN_OLDER.encode()),
        ("linkedin", samples.LINKEDIN_EXCEL_NO_HEADER.encode()),
        ("google", samples.GOOGLE.encode()),
        ("outlook", samples.OUTLOOK.encode()),
        ("vcard", samples.VCARDS.encode()),
    ]
    if CONFORMANCE.exists():
        connections = CONFORMANCE / "linkedin" / "synthetic-export" / "Connections.csv"
        seeds.append(("linkedin", b"".join(connections.read_bytes().splitlines(keepends=True)[:40])))
        seeds += [("vcard", (CONFORMANCE / "vcard" / name).read_bytes()) for name in VCARDS]
    return seeds


SEEDS = _seeds()
ODD = [
    b'"',
    b'""',
    b"\n",
    b"\r",
    b"\r\n",
    b'"\n"',
    b',"a\nb",',
    b",",
    b";",
    b":",
    b"\t",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"x" * 300,
    b"y" * 600,
    b"https://www.linkedin.com:m/in/x",
    b"http://[x",
    b"https://example.org:99999/",
    b"@@",
    b"a@" + b"b" * 300 + b".example",
    b"+99999999999999999999",
    b"31 Feb 2024",
    b"0000-00-00",
    b"99/99/99",
    b"BEGIN:VCARD",
    b"END:VCARD",
    b"VERSION",
    b"URL:http://[x",
    b"EMAIL:" + b"e" * 300 + b"@x.example",
    b"TEL:+1 555",
    b";ENCODING=QUOTED-PRINTABLE:=",
    b";ENCODING=b:@@@",
]
CHANGE = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 7)),
    st.tuples(st.just("cut"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("drop"), st.floats(0, 1), st.integers(1, 40)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(ODD)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("wrap"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("encode"), st.just(0.0), st.sampled_from(["utf-16", "utf-16-be", "cp1252", "latin-1"])),
)


def _mangle(data: bytes, changes: list[tuple[str, float, object]]) -> bytes:
    out = bytearray(data)
    for kind, where, what in changes:
        at = int(where * len(out))
        if kind == "flip" and out:
            out[min(at, len(out) - 1)] ^= 1 << int(what)  # type: ignore[call-overload]
        elif kind == "cut":
            del out[at:]
        elif kind == "drop":
            del out[at : at + int(what)]  # type: ignore[call-overload]
        elif kind == "insert":
            out[at:at] = what  # type: ignore[assignment]
        elif kind == "wrap":  # Excel's whole line in quotes, with a line break inside a cell
            lines = bytes(out).split(b"\n")
            index = min(int(where * len(lines)), len(lines) - 1)
            lines[index] = b'"' + lines[index].replace(b",", b",\n", 1).replace(b'"', b'""') + b'"'
            out = bytearray(b"\n".join(lines))
        elif kind == "encode":
            with contextlib.suppress(UnicodeError):
                out = bytearray(bytes(out).decode("utf-8").encode(str(what)))
    return bytes(out)


CASES = st.tuples(
    st.sampled_from(SEEDS), st.lists(CHANGE, min_size=1, max_size=5), st.sampled_from(["auto", "own"])
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(CASES)
def test_a_mangled_file_reads_into_rows_and_problems_or_a_clear_file_error(case) -> None:  # type: ignore[no-untyped-def]
    (fmt, seed), changes, chosen = case
    data = _mangle(seed, changes)
    try:
        parsed = read_contacts(data, fmt=fmt if chosen == "own" else "auto", max_bytes=10_000_000)
    except ImportFileError as exc:
        assert str(exc), data[:200]
        return
    for record in parsed.records:
        phones_of(record)  # what planning reads from a row before it looks at the database
        for problem in record.problems:
            assert problem.where and problem.message, (problem, data[:200])


def _upload(client: Client, data: bytes, fmt: str) -> str:
    answer = client.post("/imports/", {"file": SimpleUploadedFile("mangled.csv", data), "format": fmt})
    assert answer.status_code in (200, 302)
    return answer["Location"] if answer.status_code == 302 else ""


@pytest.mark.django_db
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(CASES)
def test_a_mangled_file_imports_through_the_page_or_is_refused_with_a_message(  # type: ignore[no-untyped-def]
    client_for, case
) -> None:
    (fmt, seed), changes, chosen = case
    owner, _ = User.objects.get_or_create(username="fuzz-web")
    client = client_for(owner)
    pending = _upload(client, _mangle(seed, changes), fmt if chosen == "own" else "auto")
    if not pending:
        return
    answer = client.post(pending, {"action": "import", "skip_invalid": "1"}, follow=True)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Undo this import" in page or "Nothing was imported" in page or "Preview" in page, page[:500]
    PendingUpload.objects.filter(owner=owner).delete()


@pytest.mark.django_db
def test_values_too_long_for_their_column_or_a_nul_byte_never_reach_the_database(alex: Client) -> None:
    head = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    rows = b"Ana,Ruiz,,a@" + b"b" * 300 + b".example,,,\n"
    rows += b"Bob,Stone,https://example.org/" + b"p" * 600 + b",,,,\n"
    pending = _upload(alex, head + rows, "auto")
    alex.post(pending, {"action": "import", "skip_invalid": "1"})
    bob = Person.objects.get()
    assert bob.name == "Bob Stone" and not bob.links.exists()
    refused = _upload(alex, head + b"Ana,Ruiz,,,,,\n" * 300 + b"Cy,R\x00ay,,,,,\n", "auto")
    page = alex.get(refused, follow=True).content.decode()
    assert "line 302 holds a NUL character (byte 0): the file is damaged. Nothing was imported." in page
    assert Person.objects.count() == 1
