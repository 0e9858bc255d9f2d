"""Exploration data as plain dicts, for --json and the pages that share them."""

from __future__ import annotations

from typing import Any

from coffeechat.explore.graph import IntroductionPath
from coffeechat.explore.models import Exploration
from coffeechat.explore.ranking import Suggestion
from coffeechat.network.models import Person


def exploration_to_dict(exploration: Exploration) -> dict[str, Any]:
    return {
        "id": exploration.pk,
        "text": exploration.text,
        "why": exploration.why,
        "status": exploration.status,
        "target_organizations": [o.name for o in exploration.target_organizations.all()],
        "created": exploration.created.isoformat(),
    }


def suggestion_to_dict(s: Suggestion) -> dict[str, Any]:
    return {
        "person_id": s.person_id,
        "name": s.name,
        "title": s.title,
        "organization": s.organization,
        "score": s.score,
        "reasons": s.reasons,
        "path": s.path,
        "direct": s.direct,
    }


def paths_to_dict(person: Person, paths: list[IntroductionPath]) -> dict[str, Any]:
    return {
        "person_id": person.pk,
        "name": person.name,
        "direct": person.tie_strength is not None,
        "paths": [
            [{"person_id": p.pk, "name": p.name} for p in path.people] for path in paths if path.people
        ],
    }


def describe_path(path: IntroductionPath) -> str:
    return " → ".join(["You", *(p.name for p in path.people)])
