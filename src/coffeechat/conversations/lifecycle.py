"""Where the user stands with one person for one exploration, and what moves it. No database.

This is the only place that names the stages. Every page and command that records something
about a conversation turns it into an event and calls `apply`: an event either moves the
conversation (mostly forward) or is refused with a reason a person can read. Only the events in
`STEPS_BACK` ever move it back, and only those in `LEAVES_EXIT` bring it out of an exit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

# The main line, in order.
IDENTIFIED = "identified"
INTRODUCTION_ASKED = "intro_asked"
REQUEST_SENT = "request_sent"
REPLIED = "replied"
SCHEDULED = "scheduled"
MET = "met"
THANKED = "thanked"
KEEPING_IN_TOUCH = "keeping_in_touch"
# Exits: the conversation stops here unless a named event brings it back.
DECLINED = "declined"
NO_ANSWER = "no_answer"
PAUSED = "paused"

MAIN_LINE = (IDENTIFIED, INTRODUCTION_ASKED, REQUEST_SENT, REPLIED, SCHEDULED, MET, THANKED, KEEPING_IN_TOUCH)
EXITS = (DECLINED, NO_ANSWER, PAUSED)
STAGES = MAIN_LINE + EXITS
LABELS = {
    IDENTIFIED: "Identified",
    INTRODUCTION_ASKED: "Introduction asked",
    REQUEST_SENT: "Request sent",
    REPLIED: "Replied",
    SCHEDULED: "Scheduled",
    MET: "Met",
    THANKED: "Thanked",
    KEEPING_IN_TOUCH: "Keeping in touch",
    DECLINED: "Declined",
    NO_ANSWER: "No answer",
    PAUSED: "Paused",
}
CHOICES = [(stage, LABELS[stage]) for stage in STAGES]
RANK = {stage: index for index, stage in enumerate(MAIN_LINE)}

# Groups other parts of the app ask about, so they never spell out stage names.
WAITING = (INTRODUCTION_ASKED, REQUEST_SENT)  # asked, no answer yet: the follow-up rules run
ASKED = (INTRODUCTION_ASKED, REQUEST_SENT, REPLIED)  # asked and not yet met
ANSWERED = (REPLIED, SCHEDULED, MET, THANKED, KEEPING_IN_TOUCH, DECLINED)
HAS_MET = (MET, THANKED, KEEPING_IN_TOUCH)
CLOSED = (SCHEDULED, MET, THANKED, KEEPING_IN_TOUCH, DECLINED, NO_ANSWER)  # do not suggest again

# Events.
INTRODUCTION_REQUESTED = "introduction_requested"
INTRODUCTION_MADE = "introduction_made"
REQUEST_SENT_EVENT = "request_sent"
NUDGE_SENT = "nudge_sent"
REPLY_RECORDED = "reply_recorded"
MEETING_SCHEDULED = "meeting_scheduled"
MEETING_HELD = "meeting_held"
THANK_YOU_SENT = "thank_you_sent"
CHECK_IN_SENT = "check_in_sent"
GIVE_BACK_LOGGED = "give_back_logged"
DECLINED_EVENT = "declined"
NO_ANSWER_EVENT = "no_answer"
PAUSED_EVENT = "paused"
# The named steps back.
MEETING_CANCELLED = "meeting_cancelled"
DECLINE_WITHDRAWN = "decline_withdrawn"
RESUMED = "resumed"
MOVED_BY_HAND = "moved_by_hand"

EVENT_LABELS = {
    INTRODUCTION_REQUESTED: "Introduction requested",
    INTRODUCTION_MADE: "Introduction made",
    REQUEST_SENT_EVENT: "Request sent",
    NUDGE_SENT: "Follow-up sent",
    REPLY_RECORDED: "They replied",
    MEETING_SCHEDULED: "Meeting scheduled",
    MEETING_HELD: "Meeting held",
    THANK_YOU_SENT: "Thank-you sent",
    CHECK_IN_SENT: "Check-in sent",
    GIVE_BACK_LOGGED: "Give-back",
    DECLINED_EVENT: "They declined",
    NO_ANSWER_EVENT: "No answer: let it rest",
    PAUSED_EVENT: "Paused",
    MEETING_CANCELLED: "Meeting cancelled",
    DECLINE_WITHDRAWN: "Decline taken back",
    RESUMED: "Resumed",
    MOVED_BY_HAND: "Moved by hand",
}
EVENTS = tuple(EVENT_LABELS)
EVENT_CHOICES = list(EVENT_LABELS.items())
STEPS_BACK = frozenset({MEETING_CANCELLED, DECLINE_WITHDRAWN, RESUMED, MOVED_BY_HAND})
LEAVES_EXIT = frozenset({DECLINE_WITHDRAWN, RESUMED, MOVED_BY_HAND, REPLY_RECORDED})


@dataclass(frozen=True)
class State:
    stage: str = IDENTIFIED
    nudged: bool = False  # the one polite follow-up has been sent for the current request
    before_exit: str = ""  # where it stood before declined or paused, to return on a take-back


class Refused(ValueError):
    """An event that does not fit where the conversation stands; the message says why."""


def apply(state: State, event: str, *, to_stage: str = "") -> State:
    """The state after `event`, or Refused with the reason. `to_stage` is for a move by hand."""
    stage = state.stage
    label = LABELS.get(stage, stage)
    if event == MOVED_BY_HAND:
        if to_stage not in STAGES:
            raise Refused(f"{to_stage!r} is not a stage.")
        return State(to_stage, state.nudged if to_stage == stage else False, _remember(state, to_stage))
    if event not in EVENT_LABELS:
        raise Refused(f"{event!r} is not something that happens in a conversation.")
    if stage in EXITS and event not in LEAVES_EXIT:
        if event == PAUSED_EVENT and stage == PAUSED:
            raise Refused("This conversation is already paused.")
        raise Refused(f"This conversation is {label.lower()}: take that back before recording more.")
    handler = _HANDLERS[event]
    return handler(state)


def _remember(state: State, to_stage: str) -> str:
    if to_stage in (DECLINED, PAUSED) and state.stage not in EXITS:
        return state.stage
    return state.before_exit if to_stage in EXITS else ""


def _forward(state: State, to: str, allowed: tuple[str, ...], why: str) -> State:
    """To `to` from one of the `allowed` stages (all before it); refused with `why` otherwise."""
    if state.stage not in allowed:
        raise Refused(why.format(stage=LABELS[state.stage].lower()))
    return State(to, state.nudged if to == state.stage else False)


def _stay_or(state: State, to: str, allowed: tuple[str, ...], stays: tuple[str, ...], why: str) -> State:
    if state.stage in stays:
        return state
    return _forward(state, to, allowed, why)


def _introduction_requested(state: State) -> State:
    return _forward(
        state,
        INTRODUCTION_ASKED,
        (IDENTIFIED, INTRODUCTION_ASKED),
        "An introduction is asked before writing to them; this conversation is already {stage}.",
    )


def _introduction_made(state: State) -> State:
    if state.stage != INTRODUCTION_ASKED:
        raise Refused("No introduction was asked for, so none can be recorded as made.")
    return State(INTRODUCTION_ASKED, nudged=True)  # the introducer answered: no nudge to them


def _request_sent(state: State) -> State:
    if state.stage == REQUEST_SENT:
        raise Refused("A request was already sent; send the one polite follow-up instead.")
    return _forward(
        state,
        REQUEST_SENT,
        (IDENTIFIED, INTRODUCTION_ASKED),
        "A request comes before an answer; this conversation is already {stage}.",
    )


def _nudge_sent(state: State) -> State:
    if state.stage not in WAITING:
        raise Refused("A follow-up goes only to someone who has not answered a request yet.")
    if state.nudged:
        raise Refused("One polite follow-up was already sent; a second one would press them.")
    return replace(state, nudged=True)


def _reply_recorded(state: State) -> State:
    if state.stage == NO_ANSWER:
        return State(REPLIED)  # a late answer is still an answer
    return _forward(
        state,
        REPLIED,
        (INTRODUCTION_ASKED, REQUEST_SENT),
        "A reply answers a request: record the request first (this conversation is {stage}).",
    )


def _meeting_scheduled(state: State) -> State:
    return _stay_or(
        state,
        SCHEDULED,
        (IDENTIFIED, INTRODUCTION_ASKED, REQUEST_SENT, REPLIED, SCHEDULED),
        (SCHEDULED, MET, THANKED, KEEPING_IN_TOUCH),
        "A meeting is scheduled with someone on the list; this conversation is {stage}.",
    )


def _meeting_held(state: State) -> State:
    return _stay_or(
        state,
        MET,
        (IDENTIFIED, INTRODUCTION_ASKED, REQUEST_SENT, REPLIED, SCHEDULED),
        (MET, THANKED, KEEPING_IN_TOUCH),
        "A meeting is held with someone on the list; this conversation is {stage}.",
    )


def _thank_you_sent(state: State) -> State:
    if state.stage not in HAS_MET:
        raise Refused("A thank-you follows the conversation: record the meeting first.")
    return state if state.stage != MET else State(THANKED)


def _keeping_in_touch(what: str) -> Callable[[State], State]:
    def handler(state: State) -> State:
        if state.stage not in HAS_MET:
            raise Refused(f"A {what} keeps in touch after you have met; this conversation is not there yet.")
        return State(KEEPING_IN_TOUCH)

    return handler


def _declined(state: State) -> State:
    if state.stage not in (INTRODUCTION_ASKED, REQUEST_SENT, REPLIED, SCHEDULED):
        raise Refused("Only someone who was asked can decline.")
    return State(DECLINED, before_exit=state.stage)


def _no_answer(state: State) -> State:
    if state.stage not in WAITING:
        raise Refused("“No answer” is for a request still waiting for a reply.")
    return State(NO_ANSWER, before_exit=state.stage)


def _paused(state: State) -> State:
    return State(PAUSED, before_exit=state.stage)


def _meeting_cancelled(state: State) -> State:
    if state.stage == SCHEDULED:
        return State(REPLIED)
    if state.stage in (MET, THANKED, KEEPING_IN_TOUCH):
        return state  # another meeting with them already took place
    raise Refused("There is no scheduled meeting to cancel.")


def _decline_withdrawn(state: State) -> State:
    if state.stage != DECLINED:
        raise Refused("Nothing was declined, so there is nothing to take back.")
    return State(REPLIED)


def _resumed(state: State) -> State:
    if state.stage != PAUSED:
        raise Refused("This conversation is not paused.")
    return State(state.before_exit or IDENTIFIED)


_HANDLERS: dict[str, Callable[[State], State]] = {
    INTRODUCTION_REQUESTED: _introduction_requested,
    INTRODUCTION_MADE: _introduction_made,
    REQUEST_SENT_EVENT: _request_sent,
    NUDGE_SENT: _nudge_sent,
    REPLY_RECORDED: _reply_recorded,
    MEETING_SCHEDULED: _meeting_scheduled,
    MEETING_HELD: _meeting_held,
    THANK_YOU_SENT: _thank_you_sent,
    CHECK_IN_SENT: _keeping_in_touch("check-in"),
    GIVE_BACK_LOGGED: _keeping_in_touch("give-back"),
    DECLINED_EVENT: _declined,
    NO_ANSWER_EVENT: _no_answer,
    PAUSED_EVENT: _paused,
    MEETING_CANCELLED: _meeting_cancelled,
    DECLINE_WITHDRAWN: _decline_withdrawn,
    RESUMED: _resumed,
}


def moves_back(before: str, after: str) -> bool:
    """Whether going from `before` to `after` is a step back (or out of an exit)."""
    if before in EXITS:
        return after != before
    return after in MAIN_LINE and RANK[after] < RANK[before]


NEXT_STEP = {
    IDENTIFIED: "Ask them, or ask someone to introduce you",
    INTRODUCTION_ASKED: "Wait for the introduction",
    REQUEST_SENT: "Wait for their reply",
    REPLIED: "Schedule the meeting",
    SCHEDULED: "Prepare: brief and plan",
    MET: "Thank them within 24 hours",
    THANKED: "Follow the referrals; keep in touch",
    KEEPING_IN_TOUCH: "Keep in touch now and then",
    DECLINED: "Thank them for answering; ask someone else",
    NO_ANSWER: "Let it rest; ask someone else",
    PAUSED: "Resume when you are ready",
}


# What the user can record with one button at a stage (the board, the person page, Today).
BY_HAND = {
    INTRODUCTION_ASKED: (INTRODUCTION_MADE, REPLY_RECORDED, DECLINED_EVENT),
    REQUEST_SENT: (REPLY_RECORDED, DECLINED_EVENT),
    REPLIED: (DECLINED_EVENT,),
    DECLINED: (DECLINE_WITHDRAWN,),
    NO_ANSWER: (REPLY_RECORDED,),
    PAUSED: (RESUMED,),
}
BY_HAND_LABELS = {
    INTRODUCTION_MADE: "The introducer agreed",
    REPLY_RECORDED: "They replied",
    DECLINED_EVENT: "They declined",
    DECLINE_WITHDRAWN: "Take the decline back",
    RESUMED: "Resume",
    PAUSED_EVENT: "Pause",
    NO_ANSWER_EVENT: "Mark no answer",
}


def by_hand(stage: str) -> list[tuple[str, str]]:
    """The events a button can record at this stage, with the button's words; pause is always one."""
    events = list(BY_HAND.get(stage, ()))
    if stage not in EXITS:
        events.append(PAUSED_EVENT)
    return [(event, BY_HAND_LABELS[event]) for event in events]
