from coffeechat.interviews.bank import QUESTIONS, THEMES
from coffeechat.interviews.planning import WRAP_UP_MINUTES, Item, order_plan, suggest_plan, total_minutes

BANK = [Item(i, theme, minutes, research) for i, (theme, minutes, research, _) in enumerate(QUESTIONS)]


def test_the_bank_has_fifty_questions_across_every_theme() -> None:
    assert len(QUESTIONS) >= 50
    assert {theme for theme, *_ in QUESTIONS} == set(THEMES)
    assert any(research for _, _, research, _ in QUESTIONS)


def test_a_suggested_plan_fits_the_slot_and_ends_with_whom_else_to_talk_to() -> None:
    for slot in (20, 30, 45):
        plan = suggest_plan(BANK, slot)
        assert total_minutes(plan) <= slot
        assert [i.theme for i in plan][-2:] == ["referrals", "referrals"]
        assert not any(i.research_first for i in plan)
    assert len(suggest_plan(BANK, 45)) > len(suggest_plan(BANK, 30)) > len(suggest_plan(BANK, 20))


def test_a_suggested_plan_spreads_over_themes() -> None:
    themes = {i.theme for i in suggest_plan(BANK, 30)}
    assert len(themes) >= 8


def test_referral_questions_move_to_the_end_of_any_plan() -> None:
    chosen = [BANK[-1], BANK[0], BANK[5]]
    assert [i.key for i in order_plan(chosen)] == [BANK[0].key, BANK[5].key, BANK[-1].key]
    assert total_minutes([]) == WRAP_UP_MINUTES
