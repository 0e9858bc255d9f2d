"""read_mail: real-looking and broken messages, and hypothesis throwing bytes at it."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone
from email.message import Message
from email.parser import BytesParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.mail import reading
from coffeechat.mail.reading import Mail, decode_bytes, html_to_text, read_mail

REPLY = b"""\
Return-Path: <ines.duarte@example.org>
Message-ID: <CAB3x=9f@mail.example.org>
In-Reply-To: <coffeechat.17.abc@alex.example.com>
References: <coffeechat.12.zzz@alex.example.com>
 <coffeechat.17.abc@alex.example.com>
From: =?utf-8?q?In=C3=AAs_Duarte?= <Ines.Duarte@Example.ORG>
To: Alex Moreau <alex@example.com>
Cc: "Lee, Sam" <SAM.LEE@example.net>, alex@example.com
Subject: Re: =?utf-8?q?Caf=C3=A9?= next week?
Date: Tue, 03 Nov 2026 09:15:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Hi Alex, happy to talk =E2=80=94 Thursday works.

On Mon, Nov 2, 2026 at 10:00 AM Alex Moreau <alex@example.com> wrote:
> Would you have 20 minutes?
"""


def message(headers: str, body: bytes = b"Hello\n") -> bytes:
    return headers.strip("\n").encode() + b"\n\n" + body


def assert_clean(mail: Mail) -> None:
    """What a sync stores must be storable: valid Unicode, no NULs, no stray line breaks in headers."""
    for value in (mail.message_id, mail.sender, mail.sender_name, mail.subject, mail.text):
        value.encode("utf-8")
        assert "\x00" not in value
    for value in (mail.message_id, mail.sender, mail.sender_name, mail.subject, *mail.recipients):
        assert "\n" not in value and "\r" not in value
    for message_id in (mail.message_id, *mail.in_reply_to, *mail.references):
        assert "<" not in message_id and ">" not in message_id
    assert mail.date is None or mail.date.tzinfo is not None
    assert all(isinstance(calendar, bytes) for calendar in mail.calendars)


def test_it_reads_a_reply() -> None:
    mail = read_mail(REPLY)
    assert mail.message_id == "CAB3x=9f@mail.example.org"
    assert mail.in_reply_to == ("coffeechat.17.abc@alex.example.com",)
    assert mail.references == ("coffeechat.12.zzz@alex.example.com", "coffeechat.17.abc@alex.example.com")
    assert (mail.sender, mail.sender_name) == ("ines.duarte@example.org", "Inês Duarte")
    assert mail.recipients == ("alex@example.com", "sam.lee@example.net")
    assert mail.date == datetime(2026, 11, 3, 8, 15, tzinfo=UTC)
    assert mail.subject == "Re: Café next week?"
    assert mail.text.startswith("Hi Alex, happy to talk — Thursday works.\n\nOn Mon, Nov 2")
    assert mail.calendars == () and not mail.automatic


def test_bare_line_feeds_and_crlf_read_alike() -> None:
    assert read_mail(REPLY.replace(b"\n", b"\r\n")) == read_mail(REPLY)


def test_message_ids_with_or_without_angle_brackets() -> None:
    mail = read_mail(
        message(
            "Message-ID: bare-id@example.org\n"
            "In-Reply-To: <first@x.org> (Ines's message of Monday)\n"
            "References: one@x.org two@x.org,\n\tthree@x.org\n"
        )
    )
    assert mail.message_id == "bare-id@example.org"
    assert mail.in_reply_to == ("first@x.org",)
    assert mail.references == ("one@x.org", "two@x.org", "three@x.org")
    folded = read_mail(message("Message-ID: <long-id-\n folded@x.org>\nReferences: <a@x>\n <b@x>\n\t<a@x>"))
    assert folded.message_id == "long-id-folded@x.org"
    assert folded.references == ("a@x", "b@x")
    assert read_mail(message("From: a@x.org")).message_id == ""


def test_headers_in_unknown_charsets_or_raw_8bit_are_decoded() -> None:
    mail = read_mail(
        b"From: =?x-unknown?q?J=E9r=F4me_Bl=E9?= <jerome@example.fr>\n"
        b"To: \xc3\x89lodie <elodie@example.fr>\n"
        b"Subject: R\xe9union =?utf-8?b?w6k=?=\n\nBonjour\n"
    )
    assert mail.sender_name == "Jérôme Blé"
    assert mail.subject == "Réunion é"
    assert mail.recipients == ("elodie@example.fr",)
    # a character split between two encoded words, and an encoded word inside quotes
    split = read_mail(
        message(
            'From: "=?utf-8?q?Ren=C3?= =?utf-8?q?=A9e?=" <r@x.fr>\n'
            "Subject: =?utf-8?q?=C3?= =?utf-8?q?=A9t=C3=A9?="
        )
    )
    assert (split.sender_name, split.subject) == ("Renée", "été")
    assert read_mail(message("Subject: =?bogus-charset?B?SGVsbG8=?= world")).subject == "Hello world"


def test_an_address_header_the_modern_parser_refuses_is_read_by_hand() -> None:
    mail = read_mail(message("From: Jane Doe <Jane@Example.org>\nTo: Jane <jane@example.org>, Bob <"))
    assert mail.sender == "jane@example.org"
    assert "jane@example.org" in mail.recipients


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Date: Tue, 03 Nov 2026 09:15:00 -0500", datetime(2026, 11, 3, 14, 15, tzinfo=UTC)),
        ("Date: 3 Nov 2026 09:15", datetime(2026, 11, 3, 9, 15, tzinfo=UTC)),  # no zone: UTC
        ("Date: Tue, 03 Nov 2026 09:15:00 -0000", datetime(2026, 11, 3, 9, 15, tzinfo=UTC)),
        ("Date: 2026-11-03T09:15:00+02:00", datetime(2026, 11, 3, 7, 15, tzinfo=UTC)),
        ("Date: Someday soon", None),
        ("Date: Mon, 32 Foo 2026 99:99", None),
        ("Date: 0001-01-01T00:00:00+14:00", None),  # before the first day UTC can hold
        ("Date:", None),
        ("X-No-Date: yes", None),
    ],
)
def test_dates_are_aware_or_none(header: str, expected: datetime | None) -> None:
    assert read_mail(message(header)).date == expected


def test_the_offset_of_a_date_is_kept() -> None:
    date = read_mail(message("Date: Tue, 03 Nov 2026 09:15:00 +0530")).date
    assert date is not None and date.utcoffset() == timedelta(hours=5, minutes=30)
    assert date == datetime(2026, 11, 3, 9, 15, tzinfo=timezone(timedelta(hours=5, minutes=30)))


@pytest.mark.parametrize(
    ("declared", "encoding", "body", "expected"),
    [
        ("us-ascii", "8bit", "Déjà vu".encode(), "Déjà vu"),  # UTF-8 declared as ASCII
        ("iso-8859-1", "8bit", "Déjà vu".encode(), "Déjà vu"),  # UTF-8 declared as Latin-1
        ("utf-8", "8bit", "Déjà vu".encode("latin-1"), "Déjà vu"),  # Latin-1 declared as UTF-8
        ("iso-8859-1", "8bit", b"It\x92s fine", "It’s fine"),  # Windows-1252 quotes in "Latin-1"
        ("x-made-up", "8bit", "Grüße".encode(), "Grüße"),
        ("unicode-escape", "8bit", b"a\\u0041", "a\\u0041"),  # a codec, not a charset
        ("koi8-r", "8bit", "Привет".encode("koi8-r"), "Привет"),
        ("shift_jis", "base64", base64.b64encode("こんにちは".encode("shift_jis")), "こんにちは"),
        ("utf-8", "base64", b"SGVsbG8gd29ybGQ", "Hello world"),  # padding missing
        ("utf-8", "quoted-printable", b"caf=C3=A9 =\nau lait", "café au lait"),
        ("iso-8859-1", "quoted-printable", b"caf=E9", "café"),
    ],
)
def test_bodies_in_wrong_or_odd_charsets_are_readable(
    declared: str, encoding: str, body: bytes, expected: str
) -> None:
    raw = message(
        f"Content-Type: text/plain; charset={declared}\nContent-Transfer-Encoding: {encoding}", body
    )
    assert read_mail(raw).text == expected


MULTIPART = b"""\
From: Ines Duarte <ines@example.org>
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8

