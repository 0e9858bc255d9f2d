"""The short items in a free-text answer, as clean phrases. Plain text in, phrases out.

'Figma (mostly for prototypes); SQL, and running usability tests.' -> Figma, SQL, running
usability tests. Asides in brackets are dropped, sentences and clauses are split apart (; : — and
list commas), and what is left of a clause is trimmed to the thing it names: no leading 'the',
'and', 'follow' or 'she did', nothing after 'would' or 'is', nothing that opens with 'not'.
A clause that cannot be trimmed into a short phrase is left out rather than shown half.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coffeechat.lib.text import fold

MAX_WORDS = 6
MAX_CHARACTERS = 60

# A bracketed aside with no bracket inside it; removed until none is left, so nesting goes too.
_ASIDE = re.compile(r"\([^()\[\]{}]*\)|\[[^()\[\]{}]*\]|\{[^()\[\]{}]*\}")
# A bracket opened and never closed takes the rest of its clause with it; a lone closing one goes.
_UNCLOSED = re.compile(r"[(\[{][^,;:\n.!?]*")
_BRACKET = re.compile(r"[)\]}]")
# Quotation marks, but not the apostrophe inside a word (Hall's, master's).
_QUOTE = re.compile(r"[\"“”„«»]|(?<!\w)['‘’]|['‘’](?!\w)")
_NUMBERED = re.compile(r"(?<!\S)\d{1,2}[.)]\s+")  # '1. SQL 2) Python'
_EXAMPLES = re.compile(r"\b(?:e\.\s?g|i\.\s?e|etc)\b\.?", re.IGNORECASE)
# Sentences end at a line, a bullet, a semicolon, or . ! ? before a space (not the dot of U.S.).
_SENTENCES = re.compile(r"[\n\r;•|]+|(?<!\b\w)[.!?]+(?=\s|$)")
# Inside a sentence, a colon or a dash set off by spaces starts a new part: a list or a comment.
_PARTS = re.compile(r":(?!//)|\s[-–—]+\s|—")
_LIST = re.compile(r",(?!\d)|\s(?:and|or|but|plus|&|as well as|along with)\s", re.IGNORECASE)
_EDGES = " \t-–—*.,:!?/&'‘’"

# What a comment after a colon or a dash opens with ('Stakeholder management: the hardest part').
_COMMENT_OPENERS = {"the", "a", "an", "this", "that", "it", "which", "what", "who", "where", "when"}
# Words that lead into an item without being part of it; dropped while more words follow.
_LEADING = {
    *("the", "a", "an", "some", "more", "any", "lots", "plenty", "of", "another", "other"),
    *("my", "your", "his", "her", "their", "our", "its"),
    *("and", "or", "but", "plus", "then", "also", "too", "both"),
    *("maybe", "perhaps", "probably", "definitely", "really", "especially", "particularly"),
    *("mostly", "mainly", "ideally", "eventually", "including", "like", "such", "as"),
    *("good", "strong", "solid", "basic", "great", "very"),
    # Advice is an imperative: 'follow the Figma community', 'start with a certificate'.
    *("follow", "read", "join", "attend", "try", "take", "get", "learn", "use", "check", "consider"),
    *("subscribe", "listen", "watch", "volunteer", "start", "look", "do", "find", "keep"),
    *("recommend", "recommends", "recommended", "suggest", "suggests", "suggested"),
    *("to", "at", "with", "into", "on", "for", "about", "up", "out", "in"),
}
# Someone doing something: 'she did the Nielsen Norman course' names the course.
_SPEAKERS = {"i", "you", "we", "they", "he", "she", "someone", "everyone", "everybody"}
_SPEAKERS_WITH_MODAL = {f"{who}{modal}" for who in _SPEAKERS for modal in ("'d", "'ll")}
_COPULAS = {"is", "are", "was", "were", "am", "be", "isn't", "aren't", "wasn't", "weren't"}
_MODALS = {"would", "will", "can", "could", "should", "must", "might", "may", "shall"}
_MODALS_NOT = {"won't", "wouldn't", "can't", "couldn't", "shouldn't", "mustn't"}
# A clause that opens with these comments on something rather than naming it.
_OPENS_COMMENT = {
    *(_COPULAS - {"be"}),
    *_MODALS,
    *_MODALS_NOT,
    *("it", "this", "that", "these", "those", "which", "there", "here"),
    *("it's", "that's", "there's", "she's", "he's", "they're", "you're", "i'm", "we're"),
    *("worked", "said", "says", "thinks", "thought", "seems", "seemed", "helped", "helps"),
    *("matters", "mattered", "needed", "required", "meant", "means"),
}
_NEGATIONS = {"no", "not", "never", "none", "nothing", "nobody", "don't", "doesn't", "didn't", "without"}
# A verb after the named thing turns the rest into a comment: 'An MPH would help long term'.
_CUT_BEFORE = {
    *(_COPULAS - {"be"}),
    *_MODALS,
    *_MODALS_NOT,
    *("has", "have", "had", "does", "did", "helps", "helped", "matters", "mattered", "counts"),
    *("needed", "required", "said", "says", "seems", "seemed", "got", "gets", "means", "meant"),
}
# Words that cannot end an item: what they led into was cut away.
_DANGLING = {
    *("the", "a", "an", "and", "or", "but", "of", "to", "for", "with", "in", "at", "on", "by"),
    *("from", "into", "about", "as", "than", "like", "my", "your", "his", "her", "their", "our"),
    *("its", "this", "that", "very", "more", "most", "some", "any"),
}
_TRAILING = {"though", "too", "also", "anyway", "especially", "maybe", "perhaps", "really", "first"}
_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "by", "at"}
_NOT_A_START = _LEADING | _SPEAKERS | _DANGLING | _NEGATIONS | _OPENS_COMMENT


def phrases(text: str) -> list[str]:
    """The items named in an answer, each once, in the order they come."""
    return list(_phrases(text or ""))


# Every visit to the insights reads the same answers again: each is split once per process and
# kept by its text (a changed answer is another key, so nothing stale is ever returned).
@lru_cache(maxsize=16384)
def _phrases(text: str) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for clause in _clauses(text):
        item = _item(clause)
        if item and key_of(item) not in found:
            found[key_of(item)] = item
    return tuple(found.values())


@lru_cache(maxsize=16384)
def key_of(item: str) -> str:
    """The folded form that decides when two items are one: case, accents and punctuation go."""
    return " ".join(re.sub(r"[^\w+# ]+", "", fold(item)).split())


def without_asides(text: str) -> str:
    """The text without bracketed asides, and without a bracket left alone by a typing slip."""
    while True:
        text, removed = _ASIDE.subn(" ", text)
        if not removed:
            return _BRACKET.sub(" ", _UNCLOSED.sub(" ", text))


def _clauses(text: str) -> list[str]:
    # Numbering goes before the asides (so '1)' is not a bracket) and after ('1.)' was one).
    text = _NUMBERED.sub("\n", without_asides(_NUMBERED.sub("\n", text)))
    text = _QUOTE.sub("", _EXAMPLES.sub(",", text))
    clauses = []
    for sentence in _SENTENCES.split(text):
        for n, part in enumerate(_PARTS.split(sentence)):
            if not (n and _comments(part.split())):
                clauses.extend(_LIST.split(part))
    return clauses


def _comments(words: list[str]) -> bool:
    """After a colon or a dash, 'the hardest part' comments on what came before it."""
    return bool(words) and _word(words[0]) in _COMMENT_OPENERS and (len(words) == 1 or words[1][:1].islower())


def _word(word: str) -> str:
    """A word as the lists above spell it; an acronym (IT, US) stays itself and matches none."""
    plain = word.replace("’", "'").strip(_EDGES)
    return plain if len(plain) > 1 and plain.isupper() else plain.lower()


def _item(clause: str) -> str:
    words = clause.strip(_EDGES).split()
    title = _is_title(words)
    while len(words) > 1:
        first, second = _word(words[0]), _word(words[1])
        if not title and (first in _NEGATIONS or first in _OPENS_COMMENT):
            return ""
        if first in _SPEAKERS:
            if second in _COPULAS:  # 'she is great' names nothing
                return ""
            words = words[2:]  # the speaker and the verb (or modal: 'you should learn SQL')
        elif first in _SPEAKERS_WITH_MODAL or first in _LEADING:
            words = words[1:]
        else:
            break
    if not title:  # and a verb in title case ('Made to Stick') is part of a name
        cut = next((i for i, w in enumerate(words) if i and w.strip(_EDGES) in _CUT_BEFORE), None)
        words = words[:cut]
    while words and _word(words[-1]) in _TRAILING | _DANGLING:
        words.pop()
    item = " ".join(words).strip(_EDGES)
    return item if _is_phrase(item, title) else ""


def _is_title(words: list[str]) -> bool:
    """A name in title case ('This Is Service Design Doing') is kept whole, verbs and all."""
    return len(words) >= 3 and all(w[:1].isupper() or w in _SMALL_WORDS for w in words)


def _is_phrase(item: str, title: bool) -> bool:
    words = item.split()
    return (
        (len(item) >= 2 or item.isupper())  # R and C are languages
        and len(item) <= MAX_CHARACTERS
        and len(words) <= MAX_WORDS
        and any(c.isalpha() for c in item)
        and (title or _word(words[0]) not in _NOT_A_START)
    )
