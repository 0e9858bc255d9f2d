"""Searching a few texts in memory, the way the database search matches people.

Words are folded (accents and case do not matter), each query word also matches as a prefix
(results follow the user's typing), and a light English stemmer lets "nursing" find "nurses".
A snippet is the stretch of text around the first match, with the matching words marked.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from coffeechat.lib.text import fold

_WORDS = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")

# Longest first; a suffix goes only when at least MIN_STEM letters stay, so "notes" keeps "note".
_SUFFIXES = tuple("ations ation ments ment ings ing ies ied ers er ed es ly s y e".split())
MIN_STEM = 4


@lru_cache(maxsize=4096)
def _fold_character(character: str) -> str:
    # The x's keep a space that a character decomposes into ("¨" is a space and a diaeresis):
    # fold() would trim it and join the words on either side.
    return fold(f"x{character}x")[1:-1]


def _fold_run(run: re.Match[str]) -> str:
    return "".join(map(_fold_character, run.group()))


def fold_for_matching(text: str) -> str:
    """The words of fold(text), spacing aside, about ten times faster on text that is not ASCII.

    Searching reads all of a user's notes for each keystroke, and a curly quote or a dash is
    enough to take fold() off its fast ASCII path; only the other characters are folded here,
    each once.
    """
    lowered = text.lower()
    return lowered if lowered.isascii() else _NOT_ASCII.sub(_fold_run, lowered)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A folded word without its English endings: 'engineering', 'engineers' -> 'engin'.

    Only ever cuts the end of the word, so a word's stem is always a prefix of it.
    """
    while True:
        for suffix in _SUFFIXES:
            cut = len(word) - len(suffix)
            if word.endswith(suffix) and cut >= MIN_STEM and not (suffix == "s" and word.endswith("ss")):
                word = word[:cut]
                break
        else:
            return word


def word_matches(term: str, word: str) -> bool:
    """Whether a folded query word finds a folded word of the text: as typed, or by its stem."""
    return word.startswith(term) or stem(word).startswith(stem(term))


def terms_found(terms: Sequence[str], text: str) -> set[str]:
    """The query words (folded) that some word of the text matches."""
    if not text:
        return set()
    folded = fold_for_matching(text)
    return {term for term in terms if _holds(term, folded)}


def _holds(term: str, folded: str) -> bool:
    # A stem is a prefix of every word it matches: look only at the words starting with it,
    # and not at all when it is nowhere in the text (a plain substring test is much faster).
    start = stem(term)
    if start not in folded:
        return False
    return any(word_matches(term, found.group()) for found in _words_starting(start).finditer(folded))


@lru_cache(maxsize=256)
def _words_starting(prefix: str) -> re.Pattern[str]:
    # Words as words() sees them: letters and digits, an underscore separates.
    return re.compile(rf"(?<![^\W_]){re.escape(prefix)}[^\W_]*")


def match_score(terms: Sequence[str], text: str, found_elsewhere: AbstractSet[str] = frozenset()) -> int:
    """How many query words the text holds, or 0 when it does not match.

    The text must hold at least one of the words; the others may be found elsewhere instead (in
    the name of the person the text is about), so "maria budget" finds Maria's words on budgets.
    """
    found = terms_found(terms, text)
    if not found or not set(terms) <= found | found_elsewhere:
        return 0
    return len(found)


@dataclass(frozen=True)
class Fragment:
    text: str
    marked: bool = False


def snippet(text: str, terms: Sequence[str], width: int = 160) -> tuple[Fragment, ...]:
    """About `width` characters of the text around its first matching word, on one line."""
    flat = _SPACES.sub(" ", text).strip()
    matches = (m for m in _WORDS.finditer(flat) if _is_match(terms, m.group()))
    first = next(matches, None)
    start = max(0, first.start() - width // 3) if first else 0
    if first and start:
        start = flat.find(" ", start, first.start()) + 1 or start  # begin at a word
    end = len(flat)
    if start + width < end:
        cut = flat.rfind(" ", first.end() if first else start, start + width)  # end at a word
        end = cut if cut > 0 else start + width
    parts: list[Fragment] = [Fragment("…")] if start else []
    at = start
    for match in itertools.chain([first] if first else [], matches):
        if match.end() > end:
            break
        parts += [Fragment(flat[at : match.start()]), Fragment(match.group(), marked=True)]
        at = match.end()
    parts.append(Fragment(flat[at:end] + ("…" if end < len(flat) else "")))
    return tuple(part for part in parts if part.text)


def _is_match(terms: Sequence[str], word: str) -> bool:
    parts = _WORDS.findall(fold_for_matching(word).replace("_", " "))
    return any(word_matches(term, part) for part in parts for term in terms)


def plain(fragments: Iterable[Fragment]) -> str:
    return "".join(fragment.text for fragment in fragments)
