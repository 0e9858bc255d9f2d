"""`coffeechat give-backs`: what the user did in return, from the command line."""

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from coffeechat.conversations.models import ConversationEvent, GiveBack, PipelineEntry
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person
from tests.commands import run_json

pytestmark = pytest.mark.django_db


def test_a_give_back_is_logged_and_keeps_the_conversation_in_touch(
    user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    exploration = Exploration.objects.create(owner=user, text="UX research")
    PipelineEntry.objects.create(exploration=exploration, person=ana, stage="thanked")
    logged = run_json("give-backs", "add", str(ana.pk), "--kind", "article", "--note", "Sent the AHRQ report")
    assert logged == {
        "id": logged["id"],
        "person_id": ana.pk,
        "person": "Ana Ruiz",
        "date": timezone.localdate().isoformat(),
        "kind": "article",
        "kind_name": "Sent an article or a resource",
        "note": "Sent the AHRQ report",
    }
    assert PipelineEntry.objects.get().stage == "keeping_in_touch"  # as the web page records it
    assert ConversationEvent.objects.get().kind == "give_back_logged"


def test_the_list_is_latest_first_and_can_be_narrowed_to_one_person(
    user: User, make_person: Callable[..., Person]
) -> None:
    ana, bo = make_person(user, "Ana Ruiz"), make_person(user, "Bo Berg")
    earlier = (timezone.localdate() - timedelta(days=30)).isoformat()
    run_json("give-backs", "add", str(ana.pk), "--kind", "news", "--date", earlier)
    run_json("give-backs", "add", str(bo.pk), "--kind", "introduction")
    assert [g["person"] for g in run_json("give-backs", "list")] == ["Bo Berg", "Ana Ruiz"]
    [for_ana] = run_json("give-backs", "list", "--person", str(ana.pk))
    assert for_ana["date"] == earlier and for_ana["kind_name"] == "Told them how their advice helped"
    out = io.StringIO()
    call_command("give-backs", "list", stdout=out)
    assert "Introduced them to someone" in out.getvalue()


def test_a_bad_date_or_someone_elses_person_is_refused(
    user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    with pytest.raises(CommandError, match="--date: Enter a valid date"):
        call_command("give-backs", "add", str(ana.pk), "--date", "2026-02-30", "--user", "alex")
    with pytest.raises(CommandError, match=r"--date: 1900-01-01 is not a date for this \(1990-2100\)"):
        call_command("give-backs", "add", str(ana.pk), "--date", "1900-01-01", "--user", "alex")
    with pytest.raises(CommandError, match=f"there is no person with id {ana.pk}"):
        call_command("give-backs", "add", str(ana.pk), "--user", "sam")
    run_json("give-backs", "add", str(ana.pk), "--user", "alex")
    assert run_json("give-backs", "list", "--user", "sam") == []
    assert GiveBack.objects.count() == 1
