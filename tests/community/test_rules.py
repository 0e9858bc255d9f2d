"""The community's request rules, without a database."""

from datetime import date, datetime, timedelta

from coffeechat.community.rules import Asking, Room, Rules, next_step, refusal, room

TODAY = date(2026, 11, 29)
ROOMY = Room(True, "room for 2 more this month", 2)


def asking(**changes: object) -> Asking:
    fields: dict[str, object] = {
        "has_pitch": True,
        "has_exploration": True,
        "serious_flags": (),
        "own_profile": False,
        "open_with_volunteer": False,
        "open_requests": 0,
        "volunteer_room": ROOMY,
    }
    return Asking(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_volunteer_has_room_until_the_cap_or_a_pause() -> None:
    assert room(4, 1, None, TODAY) == Room(True, "room for 3 more this month", 3)
    assert room(4, 4, None, TODAY).why == "full this month"
    assert room(4, 9, None, TODAY).left == 0  # a lowered cap never goes negative
    assert room(4, 0, date(2026, 12, 3), TODAY).why == "paused until 3 December"
    assert room(4, 0, TODAY - timedelta(days=1), TODAY).open  # a pause that ended
    assert not room(4, 0, None, TODAY, listed=False).open


def test_each_reason_a_request_is_refused_is_said_in_words() -> None:
    rules = Rules(open_requests_per_member=3)
    assert refusal(asking(), rules) is None
    assert "pitch" in (refusal(asking(has_pitch=False), rules) or "")
    assert "explorations" in (refusal(asking(has_exploration=False), rules) or "")
    assert "too long" in (refusal(asking(serious_flags=("too long",)), rules) or "")
    assert "already" in (refusal(asking(open_with_volunteer=True), rules) or "")
    assert "3 requests waiting" in (refusal(asking(open_requests=3), rules) or "")
    assert "full this month" in (refusal(asking(volunteer_room=room(2, 2, None, TODAY)), rules) or "")
    assert "own profile" in (refusal(asking(own_profile=True), rules) or "")
    assert "closed" in (refusal(asking(), Rules(open_requests_per_member=0)) or "")
    assert "You have 1 request waiting" in (refusal(asking(open_requests=1), Rules(1)) or "")


def test_an_unanswered_request_is_reminded_once_then_expires() -> None:
    rules = Rules(remind_after=timedelta(days=7), expire_after_reminder=timedelta(days=3))
    asked = datetime(2026, 11, 1, 9, 0)
    assert next_step(asked, None, asked + timedelta(days=6, hours=23), rules) is None
    assert next_step(asked, None, asked + timedelta(days=7), rules) == "remind"
    reminded = asked + timedelta(days=8)  # the scheduler ran a day late
    assert next_step(asked, reminded, reminded + timedelta(days=2), rules) is None
    assert next_step(asked, reminded, reminded + timedelta(days=3), rules) == "expire"
    # never expired without its reminder, however late the scheduler runs
    assert next_step(asked, None, asked + timedelta(days=60), rules) == "remind"
