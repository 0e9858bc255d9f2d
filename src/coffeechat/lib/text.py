"""Text folding shared by matching and search: accents, case and spacing do not matter."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w]+")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORDS = re.compile(r"\w+")

# Letters that do not decompose into a base letter plus accent under NFKD.
_EXTRA_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "œ": "oe"})


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: 'José  ÁLVAREZ' -> 'jose alvarez'."""
    if text.isascii():  # most text: nothing to decompose (and imports fold a lot of it)
        return " ".join(text.lower().split())
    # Compatibility forms first (a mathematical script A becomes A), so casefold sees plain letters.
    plain = _strip_marks(unicodedata.normalize("NFKD", text))
    folded = _strip_marks(unicodedata.normalize("NFKD", plain.casefold().translate(_EXTRA_FOLDS)))
    return _SPACES.sub(" ", folded).strip()


class _Marks(dict[int, str]):
    """A translation table that drops combining marks, filled in as characters are met
    (str.translate with it is several times quicker than testing each character in Python)."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        self[code] = kept = "" if unicodedata.combining(character) else character
        return kept


_MARKS = _Marks()


def _strip_marks(text: str) -> str:
    return text.translate(_MARKS)


_CREDENTIAL = re.compile(r"^(?:[A-Z][A-Z.&-]{1,7}|Ph\.?D\.?|M\.?Sc|B\.?Sc|M\.?Ed|Ed\.?D|Esq\.?|Jr\.?|Sr\.?)$")


def without_credentials(name: str) -> str:
    """'Jane Goslee, CPA, MBA' -> 'Jane Goslee'; 'Doe, John' stays as it is."""
    parts = [part.strip() for part in name.split(",")]
    while len(parts) > 1 and all(_CREDENTIAL.match(w) for w in parts[-1].split()):
        parts.pop()
    return ", ".join(parts)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The form of a name used to match people: folded, without pronouns, credentials or
    punctuation. 'María-José O'Neil, PhD (she/her)' -> 'maria jose o neil'
    """
    # The checks first skip work most names do not need (an import asks for 100,000 keys).
    if "(" in name or "[" in name:
        name = _PARENTHESES.sub(" ", name)
    if "," in name:
        name = without_credentials(name)
    return " ".join(_NOT_WORD.sub(" ", fold(name)).replace("_", " ").split())


def words(text: str) -> list[str]:
    """The folded words of a text, as a search engine would see them."""
    return [w for w in _WORDS.findall(fold(text).replace("_", " "))]
