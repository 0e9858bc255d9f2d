"""`coffeechat meetings`: schedule, change and read meetings from the command line."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from coffeechat.conversations.models import Meeting, MeetingNotes, PipelineEntry, Referral, Reflection
from coffeechat.conversations.preparation import save_plan
from coffeechat.explore.models import Exploration
from coffeechat.interviews.service import questions_for
from coffeechat.network.models import Person
from tests.commands import run_json, run_text

pytestmark = pytest.mark.django_db


def _at(days: int) -> str:
    return f"{timezone.now() + timedelta(days=days):%Y-%m-%d} 15:00"


def test_it_schedules_a_meeting_for_an_exploration_and_lists_it_as_upcoming(
    user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz", org="Acme Health")
    exploration = Exploration.objects.create(owner=user, text="UX research in health care")
    day = f"{timezone.now() + timedelta(days=30):%Y-%m-%d}"
    added = run_json(
        "meetings",
        "add",
        str(ana.pk),
        "--at",
        f"{day} 15:00",
        "--time-zone",
        "Europe/Berlin",
        "--minutes",
        "45",
        "--where",
        "Café Central",
        "--exploration",
        str(exploration.pk),
    )
    assert added["person"] == "Ana Ruiz" and added["organization"] == "Acme Health"
    assert added["starts"].startswith(f"{day}T15:00:00+0") and added["time_zone"] == "Europe/Berlin"
    assert added["minutes"] == 45 and added["place"] == "Café Central" and added["status"] == "upcoming"
    assert added["exploration_id"] == exploration.pk and added["plan"] == [] and added["reflection"] is None
    assert PipelineEntry.objects.get(person=ana).stage == "scheduled"  # as the web form does
    assert [m["id"] for m in run_json("meetings", "list", "--upcoming")] == [added["id"]]
    assert run_json("meetings", "list", "--past") == []
    assert f"{day} 15:00 Europe/Berlin" in run_text("meetings", "list")


def test_a_meeting_that_took_place_is_logged_as_held(user: User, make_person: Callable[..., Person]) -> None:
    ana = make_person(user, "Ana Ruiz")
    logged = run_json("meetings", "add", str(ana.pk), "--at", _at(-10), "--time-zone", "UTC")
    assert logged["status"] == "held" and logged["held"]
    assert [m["id"] for m in run_json("meetings", "list", "--past")] == [logged["id"]]


def test_bad_dates_and_times_name_the_option_and_save_nothing(
    user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    with pytest.raises(CommandError, match=r"--at: 2999-01-01 is not a date for a meeting \(1990-2100\)"):
        call_command("meetings", "add", str(ana.pk), "--at", "2999-01-01 10:00")
    with pytest.raises(CommandError, match="--at: write a date and a time, like 2026-12-03 15:00"):
        call_command("meetings", "add", str(ana.pk), "--at", "2026-12-03")
    with pytest.raises(CommandError, match="--at: Enter a valid date"):
        call_command("meetings", "add", str(ana.pk), "--at", "2026-13-03 10:00")
    with pytest.raises(CommandError, match="--time-zone: 'Mars/Base' is not a time zone"):
        call_command("meetings", "add", str(ana.pk), "--at", _at(3), "--time-zone", "Mars/Base")
    with pytest.raises(CommandError, match="--minutes: Ensure this value is greater than or equal to 5"):
        call_command("meetings", "add", str(ana.pk), "--at", _at(3), "--minutes", "0")
    assert not Meeting.objects.exists()


def test_a_meeting_is_rescheduled_but_never_moved_into_the_past(
    user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    added = run_json("meetings", "add", str(ana.pk), "--at", _at(3), "--time-zone", "UTC")
    moved = run_json(
        "meetings", "change", str(added["id"]), "--at", _at(4), "--video", "meet.example.org/ana"
    )
    assert moved["starts"].startswith(_at(4).replace(" ", "T")) and moved["minutes"] == 30
    assert moved["video_link"] == "https://meet.example.org/ana" and moved["time_zone"] == "UTC"
    assert Meeting.objects.get().sequence == 1  # calendars see the same event, changed
    with pytest.raises(CommandError, match="A meeting cannot be moved into the past"):
        call_command("meetings", "change", str(added["id"]), "--at", _at(-2))
    assert run_json("meetings", "show", str(added["id"]))["starts"] == moved["starts"]


def test_show_gives_the_plan_with_answers_notes_reflection_and_referrals(
    user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    when = timezone.now() - timedelta(days=2)
    meeting = Meeting.objects.create(owner=user, person=ana, starts=when, held=when)
    save_plan(meeting, questions_for(user)[:2])
    meeting.plan.filter(position=0).update(answer="Started as a nurse.\nMoved to research.")
    MeetingNotes.objects.create(meeting=meeting, text="Talk to Cy Dahl at City Hospital")
    Reflection.objects.create(meeting=meeting, fit=4, pursue="yes", appealed="Leading studies")
    Referral.objects.create(meeting=meeting, person=make_person(user, "Cy Dahl"), will_introduce=True)
    shown = run_json("meetings", "show", str(meeting.pk))
    assert [p["answer"] for p in shown["plan"]] == ["Started as a nurse.\nMoved to research.", ""]
    assert shown["plan"][0]["theme"] == "path" and shown["plan"][0]["minutes"] == 3
    assert shown["notes"] == "Talk to Cy Dahl at City Hospital"
    assert shown["reflection"]["fit"] == 4 and shown["reflection"]["pursue"] == "yes"
    assert shown["referrals"] == [
        {"person_id": Person.objects.get(name="Cy Dahl").pk, "person": "Cy Dahl", "will_introduce": True}
    ]
    text = run_text("meetings", "show", str(meeting.pk))
    assert "Plan (5 minutes of questions):" in text and "     > Moved to research." in text
    assert "Notes:\n  Talk to Cy Dahl" in text and "Pursue this path? Yes" in text
    assert "Cy Dahl (person" in text and "will introduce" in text


def test_another_accounts_people_explorations_and_meetings_are_not_found(
    user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    exploration = Exploration.objects.create(owner=user, text="design")
    meeting = Meeting.objects.create(owner=user, person=ana, starts=timezone.now() + timedelta(days=3))
    sams = make_person(other_user, "Sam's friend")
    with pytest.raises(CommandError, match=f"there is no person with id {ana.pk}"):
        call_command("meetings", "add", str(ana.pk), "--at", _at(3), "--user", "sam")
    with pytest.raises(
        CommandError, match=f"--exploration: there is no exploration with id {exploration.pk}"
    ):
        call_command(
            "meetings",
            "add",
            str(sams.pk),
            "--at",
            _at(3),
            "--exploration",
            str(exploration.pk),
            "--user",
            "sam",
        )
    for action in ("show", "change"):
        with pytest.raises(CommandError, match=f"there is no meeting with id {meeting.pk}"):
            call_command("meetings", action, str(meeting.pk), "--user", "sam")
    assert run_json("meetings", "list", "--user", "sam") == []
    assert Meeting.objects.count() == 1