Plain words.
--alt
Content-Type: text/html; charset=utf-8

<p>HTML words.</p>
--alt
Content-Type: text/calendar; method=REQUEST; charset=utf-8

BEGIN:VCALENDAR
METHOD:REQUEST
END:VCALENDAR
--alt--
--outer
Content-Type: application/octet-stream; name="invite.ics"
Content-Disposition: attachment; filename="invite.ics"
Content-Transfer-Encoding: base64

QkVHSU46VkNBTEVOREFSDQpNRVRIT0Q6Q0FOQ0VMDQpFTkQ6VkNBTEVOREFS
--outer
Content-Type: text/plain; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"

An attached file, not what they wrote.
--outer
Content-Type: message/rfc822

From: Sam Lee <sam@example.net>
Subject: The team
Content-Type: text/plain

Forwarded words.
--outer--
"""


def test_multipart_reads_the_plain_alternative_forwarded_mail_and_calendars() -> None:
    mail = read_mail(MULTIPART)
    assert mail.text.startswith("Plain words.")
    assert "HTML words" not in mail.text and "attached file" not in mail.text
    assert (
        "---------- Forwarded message ---------\nFrom: Sam Lee <sam@example.net>\nSubject: The team"
        in mail.text
    )
    assert mail.text.endswith("Forwarded words.")
    assert mail.calendars == (
        b"BEGIN:VCALENDAR\nMETHOD:REQUEST\nEND:VCALENDAR",
        b"BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR",
    )


def test_an_empty_plain_part_beside_the_html_is_passed_over() -> None:
    raw = message(
        "Content-Type: multipart/alternative; boundary=b",
        b"--b\nContent-Type: text/plain\n\n \n--b\nContent-Type: text/html\n\n<p>Real words</p>\n--b--\n",
    )
    assert read_mail(raw).text == "Real words"


HTML = """<html><head><title>x</title><style>p {color: red}</style><script>alert(1)</script></head>
<body><div dir="ltr">Thanks&nbsp;Alex &amp; see you <b>Thursday</b>!<br><br>Ines</div>
<ul><li>one</li><li>two</li></ul>
<div class="gmail_quote"><div class="gmail_attr">On Mon, Nov 2, 2026 Alex wrote:<br></div>
<blockquote class="gmail_quote"><div>Would you have<br>20 minutes?</div>
<blockquote>Older</blockquote></blockquote></div><pre>  kept   as
  is</pre></body></html>"""


def test_an_html_only_mail_becomes_readable_text() -> None:
    raw = message("Content-Type: text/html; charset=utf-8", HTML.encode())
    assert read_mail(raw).text == (
        "Thanks Alex & see you Thursday!\n\nInes\n- one\n- two\nOn Mon, Nov 2, 2026 Alex wrote:\n"
        "> Would you have\n> 20 minutes?\n> > Older\n  kept   as\n  is"
    )


def test_broken_html_keeps_what_can_be_read() -> None:
    text = html_to_text("<p>Hello <b>there</p><div><![if !supportLists]>x<![endif]></div><a href='")
    assert text.startswith("Hello there\nx")


@pytest.mark.parametrize(
    "headers",
    [
        "From: ines@example.org\nAuto-Submitted: auto-replied",
        "From: ines@example.org\nAuto-Submitted: auto-generated; owner-email=x@y",
        "From: ines@example.org\nX-Autoreply: yes",
        "From: ines@example.org\nX-Autorespond: Out of office",
        "From: ines@example.org\nPrecedence: bulk",
        "From: ines@example.org\nPrecedence: junk",
        "From: ines@example.org\nList-Id: <team.example.org>",
        "From: ines@example.org\nList-Unsubscribe: <mailto:leave@example.org>",
        "From: MAILER-DAEMON@mx.example.org",
        "From: Mail Delivery System <postmaster@example.org>",
        "From: Example <no-reply@example.org>",
        "From: Example <noreply@example.org>",
        "From: ines@example.org\nReturn-Path: <>",
        "From: ines@example.org\nSubject: Automatic reply: Coffee next week?",
        "From: ines@example.org\nSubject: Out of Office: Coffee next week?",
        "From: ines@example.org\nSubject: Réponse automatique : Café",
        "From: ines@example.org\nContent-Type: multipart/report; report-type=delivery-status; boundary=b",
    ],
)
def test_automatic_mail_is_recognized(headers: str) -> None:
    assert read_mail(message(headers)).automatic


def test_a_person_writing_is_not_automatic() -> None:
    assert not read_mail(REPLY).automatic
    assert not read_mail(
        message("From: ines@example.org\nAuto-Submitted: no\nSubject: Out of ideas")
    ).automatic
    away = message("From: ines@example.org\nSubject: Out of office next week, can we meet after?")
    assert not read_mail(away).automatic


def test_a_bounce_nested_in_mixed_is_automatic() -> None:
    raw = message(
        "From: ines@example.org\nContent-Type: multipart/mixed; boundary=b",
        b"--b\nContent-Type: text/plain\n\nsorry\n--b\nContent-Type: message/delivery-status\n\n"
        b"Action: failed\n--b--\n",
    )
    assert read_mail(raw).automatic


def test_nuls_controls_and_stray_bytes_never_reach_the_fields() -> None:
    mail = read_mail(b"From: A\x00B <a\x00b@x.org>\nSubject: Hi\x00 \x1b[31mthere\xff\n\nbody\x00 text\xfe\n")
    assert_clean(mail)
    assert mail.subject == "Hi [31mthereÿ"
    assert mail.text == "body textþ"


def test_only_the_headers_are_enough() -> None:
    mail = read_mail(REPLY.split(b"\n\n")[0] + b"\n\n")
    assert mail.sender == "ines.duarte@example.org" and mail.text == ""


def test_a_deeply_nested_message_is_read_without_failing() -> None:
    opening = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (n, n) for n in range(200))
    mail = read_mail(b"From: a@x.org\nMessage-ID: <deep@x>\n" + opening + b"Content-Type: text/plain\n\nhi\n")
    assert_clean(mail)
    assert (mail.sender, mail.message_id, mail.text) == ("a@x.org", "deep@x", "")  # past MAX_DEPTH


def test_when_the_parsers_give_up_the_headers_are_still_read(monkeypatch: pytest.MonkeyPatch) -> None:
    class NestedPastTheStack(BytesParser):
        def parsebytes(self, text: bytes, headersonly: bool = False) -> Message:
            raise RecursionError  # what 1,000 nested parts do, in a tenth of the time

    monkeypatch.setattr(reading, "BytesParser", NestedPastTheStack)
    mail = read_mail(REPLY)
    assert (mail.sender, mail.message_id, mail.text) == (
        "ines.duarte@example.org",
        "CAB3x=9f@mail.example.org",
        "",
    )


def test_nothing_at_all_is_an_empty_mail() -> None:
    assert read_mail(b"") == Mail("", (), (), "", "", (), None, "", "", (), False)


def test_decode_bytes_falls_back_to_utf8_then_windows_1252() -> None:
    assert decode_bytes("ü".encode(), None) == "ü"
    assert decode_bytes(b"\xfc\x81", "utf-8") == "ü\x81"
    assert decode_bytes(b"\xa4", "iso-8859-15") == "€"


FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_clean_mail(raw: bytes) -> None:
    assert_clean(read_mail(raw))


SAMPLES = [REPLY, MULTIPART, message("Content-Type: text/html; charset=utf-8", HTML.encode())]
PIECES = [
    b"\n",
    b"\r\n",
    b"\n\n",
    b"=?",
    b"?=",
    b"=?utf-8?q?",
    b"=?x-unknown?b?",
    b"<",
    b">",
    b'"',
    b"\xff\xfe",
    b"\xc3",
    b"\x00",
    b"--outer",
    b"--alt--",
    b"Content-Type: multipart/mixed; boundary=outer\n",
    b"Content-Transfer-Encoding: base64\n",
    b"charset=",
    b"Date: ",
    b"<blockquote>",
    b"<![",
    b"&#xdc80;",
    b"&#0;",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(raw)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "flip"]))
        if action == "insert":
            raw[at:at] = draw(st.sampled_from(PIECES) | st.binary(max_size=8))
        elif action == "delete":
            del raw[at : at + draw(st.integers(1, 40))]
        elif action == "duplicate":
            raw[at:at] = raw[at : at + draw(st.integers(1, 80))]
        elif at < len(raw):
            raw[at] = draw(st.integers(0, 255))
    return bytes(raw)


@FUZZ
@given(mutated())
def test_mutated_real_messages_give_a_clean_mail(raw: bytes) -> None:
    assert_clean(read_mail(raw))
