"""What comes next for a meeting, by its time and what the user did: no database."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from coffeechat.conversations.meeting_steps import MeetingState, meeting_steps, next_step

STARTS = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
BEFORE = MeetingState(
    starts=STARTS,
    ends=STARTS + timedelta(minutes=30),
    now=STARTS - timedelta(days=1),
    cancelled=False,
    held=False,
    researched=False,
    planned=False,
    has_notes=False,
    reflected=False,
    thanked=False,
    referrals=False,
)


def test_before_the_meeting_preparing_comes_first_and_a_plan_made_is_done() -> None:
    steps = meeting_steps(BEFORE)
    assert [s.page for s in steps][:4] == ["brief", "plan", "prep", "live"]
    planned = meeting_steps(replace(BEFORE, planned=True))
    assert next(s for s in planned if s.page == "plan").done
    assert next_step(planned).page == "brief"  # type: ignore[union-attr]
    ready = meeting_steps(replace(BEFORE, planned=True, researched=True))
    assert next_step(ready).page == "live"  # type: ignore[union-attr]


def test_during_the_meeting_notes_come_first() -> None:
    assert meeting_steps(replace(BEFORE, now=STARTS + timedelta(minutes=5)))[0].page == "live"


def test_after_the_meeting_reflect_then_thank_then_referrals() -> None:
    after = replace(BEFORE, now=STARTS + timedelta(hours=2), held=True, has_notes=True)
    steps = meeting_steps(after)
    assert [s.page for s in steps][:3] == ["reflect", "thank_you", "referrals"]
    assert next_step(steps).page == "reflect"  # type: ignore[union-attr]
    assert next_step(meeting_steps(replace(after, reflected=True))).page == "thank_you"  # type: ignore[union-attr]
    everything = replace(after, reflected=True, thanked=True, referrals=True)
    assert next_step(meeting_steps(everything)) is None


def test_a_cancelled_meeting_has_no_steps() -> None:
    assert meeting_steps(replace(BEFORE, cancelled=True)) == []
