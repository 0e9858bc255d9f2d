"""A database filled by the release before the conversations app migrates with nothing lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("explore", "0002_pipeline_replied"),
    ("outreach", "0001_initial"),
    ("interviews", "0001_initial"),
    ("conversations", None),
]


@pytest.mark.django_db(transaction=True)
def test_every_record_survives_the_move_to_the_conversations_app() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([n for n in BEFORE if n[1]]).apps
    user = old.get_model("auth", "User").objects.create(username="alex")
    Person = old.get_model("network", "Person")
    ana = Person.objects.create(owner_id=user.pk, name="Ana Ruiz", name_key="ana ruiz")
    maria = Person.objects.create(
        owner_id=user.pk, name="Maria Lopez", name_key="maria lopez", tie_strength=3
    )
    exploration = old.get_model("explore", "Exploration").objects.create(owner_id=user.pk, text="design")
    old.get_model("explore", "PipelineEntry").objects.create(
        exploration=exploration, person=ana, stage="interviewed"
    )
    old.get_model("outreach", "Message").objects.create(
        owner_id=user.pk,
        person=maria,
        about=ana,
        exploration=exploration,
        kind="intro_request",
        subject="Intro?",
        body="Could you?",
        sent=timezone.now() - timedelta(days=9),
    )
    starts = timezone.now() - timedelta(days=2)
    meeting = old.get_model("outreach", "Meeting").objects.create(
        owner_id=user.pk, person=ana, exploration=exploration, starts=starts, place="Café"
    )
    question = old.get_model("interviews", "Question").objects.create(
        owner_id=user.pk, theme="path", text="How did you start?"
    )
    old.get_model("interviews", "PlannedQuestion").objects.create(
        meeting=meeting, question=question, theme="path", text="How did you start?", answer="In support"
    )
    old.get_model("interviews", "MeetingNotes").objects.create(meeting=meeting, text="Portfolios matter")
    old.get_model("interviews", "ResearchItem").objects.create(meeting=meeting, label="Org", notes="Big")
    old.get_model("interviews", "Reflection").objects.create(meeting=meeting, appealed="the craft", fit=4)
    old.get_model("interviews", "Referral").objects.create(meeting=meeting, person=maria, will_introduce=True)
    old.get_model("outreach", "CalendarFeed").objects.create(owner_id=user.pk, token="secret-token")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps

    entry = new.get_model("conversations", "PipelineEntry").objects.get()
    assert (entry.person_id, entry.exploration_id, entry.stage) == (ana.pk, exploration.pk, "met")
    message = new.get_model("conversations", "Message").objects.get()
    assert (message.person_id, message.about_id, message.kind, message.body) == (
        maria.pk,
        ana.pk,
        "intro_request",
        "Could you?",
    )
    moved = new.get_model("conversations", "Meeting").objects.get()
    assert (moved.pk, moved.person_id, moved.place, moved.starts) == (meeting.pk, ana.pk, "Café", starts)
    assert moved.held is not None  # its end has passed: it counts as held
    plan = new.get_model("conversations", "PlannedQuestion").objects.get()
    assert (plan.meeting_id, plan.question_id, plan.answer) == (meeting.pk, question.pk, "In support")
    assert new.get_model("conversations", "MeetingNotes").objects.get().text == "Portfolios matter"
    assert new.get_model("conversations", "ResearchItem").objects.get().notes == "Big"
    reflection = new.get_model("conversations", "Reflection").objects.get()
    assert (reflection.appealed, reflection.fit) == ("the craft", 4)
    referral = new.get_model("conversations", "Referral").objects.get()
    assert (referral.person_id, referral.will_introduce) == (maria.pk, True)
    assert new.get_model("conversations", "CalendarFeed").objects.get().token == "secret-token"
    tables = connection.introspection.table_names()
    assert "conversations_meeting" in tables and "outreach_meeting" not in tables
