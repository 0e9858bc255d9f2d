from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from coffeechat.outreach.rules import (
    Rules,
    Thread,
    add_business_days,
    business_days_between,
    due_actions,
    may_ask_again,
)

MONDAY = date(2026, 11, 2)
FRIDAY = date(2026, 11, 6)


def test_business_days_skip_weekends() -> None:
    assert add_business_days(FRIDAY, 1) == date(2026, 11, 9)  # Monday
    assert add_business_days(MONDAY, 3) == date(2026, 11, 5)
    assert add_business_days(FRIDAY, 7) == date(2026, 11, 17)
    assert business_days_between(FRIDAY, date(2026, 11, 9)) == 1


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 40))
def test_adding_business_days_lands_on_a_weekday_and_counts_back(start: date, days: int) -> None:
    end = add_business_days(start, days)
    assert business_days_between(start, end) == days
    assert days == 0 or end.weekday() < 5


def test_the_next_person_then_one_nudge_then_no_answer() -> None:
    thread = Thread(person_id=1, exploration_id=2, requested_on=MONDAY)
    assert due_actions(thread, date(2026, 11, 4)) == []
    assert [a.kind for a in due_actions(thread, date(2026, 11, 5))] == ["next_person"]
    assert [a.kind for a in due_actions(thread, date(2026, 11, 11))] == ["next_person", "nudge"]
    nudged = Thread(1, 2, MONDAY, nudged_on=date(2026, 11, 11))
    assert due_actions(nudged, date(2026, 11, 17)) == []
    assert [a.kind for a in due_actions(nudged, date(2026, 11, 18))] == ["give_up"]


def test_a_reply_stops_everything_and_rules_can_be_changed() -> None:
    assert due_actions(Thread(1, 2, MONDAY, replied=True), date(2026, 12, 31)) == []
    eager = Rules(next_person_after=1, nudge_after=2)
    assert [a.kind for a in due_actions(Thread(1, 2, MONDAY), date(2026, 11, 4), eager)] == [
        "next_person",
        "nudge",
    ]


def test_a_cool_down_before_asking_again() -> None:
    assert may_ask_again(None, MONDAY)
    assert not may_ask_again(date(2026, 10, 1), MONDAY)
    assert may_ask_again(date(2026, 7, 1), MONDAY)


def test_a_nudge_due_on_a_public_holiday_moves_to_the_next_business_day() -> None:
    from coffeechat.outreach.days_off import days_off_for

    # Asked on Tuesday 17 November 2026: seven business days later is Thursday 26, Thanksgiving.
    thread = Thread(1, 2, date(2026, 11, 17))
    [_, nudge] = due_actions(thread, date(2026, 12, 31))
    assert nudge.due == date(2026, 11, 26)
    [_, nudge] = due_actions(thread, date(2026, 12, 31), days_off=days_off_for("US"))
    assert nudge.due == date(2026, 11, 27)
    # Corpus Christi (Thursday 4 June 2026) is a holiday in Bavaria, not in Berlin.
    asked = date(2026, 5, 26)
    assert add_business_days(asked, 7, days_off_for("DE", "BE")) == date(2026, 6, 4)
    assert add_business_days(asked, 7, days_off_for("DE", "BY")) == date(2026, 6, 5)
    assert business_days_between(asked, date(2026, 6, 5), frozenset({date(2026, 6, 4)})) == 7


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(0, 40),
    st.frozensets(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 3, 1)), max_size=30),
)
def test_business_days_never_land_on_a_day_off_and_count_back(
    start: date, days: int, off: frozenset[date]
) -> None:
    end = add_business_days(start, days, off)
    assert business_days_between(start, end, off) == days
    assert days == 0 or (end.weekday() < 5 and end not in off)
