"""A filled account for the page-by-page browser tests, written inside the server's database.

Run by the server's own interpreter (`coffeechat shell -c`), after the real conformance files have
been imported with `coffeechat import`: one of everything a page can show, plus the awkward cases
a layout must survive (10,000-character notes, unbroken long names, right-to-left and CJK names, a
person with no organization, an exploration nobody fits). Prints the ids the URL patterns need.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from coffeechat.accounts.signin import create_signin_token
from coffeechat.community.access import membership_of
from coffeechat.conversations import lifecycle
from coffeechat.conversations.events import entry_for, record_event
from coffeechat.conversations.give_backs import log_give_back
from coffeechat.conversations.meetings import MeetingDetails, mark_held, schedule_meeting
from coffeechat.conversations.models import (
    CalendarFeed,
    GiveBack,
    Interaction,
    KeepInTouch,
    MeetingNotes,
    Message,
    Reflection,
)
from coffeechat.conversations.preparation import research_items, save_plan
from coffeechat.conversations.referrals import ReferralDetails, add_referral
from coffeechat.explore.models import Exploration
from coffeechat.imports.models import ImportReview, ImportRun, PendingUpload
from coffeechat.interviews.service import questions_for, suggested_questions
from coffeechat.mail.keys import encrypt
from coffeechat.mail.models import AddressOffer, MailAccount, MailFolder, MailQuestion
from coffeechat.network.models import Organization, Person, Tie
from coffeechat.network.services import PersonDetails, connect, save_person
from coffeechat.outreach.service import profile_for

LONG_NOTE = ("Portfolios matter more than degrees; bring one case study, not five. " * 150)[:10_000]
UNBROKEN = "Supercalifragilistic" * 9  # 180 characters, no space to wrap at


def _person(owner: object, name: str, org: str = "", **fields: object) -> Person:
    fields.setdefault("tie_strength", 2)
    tags, emails = fields.pop("tags", []), fields.pop("emails", [])
    details = PersonDetails(organization_name=org, tags=tags, emails=emails)  # type: ignore[arg-type]
    return save_person(Person(name=name, **fields), owner, details)  # type: ignore[arg-type]


def _volunteer(owner: object) -> int:
    """The owner volunteers, showing every field, one of them a long unbroken word (a layout must
    survive it), for the volunteer's page."""
    from coffeechat.community.models import VolunteerProfile

    profile, _ = VolunteerProfile.objects.update_or_create(
        user=owner,
        defaults={
            "headline": "Design researcher in health care, glad to talk about moving from nursing",
            "title": UNBROKEN,
            "organization": "Acme Health",
            "industry": "Health care",
            "location": "Boston",
            "school": "State University",
            "year": 2012,
            "earlier_roles": "Registered nurse\nClinical educator",
            "topics": "Usability studies\nInterviewing patients",
            "ways": ["video", "phone"],
            "languages": "English, Spanish",
            "shown": list(VolunteerProfile.SHOWABLE),
        },
    )
    return profile.pk


def _asked_of(owner: object) -> int:
    """A request waiting for the owner's answer as a volunteer, for the page where they accept or
    decline (a member who asks is another account: the guest)."""
    from coffeechat.community.models import Request, VolunteerProfile

    profile, _ = VolunteerProfile.objects.get_or_create(
        user=owner, defaults={"headline": "Design researcher"}
    )
    student, _ = get_user_model().objects.get_or_create(username="guest")
    return Request.objects.create(
        member=student,
        volunteer=profile,
        volunteer_name="Alex Doe",
        exploration_text="Moving from nursing into UX research",
        pitch="I am a nurse of ten years, learning how research shapes care.",
        message="Hello Alex, I found your profile in the directory. Would you have 20 minutes?",
        created=timezone.now(),
    ).pk


