"""The lifecycle on its own: plain states and events, no database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.conversations import lifecycle
from coffeechat.conversations.lifecycle import Refused, State, apply

SRC = Path(__file__).resolve().parents[2] / "src" / "coffeechat"


def test_it_walks_the_whole_practice_forward() -> None:
    state = State()
    for event, stage in [
        (lifecycle.INTRODUCTION_REQUESTED, lifecycle.INTRODUCTION_ASKED),
        (lifecycle.INTRODUCTION_MADE, lifecycle.INTRODUCTION_ASKED),
        (lifecycle.REQUEST_SENT_EVENT, lifecycle.REQUEST_SENT),
        (lifecycle.NUDGE_SENT, lifecycle.REQUEST_SENT),
        (lifecycle.REPLY_RECORDED, lifecycle.REPLIED),
        (lifecycle.MEETING_SCHEDULED, lifecycle.SCHEDULED),
        (lifecycle.MEETING_HELD, lifecycle.MET),
        (lifecycle.THANK_YOU_SENT, lifecycle.THANKED),
        (lifecycle.CHECK_IN_SENT, lifecycle.KEEPING_IN_TOUCH),
        (lifecycle.GIVE_BACK_LOGGED, lifecycle.KEEPING_IN_TOUCH),
    ]:
        state = apply(state, event)
        assert state.stage == stage, event


@pytest.mark.parametrize(
    ("stage", "event", "reason"),
    [
        (lifecycle.IDENTIFIED, lifecycle.REPLY_RECORDED, "record the request first"),
        (lifecycle.REQUEST_SENT, lifecycle.THANK_YOU_SENT, "record the meeting first"),
        (lifecycle.IDENTIFIED, lifecycle.NUDGE_SENT, "not answered a request"),
        (lifecycle.REQUEST_SENT, lifecycle.INTRODUCTION_MADE, "No introduction was asked"),
        (lifecycle.THANKED, lifecycle.REQUEST_SENT_EVENT, "already thanked"),
        (lifecycle.DECLINED, lifecycle.MEETING_SCHEDULED, "take that back"),
        (lifecycle.REPLIED, lifecycle.MEETING_CANCELLED, "no scheduled meeting"),
    ],
)
def test_it_refuses_an_event_out_of_order_with_a_reason(stage: str, event: str, reason: str) -> None:
    with pytest.raises(Refused, match=reason):
        apply(State(stage), event)


def test_only_one_nudge_per_request() -> None:
    waiting = apply(State(lifecycle.REQUEST_SENT), lifecycle.NUDGE_SENT)
    with pytest.raises(Refused, match="already sent"):
        apply(waiting, lifecycle.NUDGE_SENT)


def test_the_named_steps_back() -> None:
    assert apply(State(lifecycle.SCHEDULED), lifecycle.MEETING_CANCELLED).stage == lifecycle.REPLIED
    declined = apply(State(lifecycle.REQUEST_SENT), lifecycle.DECLINED_EVENT)
    assert apply(declined, lifecycle.DECLINE_WITHDRAWN).stage == lifecycle.REPLIED
    paused = apply(State(lifecycle.SCHEDULED), lifecycle.PAUSED_EVENT)
    assert apply(paused, lifecycle.RESUMED).stage == lifecycle.SCHEDULED
    assert apply(State(lifecycle.THANKED), lifecycle.MOVED_BY_HAND, to_stage=lifecycle.REPLIED).stage == (
        lifecycle.REPLIED
    )


def test_a_meeting_that_already_took_place_counts_as_held() -> None:
    assert apply(State(lifecycle.IDENTIFIED), lifecycle.MEETING_HELD).stage == lifecycle.MET
    assert apply(State(lifecycle.REQUEST_SENT), lifecycle.MEETING_HELD).stage == lifecycle.MET


events = st.sampled_from(lifecycle.EVENTS)
moves = st.tuples(events, st.sampled_from(lifecycle.STAGES))


@settings(max_examples=400, deadline=None)
@given(st.lists(moves, max_size=40))
def test_random_sequences_never_step_back_unless_named(sequence: list[tuple[str, str]]) -> None:
    state = State()
    for event, to_stage in sequence:
        try:
            after = apply(state, event, to_stage=to_stage)
        except Refused as refused:
            assert str(refused).strip(), "a refusal always says why"
            continue
        if lifecycle.moves_back(state.stage, after.stage):
            if state.stage in lifecycle.EXITS:
                assert event in lifecycle.LEAVES_EXIT, (state, event, after)
            else:
                assert event in lifecycle.STEPS_BACK, (state, event, after)
        state = after
        assert state.stage in dict(lifecycle.CHOICES), "every state is a column of the board"


def test_stage_names_and_stage_changes_live_only_in_the_lifecycle() -> None:
    """No other module spells a stage name or sets a stage: they ask lifecycle.py or record_event."""
    allowed = {SRC / "conversations" / "lifecycle.py"}
    assigner = SRC / "conversations" / "events.py"
    # "replied" is also the name of the field holding when they first answered (and its backup key).
    names = [stage for stage in lifecycle.STAGES if stage != lifecycle.REPLIED]
    quoted = re.compile("[\"'](" + "|".join(names) + ")[\"']")
    setting = re.compile(r"\.stage\s*=(?!=)|(create|update)\([^)]*\bstage\s*=", re.DOTALL)
    offenders = []
    for path in SRC.rglob("*"):
        if path.suffix not in (".py", ".html", ".md") or "migrations" in path.parts or path in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        # A community request's or an alum's status ("declined") is the community's own word, not a
        # stage of a conversation; the community moves a board only through record_event (below).
        if quoted.search(text) and "community" not in path.relative_to(SRC).parts:
            offenders.append(f"{path.relative_to(SRC)}: {quoted.search(text).group(0)}")  # type: ignore[union-attr]
        if path != assigner and setting.search(text):
            offenders.append(f"{path.relative_to(SRC)}: sets a stage")
    assert offenders == [], "\n".join(offenders)
