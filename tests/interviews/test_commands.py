"""`coffeechat questions`: the question bank from the command line."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from coffeechat.interviews.bank import QUESTIONS
from coffeechat.interviews.models import Question
from tests.commands import run_json

pytestmark = pytest.mark.django_db


def test_it_lists_the_bank_with_theme_minutes_and_research_first(user: User) -> None:
    bank = run_json("questions", "list")
    assert len(bank) == len(QUESTIONS)
    assert bank[0] == {
        "id": bank[0]["id"],
        "text": "How did you come to this work? What were the turns along the way?",
        "theme": "path",
        "theme_name": "Their path into the role",
        "minutes": 3,
        "research_first": False,
        "archived": False,
    }
    entry = run_json("questions", "list", "--theme", "entry")
    assert {q["theme"] for q in entry} == {"entry"}
    assert [q["text"] for q in entry if q["research_first"]] == [
        "What does a starting salary usually look like in this field?"
    ]


def test_archived_questions_show_only_with_all(user: User) -> None:
    first = run_json("questions", "list")[0]
    Question.objects.filter(pk=first["id"]).update(archived=True)
    assert first["id"] not in {q["id"] for q in run_json("questions", "list")}
    [archived] = [q for q in run_json("questions", "list", "--all") if q["id"] == first["id"]]
    assert archived["archived"] is True


def test_an_added_question_goes_to_the_end_of_the_bank(user: User) -> None:
    added = run_json(
        "questions", "add", "  What would you change   about hiring? ", "--theme", "culture", "--minutes", "3"
    )
    assert added["text"] == "What would you change about hiring?" and added["minutes"] == 3
    assert run_json("questions", "list")[-1]["id"] == added["id"]
    assert Question.objects.get(pk=added["id"]).owner == user


def test_a_bad_question_names_the_argument_and_adds_nothing(user: User) -> None:
    with pytest.raises(CommandError, match="--minutes: Ensure this value is less than or equal to 30"):
        call_command("questions", "add", "Too long?", "--theme", "day", "--minutes", "45")
    with pytest.raises(CommandError, match="TEXT: "):
        call_command("questions", "add", " ", "--theme", "day")
    assert not Question.objects.filter(text="Too long?").exists()


def test_each_account_has_its_own_bank(user: User, other_user: User) -> None:
    run_json("questions", "add", "Only mine?", "--theme", "day", "--user", "alex")
    assert "Only mine?" not in {q["text"] for q in run_json("questions", "list", "--user", "sam")}


def test_the_table_shows_what_to_look_up_first(user: User) -> None:
    out = io.StringIO()
    call_command("questions", "list", "--theme", "education", stdout=out)
    assert "look up first" in out.getvalue() and "What degrees or qualifications" in out.getvalue()
