"""Scoring and reasons (no database)."""

from dataclasses import replace
from datetime import UTC, datetime

from coffeechat.explore.ranking import Signals, rank, relevance
from coffeechat.explore.said import PastTalk, phrase, summarize


def test_meaning_counts_more_than_shared_words() -> None:
    assert relevance(semantic=0.6, keyword=0.0) > relevance(semantic=0.25, keyword=0.9)
    assert relevance(semantic=0.22, keyword=0.6) == 0.0  # words only, no meaning
    assert relevance(semantic=0.1, keyword=0.9) > 0  # but a strong match in tags or notes counts


def test_a_warm_contact_outranks_an_equally_relevant_stranger() -> None:
    friend = rank(Signals(1, "Maria", "UX Researcher", "Acme", semantic=0.6, tie_strength=3))
    stranger = rank(Signals(2, "Dev", "UX Researcher", "Acme", semantic=0.6))
    assert friend and stranger and friend.score > stranger.score
    assert friend.reasons == ["UX Researcher at Acme", "you know them well"]


def test_reasons_say_why_in_plain_words() -> None:
    s = rank(
        Signals(
            3,
            "Priya",
            "Design Researcher",
            "State Health",
            semantic=0.6,
            shared="school",
            introducers=["Maria"],
            path=[7, 3],
            target_organization=True,
            how_known="alumni",
        )
    )
    assert s is not None
    assert s.reasons == [
        "Design Researcher at State Health",
        "alumni of your school",
        "you both studied at State Health",
        "at one of your target organizations",
        "Maria can introduce you",
    ]
    assert s.path == [7, 3] and not s.direct


def test_courtesy_lowers_or_removes_people_already_asked() -> None:
    base = Signals(4, "Kim", "UX Researcher", semantic=0.6, tie_strength=2)
    fresh = rank(base)
    waiting = rank(Signals(4, "Kim", "UX Researcher", semantic=0.6, tie_strength=2, courtesy="asked"))
    elsewhere = rank(Signals(4, "Kim", "UX Researcher", semantic=0.6, tie_strength=2, asked_elsewhere=True))
    assert fresh and waiting and elsewhere and fresh.score > elsewhere.score > waiting.score
    assert rank(Signals(4, "Kim", "UX Researcher", semantic=0.6, tie_strength=2, courtesy="closed")) is None


def test_past_talk_is_said_and_an_answer_raises_a_little_and_a_wait_lowers() -> None:
    now = datetime(2026, 11, 29, 12, tzinfo=UTC)
    answered = PastTalk(datetime(2023, 3, 2, tzinfo=UTC), datetime(2023, 3, 5, tzinfo=UTC), "linkedin")
    waiting = PastTalk(datetime(2026, 11, 3, tzinfo=UTC), datetime(2023, 3, 5, tzinfo=UTC), "linkedin")
    old = PastTalk(datetime(2024, 1, 9, tzinfo=UTC), None, "email")
    assert phrase(answered, now) == "you last wrote to them in March 2023; they answered"
    assert phrase(waiting, now, "Kim") == "you wrote to Kim on LinkedIn on 3 Nov and Kim has not answered yet"
    assert phrase(old, now) == "you last wrote to them in January 2024; no answer" and not old.waiting(now)
    they_wrote = PastTalk(None, datetime(2025, 6, 1, tzinfo=UTC))
    assert phrase(they_wrote, now) == "they last wrote to you in June 2025" and they_wrote.answered
    base = Signals(4, "Kim", "UX Researcher", semantic=0.6, tie_strength=2)
    plain = rank(base)
    warm = rank(replace(base, said=phrase(answered, now), answered=True))
    wait = rank(replace(base, said=phrase(waiting, now), waiting=True))
    assert plain and warm and wait and warm.score > plain.score > wait.score
    assert warm.reasons[-1] == "you last wrote to them in March 2023; they answered"
    rows = [(1, "sent", "linkedin", answered.last_sent), (1, "received", "email", answered.last_received)]
    assert summarize(rows) == {1: PastTalk(answered.last_sent, answered.last_received, "linkedin")}
