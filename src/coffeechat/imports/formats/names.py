"""Names as exports write them: pronouns, emoji and decorations around the real name."""

from __future__ import annotations

import re
import unicodedata

_PRONOUNS = re.compile(
    r"\(\s*(?:she|he|they|her|him|them|ze|xe|any)\s*/[^)]*\)|\b(?:she/her|he/him|they/them)(?:/\w+)?\b",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


def _is_decoration(ch: str) -> bool:
    # Emoji and pictographs (So), joiners and variation selectors that glue them together.
    return unicodedata.category(ch) in ("So", "Cs", "Co") or ch in "\u200d\ufe0f\ufe0e"


def clean_name(*parts: str) -> str:
    """'Ana 🌱', 'Ruiz (she/her)' -> 'Ana Ruiz'. Credentials stay: they are part of the name
    as given; matching ignores them (coffeechat.lib.text.name_key)."""
    text = " ".join(p for p in parts if p and p.strip())
    if "/" in text:  # every pronoun pattern has one
        text = _PRONOUNS.sub(" ", text)
    if not text.isascii():  # emoji and pictographs are never ASCII
        text = "".join(ch for ch in text if not _is_decoration(ch))
    text = _SPACES.sub(" ", text).strip(" ,|·-–—")
    return text
