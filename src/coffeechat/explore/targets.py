"""Organizations worth approaching for an exploration: a target list in the spirit of LAMP.

Each organization is ranked by the user's own interest in it (1-5), the warm contacts and
alumni there, and how many of the people suggested work there; each comes with the best
person to ask next.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from coffeechat.explore.models import Exploration
from coffeechat.explore.offlimits import off_limits_filter
from coffeechat.explore.ranking import Suggestion
from coffeechat.explore.suggest import suggest_people
from coffeechat.network.models import Organization, Person

SUGGESTIONS_CONSIDERED = 200
ALUMNI = ("alumni", "classmate", "professor")


@dataclass
class TargetOrganization:
    organization: Organization
    interest: int | None
    warm: int
    alumni: int
    suggested: int
    next_person: Suggestion | None
    targeted: bool

    @property
    def score(self) -> float:
        return (
            2.0 * (self.interest or 0)
            + (3.0 if self.targeted else 0.0)
            + min(self.warm, 5)
            + min(self.alumni, 3)
            + 1.5 * min(self.suggested, 5)
        )


def organization_targets(exploration: Exploration, limit: int = 50) -> list[TargetOrganization]:
    suggestions = suggest_people(exploration, limit=SUGGESTIONS_CONSIDERED)
    interests = dict(exploration.interests.values_list("organization_id", "score"))
    targeted = set(exploration.target_organizations.values_list("pk", flat=True))
    excluded = set(exploration.excluded_organizations.values_list("pk", flat=True))
    suggested: dict[int, list[Suggestion]] = {}
    for s in suggestions:
        if s.organization_id is not None:
            suggested.setdefault(s.organization_id, []).append(s)
    ids = (set(suggested) | set(interests) | targeted) - excluded
    organizations = Organization.objects.filter(owner_id=exploration.owner_id, pk__in=ids, sensitive=False)
    people = Person.objects.filter(owner_id=exploration.owner_id, organization__in=ids).exclude(
        off_limits_filter(exploration)
    )
    warm = _count(people.filter(tie_strength__isnull=False))
    alumni = _count(people.filter(how_known__in=ALUMNI))
    found = [
        TargetOrganization(
            organization=org,
            interest=interests.get(org.pk),
            warm=warm.get(org.pk, 0),
            alumni=alumni.get(org.pk, 0),
            suggested=len(suggested.get(org.pk, [])),
            next_person=suggested.get(org.pk, [None])[0],
            targeted=org.pk in targeted,
        )
        for org in organizations
    ]
    return sorted(found, key=lambda t: (-t.score, t.organization.name_key))[:limit]


def _count(people: object) -> dict[int, int]:
    rows = people.values("organization").annotate(n=Count("pk")).values_list("organization", "n")  # type: ignore[attr-defined]
    return dict(rows)
