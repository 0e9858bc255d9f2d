"""Scoring and reasons (no database)."""

from coffeechat.explore.ranking import Signals, rank, relevance


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
