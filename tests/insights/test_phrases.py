import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coffeechat.insights.phrases import MAX_CHARACTERS, MAX_WORDS, key_of, phrases, without_asides

# The pieces of a real answer: names, tools, filler words, verbs of comment, and the punctuation
# people type between them.
PIECES = [
    *("SQL", "Figma", "Mercy Health", "UXPA Boston", "Python", "statistics", "HIPAA rules", "R"),
    *("a UX certificate", "the NN/g newsletter", "Erika Hall's", "Just Enough Research", "C++"),
    *("the", "a", "and", "or", "but", "also", "maybe", "she", "did", "is", "would", "help", "not"),
    *("follow", "read", "it", "especially", "hardest", "part", "though", "e.g.", "U.S.", "1.", "3)"),
    *("(", ")", "[", "]", ";", ":", " — ", " - ", ",", ".", "!", "?", "\n", "•", "'", '"', "“", "’"),
]
answers = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.text(max_size=200),
)
DANGLING = {"the", "a", "an", "and", "or", "but", "of", "to", "for", "with", "in", "at", "on", "by"}


# (answer, the phrases found in it), a few at a time by what they show.
ANSWERS = {
    "a list": [
        (
            "SQL, user interviews and a UX certificate.\nStatistics",
            "SQL|user interviews|UX certificate|Statistics",
        ),
        ("", ""),
    ],
    "asides in brackets go whole": [
        ("Figma (mostly for prototypes); SQL (basic joins) and Python (pandas).", "Figma|SQL|Python"),
        ("ResearchOps community (Slack; monthly calls)", "ResearchOps community"),
        # A bracket opened and never closed takes the rest of its clause; a lone closing one goes.
        ("UXPA (monthly, HIMSS", "UXPA|HIMSS"),
        ("statistics) and SQL", "statistics|SQL"),
    ],
    "sentences and comments do not become items": [
        (
            "Stakeholder management: the hardest part. Also SQL; and some Python.",
            "Stakeholder management|SQL|Python",
        ),
        (
            "A UX certificate (Google's is fine) or a master's in HCI: not required though.",
            "UX certificate|master's in HCI",
        ),
        ("An MPH would help long term, but start with a certificate", "MPH|certificate"),
        ("No degree needed — a bootcamp helped her", ""),
        ("It would help; she is great", ""),
    ],
    "advice is trimmed to what it names": [
        ("Follow the Figma community and read Healthcare IT News", "Figma community|Healthcare IT News"),
        (
            "Maybe a UX certificate; she did the Nielsen Norman UX Certification",
            "UX certificate|Nielsen Norman UX Certification",
        ),
        ("You should learn SQL; I'd suggest Dovetail, e.g. for tagging", "SQL|Dovetail|tagging"),
        ("Volunteer at Code for Boston (civic tech)", "Code for Boston"),
    ],
    "names, acronyms and languages survive": [
        (
            "Just Enough Research by Erika Hall; This Is Service Design Doing",
            "Just Enough Research by Erika Hall|This Is Service Design Doing",
        ),
        ("IT support, Node.js, U.S. News rankings", "IT support|Node.js|U.S. News rankings"),
        ("Go, Python and R; C++, C# and C", "Go|Python|R|C++|C#|C"),
        ("1. SQL 2. Python\n3) Figma", "SQL|Python|Figma"),
        ("“Just Enough Research” and 'Mercy Health's' blog", "Just Enough Research|Mercy Health's blog"),
    ],
}


@pytest.mark.parametrize(
    ("answer", "found"), [pytest.param(a, f, id=what) for what, cases in ANSWERS.items() for a, f in cases]
)
def test_an_answer_becomes_clean_phrases(answer: str, found: str) -> None:
    assert phrases(answer) == (found.split("|") if found else [])


def test_one_key_for_one_term() -> None:
    assert key_of("SQL") == key_of("sql") == key_of("  S.Q.L ") == "sql"
    assert key_of("Café  Society") == "cafe society"
    assert key_of("C++") != key_of("C#") != key_of("C")


@settings(max_examples=400)
@given(answers)
@example("Figma (mostly for prototypes); SQL for pulling data, and (")
@example("((nested) asides] [and (more) ] SQL")
@example("AT")
def test_every_phrase_is_clean(answer: str) -> None:
    found = phrases(answer)
    assert len({key_of(item) for item in found}) == len(found)  # each term once
    for item in found:
        assert item == item.strip() and item
        assert not re.search(r"[()\[\]{};:\n\r•\"“”]", item), item
        assert " — " not in item and " - " not in item, item
        assert len(item) <= MAX_CHARACTERS and len(item.split()) <= MAX_WORDS
        last = item.split()[-1]
        acronym = len(last) > 1 and last.isupper()  # "AT" (assistive technology) is not "at"
        assert acronym or last.lower() not in DANGLING, item
        assert not item.endswith((",", ".", "!", "?")), item


@settings(max_examples=400)
@given(answers)
def test_a_phrase_read_again_is_the_same_phrase(answer: str) -> None:
    for item in phrases(answer):
        assert phrases(item) == [item]


@given(st.text(alphabet="ab ()[]{}", max_size=40))
def test_asides_leave_no_bracket_behind(text: str) -> None:
    assert not re.search(r"[(){}\[\]]", without_asides(text))
