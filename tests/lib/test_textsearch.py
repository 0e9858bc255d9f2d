import re

from hypothesis import given
from hypothesis import strategies as st

from coffeechat.lib.text import words
from coffeechat.lib.textsearch import (
    Fragment,
    fold_for_matching,
    match_score,
    plain,
    snippet,
    stem,
    terms_found,
    word_matches,
)


def test_it_stems_english_endings_but_keeps_short_words_whole() -> None:
    assert stem("engineering") == stem("engineers") == stem("engineer")
    assert stem("nursing") == stem("nurses") == stem("nurse") == "nurs"
    assert stem("studies") == stem("study")
    assert stem("notes") == "note" and stem("nothing") != stem("notes")
    assert stem("business") == "business" and stem("classes") == "class"


def test_it_finds_words_folded_as_typed_or_by_their_stem() -> None:
    text = "José said the Nurses at St. Mary's keep a résumé bank"
    assert terms_found(["jose", "resume"], text) == {"jose", "resume"}
    assert terms_found(["nursing"], text) == {"nursing"}
    assert terms_found(["res", "mar"], text) == {"res", "mar"}  # prefixes, as the user types
    assert terms_found(["bankruptcy", "ose"], text) == set()  # a word's middle is not a match


def test_every_word_must_be_in_the_text_or_found_elsewhere_and_one_in_the_text() -> None:
    in_name = terms_found(["maria", "budget"], "María López")
    assert match_score(["maria", "budget"], "The budget is tight", found_elsewhere=in_name) == 1
    assert match_score(["maria", "budget"], "The budget is tight") == 0
    assert match_score(["maria"], "The budget is tight", found_elsewhere=in_name) == 0
    assert match_score(["budget", "tight"], "The budget is tight") == 2


def test_a_snippet_marks_the_matches_around_the_first_one() -> None:
    text = "Intro words. " * 30 + "Then she said the budget cycle\n\ndrives every redesign. " + "Outro. " * 30
    parts = snippet(text, ["budget"], width=60)
    assert parts[0] == Fragment("…") and parts[-1].text.endswith("…")
    assert [p.text for p in parts if p.marked] == ["budget"]
    assert "budget cycle drives" in plain(parts) and len(plain(parts)) <= 62


def test_a_short_text_is_shown_whole() -> None:
    assert snippet("Met Ana at café Zoë", ["cafe"]) == (
        Fragment("Met Ana at "),
        Fragment("café", marked=True),
        Fragment(" Zoë"),
    )


@given(st.text(min_size=1))
def test_a_stem_is_a_prefix_of_its_word(word: str) -> None:
    assert word.startswith(stem(word))


@given(st.text(), st.lists(st.from_regex(r"[a-z]{1,6}", fullmatch=True), min_size=1, max_size=3))
def test_a_snippet_is_the_texts_own_words_and_every_word_finds_itself(text: str, terms: list[str]) -> None:
    shown = plain(snippet(text, terms)).strip("…")
    assert shown in " ".join(text.split())
    for word in words(text)[:5]:
        assert terms_found([word], text) == {word}


@given(st.text())
def test_quick_folding_gives_the_words_fold_gives(text: str) -> None:
    assert re.findall(r"\w+", fold_for_matching(text).replace("_", " ")) == words(text)


@given(st.text(), st.lists(st.text(min_size=1), min_size=1, max_size=3))
def test_terms_are_found_exactly_when_a_word_of_the_text_matches(text: str, typed: list[str]) -> None:
    terms = [term for raw in typed for term in words(raw)]
    expected = {term for term in terms if any(word_matches(term, word) for word in words(text))}
    assert terms_found(terms, text) == expected