def fill(username: str) -> dict[str, int | str]:
    owner = get_user_model().objects.get(username=username)
    profile = profile_for(owner)
    profile.full_name = "Alex Doe"
    profile.pitch = "I am a nurse moving into user research, and I would value 20 minutes of your view."
    profile.save()

    maria = _person(
        owner,
        "Maria Lopez",
        "Acme Health",
        title="UX Designer",
        emails=["maria@example.org"],
        tags=["health", "design"],
    )
    priya = _person(owner, "Priya Rao", "Acme Health", title="Design Researcher", tie_strength=None)
    connect(maria, priya, 3, "worked together on the patient portal")
    _person(owner, "ليلى حداد", "مستشفى الأمل", title="باحثة تجربة المستخدم", notes="تعرفت عليها في مؤتمر")
    _person(owner, "王小明", "深圳医疗科技", title="用户研究员")
    _person(owner, "Sam Nobody", title="Freelance researcher", notes="No organization at all.")
    long_one = _person(owner, UNBROKEN, "Acme Health", title=UNBROKEN, notes=LONG_NOTE)
    organization = Organization.objects.get(owner=owner, name="Acme Health")
    organization.notes = LONG_NOTE
    organization.save()

    exploration = Exploration.objects.create(
        owner=owner, text="UX research in health care", why="I liked the patient side of nursing most."
    )
    exploration.target_organizations.add(organization)
    nobody_fits = Exploration.objects.create(owner=owner, text="Competitive underwater origami in Antarctica")

    # Priya: introduced by Maria, met, thanked, kept in touch.
    entry = entry_for(exploration, priya)
    record_event(entry, lifecycle.INTRODUCTION_REQUESTED)
    Message.objects.create(
        owner=owner,
        person=maria,
        about=priya,
        exploration=exploration,
        kind="intro_request",
        subject="Could you introduce me to Priya?",
        body="Hi Maria, " + LONG_NOTE[:600],
        sent=timezone.now() - timedelta(days=20),
    )
    record_event(entry, lifecycle.INTRODUCTION_MADE)
    record_event(entry, lifecycle.REQUEST_SENT_EVENT)
    record_event(entry, lifecycle.REPLY_RECORDED)
    meeting = schedule_meeting(
        owner,
        priya,
        MeetingDetails(
            starts=timezone.now() - timedelta(days=7),
            time_zone="Europe/Berlin",
            minutes=30,
            place="Café Central, Main Street 4",
            exploration=exploration,
        ),
    )
    save_plan(meeting, suggested_questions(owner, meeting.minutes))
    for planned in meeting.plan.all()[:2]:
        planned.answer = "She moved from nursing through a hackathon; portfolios matter."
        planned.save(update_fields=["answer"])
    MeetingNotes.objects.create(meeting=meeting, text=LONG_NOTE)
    for item in research_items(meeting)[:1]:
        item.notes = "Acme Health opened a patient research lab in 2025."
        item.save(update_fields=["notes"])
    mark_held(meeting)
    Reflection.objects.create(
        meeting=meeting,
        appealed="Research that changes care (and the teams behind it)",
        not_appealing="Long procurement cycles",
        pursue="yes",
        entry="class",
        skills_to_build="Figma; usability testing",
        already_bring="Clinical knowledge",
        fit=4,
        impressions="Energising.",
    )
    referred = add_referral(meeting, ReferralDetails(name="Chen Wei", organization="Globex Health", title=""))
    article = GiveBack(kind=GiveBack.Kind.ARTICLE, note="Sent her an article", on=date.today())
    log_give_back(owner, priya, article)
    KeepInTouch.objects.create(owner=owner, person=priya, every_months=3)
    Interaction.objects.create(
        owner=owner,
        person=priya,
        at=timezone.now() - timedelta(days=40),
        channel=Interaction.Channel.LINKEDIN,
        direction=Interaction.Direction.RECEIVED,
        subject="Research ops reading list",
        text="Here are the three books I mentioned.",
        source_key="linkedin:filled-1",
    )
    upcoming = schedule_meeting(
        owner,
        maria,
        MeetingDetails(
            starts=(timezone.now() + timedelta(days=3)).astimezone(ZoneInfo("UTC")).replace(minute=0),
            time_zone="America/New_York",
            minutes=45,
            video_link="https://meet.example.org/abc-defg",
        ),
    )

    run = ImportRun.objects.filter(owner=owner).order_by("-pk").first()
    review = ImportReview.objects.filter(run__owner=owner).first()
    if review is None and run is not None:
        review = ImportReview.objects.create(
            run=run, record={"name": "Maria López", "organization": "Acme Health"}, candidate=maria, score=0.9
        )
    pending = PendingUpload.objects.create(
        owner=owner,
        filename="contacts.csv",
        data=b"Name,Email\nJo Park,jo@example.org\n",
        format="csv",
    )
    question = questions_for(owner)[0]
    feed, _ = CalendarFeed.objects.get_or_create(owner=owner)
    MailAccount.objects.update_or_create(
        owner=owner,
        defaults={
            "address": f"{username}@example.org",
            "imap_host": "imap.example.org",
            "imap_user": f"{username}@example.org",
            "imap_password": encrypt("filled app password"),
            "smtp_host": "smtp.example.org",
            "smtp_user": f"{username}@example.org",
            "smtp_password": encrypt("filled app password"),
            "sync_enabled": True,
        },
    )
    # What the mailbox sync leaves for the user: how far it read, a reply to place, a new address.
    mail_account = MailAccount.objects.get(owner=owner)
    MailFolder.objects.get_or_create(
        account=mail_account, name="INBOX", defaults={"uidvalidity": 7, "last_uid": 42}
    )
    mail_question, _ = MailQuestion.objects.get_or_create(
        owner=owner,
        source_key="filled-reply@mail.example",
        defaults={
            "person": maria,
            "at": timezone.now() - timedelta(days=1),
            "subject": "Re: Coffee chat?",
            "text": "Happy to talk next week; Tuesday works.",
        },
    )
    mail_question.requests.set(Message.objects.filter(owner=owner).order_by("pk")[:2])
    address_offer, _ = AddressOffer.objects.get_or_create(
        owner=owner,
        person=maria,
        address="maria.lopez@home.example",
        defaults={"at": timezone.now() - timedelta(days=1), "subject": "Re: Coffee chat?"},
    )
    tie = Tie.objects.filter(owner=owner, person_b=priya).first()
    # A sign-in link still unused (opening it uses nothing up), for an account that never signs in
    # here: a new link for the owner would revoke it.
    guest, _ = get_user_model().objects.get_or_create(username="guest")
    return {
        "signin_token": create_signin_token(guest),
        "person_id": priya.pk,
        "long_person_id": long_one.pk,
        "referred_person_id": referred.pk,
        "organization_id": organization.pk,
        "exploration_id": exploration.pk,
        "empty_exploration_id": nobody_fits.pk,
        "meeting_id": meeting.pk,
        "upcoming_meeting_id": upcoming.pk,
        "entry_id": entry.pk,
        "tie_id": tie.pk if tie else 0,
        "run_id": run.pk if run else 0,
        "review_id": review.pk if review else 0,
        "pending_id": pending.pk,
        "question_id": question.pk,
        "mail_question_id": mail_question.pk,
        "address_offer_id": address_offer.pk,
        "give_back_id": GiveBack.objects.filter(owner=owner).first().pk,  # type: ignore[union-attr]
        "token": feed.token,
        "volunteer_id": _volunteer(owner),
        "request_id": _asked_of(owner),
        # the owner's one-click unsubscribe address (community mode: a membership from the first page)
        "unsubscribe_token": getattr(membership_of(owner), "unsubscribe_token", "none"),
        "join_token": _join_token(),
        "kind": "direct_request",
        "invitation_token": _alumni_invitation(owner),
        **_asked_the_guest(owner, exploration),
    }


