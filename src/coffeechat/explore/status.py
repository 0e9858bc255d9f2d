"""Where the user stands with people for an exploration, as the conversations area reports it.

Explorations sit below conversations in the layers: suggestions need to know whom the user has
already asked or met (courtesy), and the exploration page shows each listed person's stage and
next step, but `explore` cannot import the conversation. The conversations app registers a
source here when it is ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from coffeechat.explore.models import Exploration
from coffeechat.explore.said import PastTalk


@dataclass(frozen=True)
class Status:
    person_id: int
    stage: str  # the stage's label, for people to read
    next_step: str
    courtesy: str = ""  # "asked": waiting for them; "closed": met, declined or let rest
    url: str = ""


class Source(Protocol):
    def statuses(self, exploration: Exploration, person_ids: list[int]) -> dict[int, Status]: ...

    def listed(self, exploration: Exploration) -> list[Status]: ...

    def asked_elsewhere(
        self, exploration: Exploration, person_ids: list[int], since: datetime
    ) -> set[int]: ...

    def past_talk(self, owner_id: int, person_ids: list[int]) -> dict[int, PastTalk]: ...


class _Nothing:
    def statuses(self, exploration: Exploration, person_ids: list[int]) -> dict[int, Status]:
        return {}

    def listed(self, exploration: Exploration) -> list[Status]:
        return []

    def asked_elsewhere(self, exploration: Exploration, person_ids: list[int], since: datetime) -> set[int]:
        return set()

    def past_talk(self, owner_id: int, person_ids: list[int]) -> dict[int, PastTalk]:
        return {}


_source: Source = _Nothing()


def register_source(source: Source) -> None:
    global _source
    _source = source


def source() -> Source:
    return _source
