from datetime import date

from coffeechat.insights.aggregate import Conversation, compare, phrases, rate, recurring, tree, weekly


def talk(meeting_id: int, exploration_id: int = 1, **fields: object) -> Conversation:
    return Conversation(meeting_id, exploration_id, f"Person {meeting_id}", date(2026, 11, 2), **fields)  # type: ignore[arg-type]


def test_answers_split_into_short_items() -> None:
    assert phrases("SQL, user interviews and a UX certificate.\nStatistics") == [
        "SQL",
        "user interviews",
        "UX certificate",
        "Statistics",
    ]
    assert phrases("") == []


def test_what_keeps_coming_up_counts_conversations_not_mentions() -> None:
    talks = [
        talk(1, answers={"skills": ["SQL, storytelling"], "reading": ["NN/g newsletter"]}),
        talk(2, answers={"skills": ["sql and statistics"]}, skills_to_build="Storytelling"),
        talk(3, answers={"groups": ["UXPA"]}, notes="Acme Health is hiring researchers; Acme Health again"),
    ]
    found = recurring(talks, organizations={"acme health": "Acme Health"})
    counts = {(r.kind, r.key): r.count for r in found}
    assert counts[("skills", "sql")] == 2 and counts[("skills", "storytelling")] == 2
    assert counts[("reading", "nng newsletter")] == 1 and counts[("groups", "uxpa")] == 1
    assert counts[("organizations", "acme health")] == 1
    assert found[0].count == 2


def test_the_user_can_rename_and_merge_items() -> None:
    talks = [talk(1, answers={"skills": ["SQL"]}), talk(2, answers={"skills": ["databases"]})]
    found = recurring(
        talks, labels={("skills", "sql"): "SQL and databases"}, merged={("skills", "databases"): "sql"}
    )
    assert [(r.label, r.meetings) for r in found] == [("SQL and databases", [1, 2])]


def test_explorations_compare_side_by_side() -> None:
    talks = [
        talk(1, fit=4, pursue="yes", appealed="Patients", entry="certificate"),
        talk(
            2,
            fit=2,
            pursue="no",
            not_appealing="Night shifts",
            entry="certificate",
            answers={"culture": ["Small teams move fast"]},
        ),
        talk(3, exploration_id=2, fit=5, pursue="yes"),
    ]
    nursing, design = compare(
        {
            1: "Nursing",
            2: "Design",
        },
        talks,
        {1: "Ask Kim"},
    )
    assert (nursing.conversations, nursing.average_fit, nursing.pursue) == (2, 3.0, {"yes": 1, "no": 1})
    assert nursing.entry == {"certificate": 2} and nursing.culture == ["Small teams move fast"]
    assert nursing.next_step == "Ask Kim" and design.average_fit == 5.0


def test_weekly_activity_rates_and_the_referral_tree() -> None:
    weeks = weekly([date(2026, 11, 2), date(2026, 11, 4)], [date(2026, 11, 10)], 3, date(2026, 11, 12))
    assert [(w.week, w.messages, w.meetings) for w in weeks] == [
        (date(2026, 10, 26), 0, 0),
        (date(2026, 11, 2), 2, 0),
        (date(2026, 11, 9), 0, 1),
    ]
    assert rate(1, 3) == 33 and rate(0, 0) is None
    assert (
        tree([(1, 2), (2, 3), (1, 4), (3, 1)], {1: "Ana", 2: "Bo", 3: "Cy", 4: "Di"}) == []
    )  # a cycle has no root
    assert tree([(1, 2), (2, 3), (1, 4)], {1: "Ana", 2: "Bo", 3: "Cy", 4: "Di"}) == [
        {
            "id": 1,
            "name": "Ana",
            "children": [
                {"id": 2, "name": "Bo", "children": [{"id": 3, "name": "Cy", "children": []}]},
                {"id": 4, "name": "Di", "children": []},
            ],
        }
    ]