def _asked_the_guest(owner: object, exploration: Exploration) -> dict[str, int]:
    """The guest volunteers too, and the owner asked them; the guest said yes with a time: for
    another volunteer's page, the asking page (the gate) and a member's own answered request."""
    from coffeechat.community import requests as asking
    from coffeechat.community.models import VolunteerProfile
    from coffeechat.community.volunteering import prepare

    if membership_of(owner) is None:  # not a community server
        return {"other_volunteer_id": 0, "sent_request_id": 0}
    guest, _ = get_user_model().objects.get_or_create(username="guest")
    membership_of(guest)
    profile = VolunteerProfile(
        user=guest,
        headline="Clinical informatics lead; I moved from the ward to software",
        title="Clinical Informatics Lead",
        organization="Globex Health",
        industry="Health care",
        topics="Electronic health records\nChanging careers",
        ways=["video", "in_person"],
        booking_link="https://cal.example.org/guest",
        shown=["headline", "title", "organization", "industry", "topics", "ways"],
        listed=True,
    )
    prepare(profile)
    profile.save()
    sent = asking.send_request(owner, profile, exploration, "Hello, could we talk for 20 minutes?")
    starts = (timezone.now() + timedelta(days=4)).replace(minute=0, second=0, microsecond=0)
    asking.accept(sent, asking.Acceptance(answer="Gladly: Tuesday works.", starts=starts, way="video"))
    return {"other_volunteer_id": profile.pk, "sent_request_id": sent.pk}


def _alumni_invitation(owner: object) -> str:
    """The owner is staff (community mode: the staff pages are theirs to see) and one loaded alum
    has an invitation to volunteer, for the alum's "no, thank you" page."""
    from coffeechat.community import alumni
    from coffeechat.community.models import AlumniRecord, Membership

    if membership_of(owner) is None:  # not a community server
        return "none"
    Membership.objects.filter(user=owner).update(role=Membership.Role.STAFF)
    record = AlumniRecord.objects.create(
        name="Dana Okafor", email="dana@example.org", email_key="dana@example.org", school="Business"
    )
    return alumni.invite([record], owner)[0].token  # type: ignore[arg-type]


def _join_token() -> str:
    """An invitation link to join as staff, still usable, for the join page."""
    from coffeechat.community import joining

    return joining.create_invitation(role="staff", days=30, note="Spring fair").token


def main(username: str) -> None:
    print(json.dumps(fill(username)))
