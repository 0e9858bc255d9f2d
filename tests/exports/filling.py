"""An account with at least one of everything an account can own (invented people only)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from coffeechat.conversations.models import (
    ConversationEvent,
    GiveBack,
    Interaction,
    KeepInTouch,
    Meeting,
    MeetingNotes,
    Message,
    PipelineEntry,
    PlannedQuestion,
    Referral,
    Reflection,
    ResearchItem,
    TodayDecision,
)
from coffeechat.explore.models import Exploration, OrganizationInterest
from coffeechat.imports.models import ColumnMapping, ImportChange, ImportReview, ImportRun
from coffeechat.insights.models import ItemCuration
from coffeechat.interviews.models import Question
from coffeechat.mail.keys import encrypt
from coffeechat.mail.models import MailAccount
from coffeechat.network.models import (
    EmailAddress,
    Organization,
    PastPosition,
    Person,
    PhoneNumber,
    ProfileLink,
    Tag,
    Tie,
)
from coffeechat.network.search import refresh_search_entries
from coffeechat.outreach.models import MessageTemplate, Profile

UTC = ZoneInfo("UTC")


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)


MAIL_PASSWORD = "filled app password 7"  # never in a backup


def fill_account(owner: User) -> None:
    acme = Organization.objects.create(
        owner=owner, name="Acme Health", website="https://acme.example", industry="Health", size_band="large"
    )
    school = Organization.objects.create(owner=owner, name="Lakeside College", relation="school")
    mentor = Tag.objects.create(owner=owner, name="mentor")
    maria = Person.objects.create(
        owner=owner, name="Maria Lopez", title="Nurse Manager", organization=acme, tie_strength=2
    )
    kim = Person.objects.create(
        owner=owner,
        name="Kim Ng",
        organization=school,
        how_known="professor",
        known_since=date(2015, 9, 1),
        tie_strength=3,
        notes="Line one\nline two",
        sensitive=True,
    )
    dev = Person.objects.create(owner=owner, name="Dev Ørsted", location="Århus")
    maria.tags.add(mentor)
    EmailAddress.objects.create(person=maria, address="maria@acme.example")
    PhoneNumber.objects.create(person=maria, raw="030 1234567", e164="+49301234567")
    ProfileLink.objects.create(person=maria, url="https://www.linkedin.com/in/maria-lopez-x")
    PastPosition.objects.create(
        person=maria, title="Nurse", organization_name="City Hospital", until=date(2024, 1, 31)
    )
    Tie.objects.create(
        owner=owner,
        person_a=min(maria, kim, key=lambda p: p.pk),
        person_b=max(maria, kim, key=lambda p: p.pk),
        strength=3,
        context="worked together",
    )
    refresh_search_entries([maria.pk, kim.pk, dev.pk])

    exploration = Exploration.objects.create(owner=owner, text="Nursing leadership", why="I like people")
    exploration.target_organizations.add(acme)
    exploration.excluded_organizations.add(school)
    exploration.excluded_people.add(kim)
    OrganizationInterest.objects.create(exploration=exploration, organization=acme, score=4)

    run = ImportRun.objects.create(
        owner=owner,
        filename="contacts.csv",
        format="google",
        encoding="utf-8",
        network_of=kim,
        counts={"created": 1, "review": 1},
        problems=[{"where": "line 3", "message": "line 3: no name", "error": True}],
    )
    ImportChange.objects.create(run=run, kind="created", before={"people": [dev.pk]})
    ImportReview.objects.create(
        run=run,
        record={"where": "line 2", "name": "Maria Lopez", "emails": ["m@else.example"], "tags": []},
        candidate=maria,
        score=0.8,
    )
    ColumnMapping.objects.create(
        owner=owner, name="My CSV", columns=["Name", "Mail"], mapping={"name": "Name"}
    )

    question = Question.objects.create(owner=owner, theme="path", text="How did you start?", minutes=3)
    Question.objects.create(owner=owner, theme="skills", text="What matters?", position=1, archived=True)
    Profile.objects.create(
        owner=owner, full_name="Alex Doe", pitch="A nurse exploring leadership.", nudge_after=5
    )
    MessageTemplate.objects.create(
        owner=owner, kind="nudge", subject="Just checking", body="Hi {first_name}?"
    )

    entry = PipelineEntry.objects.create(
        exploration=exploration, person=maria, stage="met", replied=at(4), before_exit=""
    )
    ConversationEvent.objects.create(
        entry=entry, kind="request_sent", at=at(2), stage_before="identified", stage_after="request_sent"
    )
    ConversationEvent.objects.create(
        entry=entry, kind="reply_recorded", at=at(4), stage_before="request_sent", stage_after="replied"
    )
    meeting = Meeting.objects.create(
        owner=owner,
        person=maria,
        exploration=exploration,
        starts=at(10, 13),
        time_zone="Europe/Berlin",
        place="Café Central",
        video_link="https://meet.example/abc",
        held=at(10, 14),
        sequence=1,
        invitation_uid="5k1q2r3s4t@google.com",  # made from the invitation Maria sent
        invitation_sequence=2,
    )
    PlannedQuestion.objects.create(
        meeting=meeting,
        question=question,
        theme="path",
        text="How did you start?",
        minutes=3,
        answer="By chance",
    )
    MeetingNotes.objects.create(meeting=meeting, text="Talked about Figma")
    ResearchItem.objects.create(meeting=meeting, label="Their profile", notes="read it")
    Reflection.objects.create(meeting=meeting, appealed="the team", pursue="yes", fit=4)
    Referral.objects.create(meeting=meeting, person=dev, will_introduce=True)
    thanks = Message.objects.create(
        owner=owner,
        person=maria,
        exploration=exploration,
        meeting=meeting,
        kind="thank_you",
        subject="Thank you",
        body="Thanks!",
        sent=at(11),
        message_id="thanks.1@coffeechat.example",
    )
    Interaction.objects.create(
        owner=owner,
        person=maria,
        at=at(12),
        channel="email",
        direction="received",
        subject="Re: Thank you",
        text="Glad it helped!",
        source_key="reply.1@mail.example",
        reply_to=thanks,
    )
    Interaction.objects.create(
        owner=owner, person=kim, at=at(1), channel="linkedin", direction="sent", source_key="linkedin:c1:1"
    )
    Message.objects.create(owner=owner, person=kim, about=maria, kind="intro_request", body="Could you?")
    GiveBack.objects.create(owner=owner, person=maria, kind="article", note="a paper", on=date(2026, 3, 20))
    KeepInTouch.objects.create(owner=owner, person=maria, every_months=6)
    TodayDecision.objects.create(
        owner=owner, key=f"check_in:{maria.pk}:2026-03-25", snoozed_until=date(2026, 4, 1)
    )
    ItemCuration.objects.create(owner=owner, kind="skills", key="figma", label="Figma", confirmed=True)
    TodayDecision.objects.create(owner=owner, key=f"thank:{meeting.pk}", dismissed=True)
    TodayDecision.objects.create(owner=owner, key=f"nudge:{entry.pk}", dismissed=True)
    MailAccount.objects.create(
        owner=owner,
        address="sam@example.org",
        imap_host="imap.example.org",
        imap_user="sam@example.org",
        imap_password=encrypt(MAIL_PASSWORD),
        smtp_host="smtp.example.org",
        smtp_port=465,
        smtp_security="ssl",
        smtp_user="sam@example.org",
        smtp_password=encrypt(MAIL_PASSWORD),
        sync_enabled=True,
    )
