"""new_text: real-looking replies from several mail programs and languages keep only the new words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.mail.quoting import new_text
from coffeechat.mail.reading import read_mail

HISTORY = "> Would you have 20 minutes next week?\n> \n> Alex\n"

REPLIES = {
    "gmail-english": (
        "Hi Alex,\n\nThursday at 3 works for me.\n\nInês\n\n"
        "On Mon, Nov 2, 2026 at 10:00 AM Alex Moreau <alex@example.com> wrote:\n\n" + HISTORY,
        "Hi Alex,\n\nThursday at 3 works for me.\n\nInês",
    ),
    "gmail-english-wrapped": (
        "Thursday works.\n\nOn Mon, Nov 2, 2026 at 10:00 AM Alex Moreau <alex.moreau@example.com>\n"
        "wrote:\n\n" + HISTORY,
        "Thursday works.",
    ),
    "gmail-english-wrapped-address": (
        "Thursday works.\n\nOn Mon, Nov 2, 2026 at 10:00 AM Alexandra Moreau-Lefebvre <\n"
        "alexandra.moreau-lefebvre@example.com> wrote:\n" + HISTORY,
        "Thursday works.",
    ),
    "apple-mail": (
        "Sure, happy to.\n\nSent from my iPhone\n\n"
        "> On 2 Nov 2026, at 10:00, Alex Moreau <alex@example.com> wrote:\n" + HISTORY,
        "Sure, happy to.",
    ),
    "french-gmail": (
        "Bonjour Alex,\n\nAvec plaisir, jeudi à 15 h ?\n\nCordialement,\nÉlodie\n\n"
        "Le lun. 2 nov. 2026 à 10:00, Alex Moreau <alex@example.com> a écrit :\n" + HISTORY,
        "Bonjour Alex,\n\nAvec plaisir, jeudi à 15 h ?\n\nCordialement,\nÉlodie",
    ),
    "french-thunderbird-nbsp": (
        "Volontiers.\n\nLe 02/11/2026 à 10:00, Alex Moreau a\u00a0écrit\u00a0:\n" + HISTORY,
        "Volontiers.",
    ),
    "german-gmail": (
        "Hallo Alex,\n\ngerne, Donnerstag passt.\n\nViele Grüße\nJürgen\n\n"
        "Am Mo., 2. Nov. 2026 um 10:00 Uhr schrieb Alex Moreau <alex@example.com>:\n" + HISTORY,
        "Hallo Alex,\n\ngerne, Donnerstag passt.\n\nViele Grüße\nJürgen",
    ),
    "spanish-gmail": (
        "Hola Alex,\n\n¡Claro! El jueves me va bien.\n\n"
        "El lun, 2 nov 2026 a las 10:00, Alex Moreau (<alex@example.com>) escribió:\n" + HISTORY,
        "Hola Alex,\n\n¡Claro! El jueves me va bien.",
    ),
    "italian-gmail": (
        "Ciao Alex,\nvolentieri, giovedì va bene.\n\n"
        "Il giorno lun 2 nov 2026 alle ore 10:00 Alex Moreau <alex@example.com> ha scritto:\n" + HISTORY,
        "Ciao Alex,\nvolentieri, giovedì va bene.",
    ),
    "portuguese-gmail": (
        "Olá Alex,\n\nClaro, quinta-feira às 15h.\n\n"
        "Em seg., 2 de nov. de 2026 às 10:00, Alex Moreau <alex@example.com> escreveu:\n" + HISTORY,
        "Olá Alex,\n\nClaro, quinta-feira às 15h.",
    ),
    "dutch-gmail": (
        "Hoi Alex,\n\nDonderdag is prima.\n\nOp ma 2 nov. 2026 om 10:00 schreef Alex Moreau "
        "<alex@example.com>:\n" + HISTORY,
        "Hoi Alex,\n\nDonderdag is prima.",
    ),
    "swedish-gmail": (
        "Hej Alex!\n\nTorsdag passar bra.\n\n"
        "Den mån 2 nov. 2026 kl 10:00 skrev Alex Moreau <alex@example.com>:\n" + HISTORY,
        "Hej Alex!\n\nTorsdag passar bra.",
    ),
    "norwegian-gmail-wrapped": (
        "Hei Alex,\n\nTorsdag passer fint.\n\nman. 2. nov. 2026 kl. 10:00 skrev Alexandra Moreau-Lefebvre <\n"
        "alexandra.moreau-lefebvre@example.com>:\n" + HISTORY,
        "Hei Alex,\n\nTorsdag passer fint.",
    ),
    "russian-gmail": (
        "Здравствуйте, Алекс!\n\nВ четверг удобно.\n\n"
        "пн, 2 нояб. 2026 г. в 10:00, Alex Moreau <alex@example.com>:\n" + HISTORY,
        "Здравствуйте, Алекс!\n\nВ четверг удобно.",
    ),
    "russian-verb": ("Да, конечно.\n\n02.11.2026 10:00, Alex Moreau пишет:\n" + HISTORY, "Да, конечно."),
    "japanese-gmail": (
        "アレックスさん\n\n木曜日で大丈夫です。\n\n"
        "2026年11月2日(月) 10:00 Alex Moreau <alex@example.com>:\n" + HISTORY,
        "アレックスさん\n\n木曜日で大丈夫です。",
    ),
    "chinese-gmail": (
        "好的，周四见。\n\nAlex Moreau <alex@example.com> 于2026年11月2日周一 10:00写道：\n" + HISTORY,
        "好的，周四见。",
    ),
    "outlook-english": (
        "Hi Alex,\n\nYes, let's talk Thursday.\n\nBest regards,\nPriya Raman\n\n"
        "-----Original Message-----\nFrom: Alex Moreau <alex@example.com>\n"
        "Sent: Monday, November 2, 2026 10:00 AM\n"
        "To: Priya Raman <priya@example.net>\nSubject: Coffee?\n\nWould you have 20 minutes next week?\n",
        "Hi Alex,\n\nYes, let's talk Thursday.\n\nBest regards,\nPriya Raman",
    ),
    "outlook-header-block": (
        "Works for me.\n\n________________________________\nFrom: Alex Moreau <alex@example.com>\n"
        "Sent: Monday, November 2, 2026 10:00:00 AM\nTo: Priya Raman\nSubject: Coffee?\n\nWould you have…\n",
        "Works for me.",
    ),
    "outlook-header-block-no-separator": (
        "Works for me.\n\nFrom: Alex Moreau <alex@example.com>\nSent: Monday, November 2, 2026 10:00 AM\n"
        "To: Priya Raman <priya@example.net>\nCc: Sam Lee\nSubject: Coffee?\n\nWould you have 20 minutes?\n",
        "Works for me.",
    ),
    "outlook-french": (
        "Bonjour,\n\nJeudi me convient.\n\n"
        "De : Alex Moreau <alex@example.com>\nEnvoyé : lundi 2 novembre 2026 10:00\n"
        "À : Élodie Martin <elodie@example.fr>\nObjet : Un café ?\n\nAuriez-vous 20 minutes ?\n",
        "Bonjour,\n\nJeudi me convient.",
    ),
    "outlook-german": (
        "Hallo,\n\nDonnerstag passt.\n\nVon: Alex Moreau <alex@example.com>\n"
        "Gesendet: Montag, 2. November 2026 10:00\n"
        "An: Jürgen Weber <juergen@example.de>\nBetreff: Kaffee?\n\nHätten Sie 20 Minuten?\n",
        "Hallo,\n\nDonnerstag passt.",
    ),
    "outlook-spanish": (
        "Hola,\n\nEl jueves está bien.\n\nDe: Alex Moreau <alex@example.com>\n"
        "Enviado: lunes, 2 de noviembre de 2026 10:00\n"
        "Para: Lucía Gómez <lucia@example.es>\nAsunto: ¿Un café?\n\n¿Tendría 20 minutos?\n",
        "Hola,\n\nEl jueves está bien.",
    ),
    "outlook-german-original": (
        "Gerne.\n\n-----Ursprüngliche Nachricht-----\nVon: Alex Moreau\nGesendet: Montag\nAn: Jürgen\n"
        "Betreff: Kaffee?\n",
        "Gerne.",
    ),
    "outlook-flattened-header": (
        "Sounds good.\n"
        "From: Alex Moreau Sent: Monday, November 2, 2026 To: Priya Subject: Coffee?\nWould you…",
        "Sounds good.",
    ),
    "signature": (
        "Thursday works.\n\n-- \nPriya Raman | Staff Engineer | Example Corp\n+1 555 0100\n\n" + HISTORY,
        "Thursday works.",
    ),
    "mobile-signatures": (
        "D'accord pour jeudi.\n\nEnvoyé de mon iPhone\n\n> Le 2 nov. 2026 à 10:00, Alex a écrit :\n"
        + HISTORY,
        "D'accord pour jeudi.",
    ),
    "german-mobile": ("Passt!\n\nVon meinem iPhone gesendet\n\n" + HISTORY, "Passt!"),
    "spanish-mobile": ("¡Perfecto!\n\nEnviado desde mi iPhone\n", "¡Perfecto!"),
    "outlook-mobile": ("Sure.\n\nGet Outlook for iOS\n" + HISTORY, "Sure."),
    "forwarded": (
        "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Sam Lee <sam@example.net>\n"
        "Date: Mon, Nov 2, 2026\nSubject: Intro\n\nHi all…\n",
        "FYI, see below.",
    ),
    "interleaved": (
        "On Mon, Nov 2, 2026 at 10:00 AM Alex Moreau <alex@example.com> wrote:\n"
        "> Would you have 20 minutes next week?\n\nYes, Thursday.\n\n> Video or in person?\n\n"
        "In person, at the café on Main Street.\n\n-- \nPriya\n",
        "Yes, Thursday.\n\nIn person, at the café on Main Street.",
    ),
    "bottom-posted": (
        "Alex Moreau <alex@example.com> wrote:\n" + HISTORY + "\nHappy to, Thursday at 3?\n",
        "Happy to, Thursday at 3?",
    ),
    "crlf": ("Yes!\r\n\r\nOn Mon, Nov 2, 2026 Alex <alex@example.com> wrote:\r\n> Coffee?\r\n", "Yes!"),
    "html-made-text": (
        "Thanks Alex & see you Thursday!\n\nInes\nOn Mon, Nov 2, 2026 Alex wrote:\n> Would you have\n"
        "> 20 minutes?\n>\n> > Older",
        "Thanks Alex & see you Thursday!\n\nInes",
    ),
}


@pytest.mark.parametrize("name", REPLIES)
def test_only_the_new_words_are_kept(name: str) -> None:
    reply, expected = REPLIES[name]
    assert new_text(reply) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Thanks, I wrote to her on Monday.\nOn Thursday I can't, but Friday works.\nBest,\nSam",
        "Here is the plan:\n- Monday: the draft\n- From: the team, to: you\n\nSent it yesterday.",
        "My notes from the call:\nDate: Monday\nTo do: send the deck",
        "Two lines\n\n\nwith space",
    ],
)
def test_text_that_only_looks_like_history_is_kept(text: str) -> None:
    assert new_text(text) == text.replace("\n\n\n", "\n\n")


def test_a_line_starting_with_on_just_before_the_attribution_is_kept() -> None:
    attribution = "On Mon, Nov 2, 2026 at 10:00 AM Alex Moreau <alex@example.com> wrote:"
    reply = f"On Thursday I can't.\n{attribution}\n> Coffee?"
    assert new_text(reply) == "On Thursday I can't."
    reply = "See you at 2 pm\nAlex Moreau <alex@example.com> wrote:\n> Coffee?"
    assert new_text(reply) == "See you at 2 pm"


def test_a_message_that_is_all_quoted_is_returned_whole() -> None:
    quoted = "\nOn Mon, Nov 2, 2026 Alex <alex@example.com> wrote:\n> Coffee next week?\n"
    assert new_text(quoted) == quoted.strip()
    assert new_text("-- \nPriya Raman\nStaff Engineer") == "-- \nPriya Raman\nStaff Engineer"
    assert new_text("Sent from my iPhone") == "Sent from my iPhone"


def test_nothing_in_nothing_out() -> None:
    assert new_text("") == ""
    assert new_text("\n \n") == ""


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(
    st.lists(st.sampled_from([*[reply for reply, _ in REPLIES.values()], "x", "On", ">", "\n"]), max_size=6)
)
def test_text_of_their_own_is_never_lost(pieces: list[str]) -> None:
    text = "\n".join(pieces)
    kept = new_text(text)
    assert kept.strip() or not text.strip()
    lines = {line.rstrip() for line in text.replace("\r\n", "\n").split("\n")}
    assert all(line in lines for line in kept.split("\n"))  # only their lines, none made up


OUTLOOK_HTML = """<html><body><div class=WordSection1>
<p class=MsoNormal>Hi Alex,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>Thursday at 3 works.<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>
<div style='border:none;border-top:solid #E1E1E1 1.0pt'><p class=MsoNormal><b>De&nbsp;:</b> Alex Moreau
&lt;alex@example.com&gt; <br><b>Envoyé&nbsp;:</b> lundi 2 novembre 2026 10:00<br><b>À&nbsp;:</b> Élodie
Martin &lt;elodie@example.fr&gt;<br><b>Objet&nbsp;:</b> Un café ?<o:p></o:p></p></div>
<p class=MsoNormal>Auriez-vous 20 minutes ?<o:p></o:p></p></div></body></html>"""

GMAIL_HTML = """<div dir="ltr">Hallo Alex,<div><br></div><div>gerne!</div></div><br><div class="gmail_quote">
<div dir="ltr" class="gmail_attr">Am Mo., 2. Nov. 2026 um 10:00&nbsp;Uhr schrieb Alex Moreau &lt;<a
href="mailto:alex@example.com">alex@example.com</a>&gt;:<br></div><blockquote class="gmail_quote">
<div dir="ltr">Hätten Sie 20 Minuten?</div></blockquote></div>"""


@pytest.mark.parametrize(
    ("html", "expected"),
    [(OUTLOOK_HTML, "Hi Alex,\n\nThursday at 3 works."), (GMAIL_HTML, "Hallo Alex,\n\ngerne!")],
)
def test_html_replies_read_from_the_mail_keep_the_new_words(html: str, expected: str) -> None:
    raw = b"From: a@x.org\nContent-Type: text/html; charset=utf-8\n\n" + html.encode()
    assert new_text(read_mail(raw).text) == expected


def test_long_texts_are_read_quickly() -> None:
    # Every line could start an attribution: the work stays linear (no line is tried more than a
    # few times), so a 5,000-line mail takes a moment, not forever.
    text = "On Monday we met at 10 and\n" * 5000
    assert new_text(text) == text.strip()
