from hypothesis import given
from hypothesis import strategies as st

from coffeechat.lib.text import fold, name_key, words


def test_it_folds_accents_case_and_spacing() -> None:
    assert fold("José  ÁLVAREZ") == "jose alvarez"
    assert fold("Straße Øresund") == "strasse oresund"


def test_it_keys_names_without_pronouns_or_punctuation() -> None:
    assert name_key("María-José O'Neil (she/her)") == "maria jose o neil"
    assert name_key("  Dev   PATEL ") == name_key("dev patel")
    assert name_key("Иван Петров") == "иван петров"
    assert name_key("李小龍") == "李小龍"


def test_it_splits_words_for_search() -> None:
    assert words("Ünïcode, résumé & C++!") == ["unicode", "resume", "c"]


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert name_key(name_key(text)) == name_key(text)
