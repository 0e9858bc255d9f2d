"""What comes next for one meeting: prepare, take notes, reflect, thank, follow the referrals.

Pure: the meeting's times and what the user has done so far in, the steps out, each with whether
it is done and which page does it. The meeting page shows them in order, the next one first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class MeetingState:
    starts: datetime
    ends: datetime
    now: datetime
    cancelled: bool
    held: bool
    researched: bool
    planned: bool
    has_notes: bool
    reflected: bool
    thanked: bool
    referrals: bool


@dataclass(frozen=True)
class Step:
    page: str  # "brief", "plan", "prep", "live", "reflect", "thank_you", "referrals"
    text: str
    done: bool


def meeting_steps(state: MeetingState) -> list[Step]:
    if state.cancelled:
        return []
    before = [
        Step("brief", "Read the brief and note what you find about them", state.researched),
        Step("plan", "Choose your questions to fit the slot", state.planned),
        # The prep sheet is made from the brief and the plan: ready once the plan is.
        Step("prep", "Keep the prep sheet at hand (print it or save it)", state.planned),
    ]
    during = [Step("live", "Take notes under each question as you talk", state.has_notes)]
    after = [
        Step("reflect", "Write down your first impressions while they are fresh", state.reflected),
        Step("thank_you", "Thank them within 24 hours, with something they said", state.thanked),
        Step("referrals", "Note whom they suggested you talk to next", state.referrals),
    ]
    if state.held or state.now >= state.ends:
        return after + during
    if state.now >= state.starts:
        return during + after
    return before + during + after


def next_step(steps: list[Step]) -> Step | None:
    return next((step for step in steps if not step.done), None)
