"""A volunteer's profile as others may see it: only the fields the volunteer shows.

Everything the directory reads about a volunteer is written here on save from the shown fields
alone: the words embedded for ranking by meaning (`vector`, `vector_text`), the folded values the
filters match (`industry_key` …, empty when hidden) and the words matched for overlap
(`search_text`). A hidden field is then neither on a page nor matchable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coffeechat.lib.text import fold

if TYPE_CHECKING:
    from coffeechat.community.models import VolunteerProfile

# The shown words that carry what a volunteer does, embedded for ranking by meaning.
MEANING_FIELDS = ("headline", "title", "topics", "earlier_roles", "industry")
# The shown words matched for overlap with a query (and named in "why it matches").
WORD_FIELDS = (*MEANING_FIELDS, "organization", "location", "school", "languages")
LABELS = {
    "headline": "Headline",
    "title": "Current title",
    "organization": "Organization",
    "industry": "Industry",
    "location": "Location",
    "school": "School",
    "year": "Graduation year",
    "earlier_roles": "Earlier roles",
    "topics": "Glad to talk about",
    "ways": "Likes to meet by",
    "languages": "Languages",
}
WAY_WORDS = {"video": "video call", "phone": "phone", "in_person": "in person"}


def shows(profile: VolunteerProfile, field: str) -> bool:
    value = getattr(profile, field)
    return field in (profile.shown or ()) and value not in ("", None, [])


def shown_text(profile: VolunteerProfile, fields: tuple[str, ...]) -> str:
    """The shown fields' words, one field per line (lists kept one item a line)."""
    return "\n".join(str(getattr(profile, f)).strip() for f in fields if shows(profile, f))


def ways_key(ways: list[str] | tuple[str, ...]) -> str:
    return f" {' '.join(ways)} "


def ways_text(ways: list[str]) -> str:
    return ", ".join(WAY_WORDS.get(w, w) for w in ways)


@dataclass(frozen=True)
class Shown:
    field: str
    label: str
    value: str
    lines: tuple[str, ...]  # for the fields kept one item a line


def shown_fields(profile: VolunteerProfile) -> list[Shown]:
    """What a member may read about the volunteer, in the order of the form."""
    found = []
    for field in LABELS:
        if not shows(profile, field):
            continue
        value = getattr(profile, field)
        text = ways_text(value) if field == "ways" else str(value)
        lines = tuple(line.strip() for line in text.splitlines() if line.strip())
        found.append(Shown(field, LABELS[field], text, lines if field in ("earlier_roles", "topics") else ()))
    return found


def prepare(profile: VolunteerProfile) -> None:
    """Set what the directory matches from the shown fields; embed the meaning words again only
    when they changed."""
    profile.shown = [f for f in profile.SHOWABLE if f in (profile.shown or ())]
    for field in ("industry", "organization", "location", "school"):
        key = fold(getattr(profile, field))[:100] if shows(profile, field) else ""
        setattr(profile, f"{field}_key", key)
    profile.year_key = profile.year if shows(profile, "year") else None
    profile.ways = [w for w in WAY_WORDS if w in (profile.ways or ())]  # one order, for ways_key
    profile.ways_key = ways_key(profile.ways) if shows(profile, "ways") else ""
    profile.search_text = fold(shown_text(profile, WORD_FIELDS).replace("\n", " "))
    text = shown_text(profile, MEANING_FIELDS)
    if text != profile.vector_text or (text and profile.vector is None):
        profile.vector_text = text
        profile.vector = meaning_vectors([profile])[0]


TITLE_WEIGHT = 0.6  # what they do (title and industry) weighs more than the rest of the words


def meaning_vectors(profiles: Sequence[VolunteerProfile]) -> list[bytes | None]:
    """Each profile's shown meaning words as one unit vector (float16 bytes; None without words):
    the title and industry's meaning blended with all the words', as suggestions weigh a
    person's title most (a profile's topics and earlier roles would otherwise drown it)."""
    import numpy as np

    from coffeechat.explore.semantic import vectors

    texts = [shown_text(p, MEANING_FIELDS) for p in profiles]
    doing = [shown_text(p, ("title", "industry")).replace("\n", " ") for p in profiles]
    whole, what = vectors(texts), vectors(doing)
    found: list[bytes | None] = []
    for text, doing_text, a, b in zip(texts, doing, whole, what, strict=True):
        blend = TITLE_WEIGHT * b + (1 - TITLE_WEIGHT) * a if doing_text else a
        norm = float(np.linalg.norm(blend))
        found.append((blend / norm).astype(np.float16).tobytes() if text and norm else None)
    return found
