"""Asking a volunteer through the platform, and the volunteer's answer.

A request is written only through `send_request`, which counts and checks inside one transaction
that first locks the volunteer's profile row and then the member's membership row (on SQLite the
transaction is IMMEDIATE and holds the database's write lock from its start): two members asking
at once for a volunteer's last slot queue on the profile's lock, and a member sending twice at once
queues on their membership's, so the second one counts the first and the caps hold. Every change
leaves a notice for the other side (notices.py); the mail helper sends them.

An accepted request puts the volunteer into the member's own network as the profile they show,
matched as imports match (never a second record of someone the member already has), onto the
exploration's board, and, with a time set, a meeting in the member's calendar.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from coffeechat.community import rules
from coffeechat.community.access import the_community
from coffeechat.community.mailing import site_url
from coffeechat.community.models import Community, Membership, Notice, Request, VolunteerProfile
from coffeechat.community.notices import notify
from coffeechat.community.volunteering import shows, ways_text
from coffeechat.conversations import lifecycle
from coffeechat.conversations.events import Refused as LifecycleRefused
from coffeechat.conversations.events import entry_for, record_event
from coffeechat.conversations.meetings import MeetingDetails, schedule_meeting
from coffeechat.conversations.models import Meeting
from coffeechat.core import clock
from coffeechat.explore.models import Exploration
from coffeechat.imports.planning import load_index
from coffeechat.lib.text import name_key
from coffeechat.network.models import Person
from coffeechat.network.services import PersonDetails, save_person
from coffeechat.outreach.checks import Flag, check_message
from coffeechat.outreach.drafting import first_name, role
from coffeechat.outreach.service import profile_for

# The checker reads a request as a first request to someone the member does not know; a
# "blocking" or "strong" finding (a placeholder, a job asked for, far too long) stops it.
KIND = "direct_request"
SERIOUS = frozenset({"blocking", "strong"})

# The volunteer's kind ready-made answers when declining.
DECLINE_ANSWERS = {
    "not_right_person": (
        "I'm not the right person for this",
        "I don't think I'm the right person for this conversation, and I'd rather you spend your "
        "time with someone who is. I hope you find them in the directory.",
    ),
    "month_full": (
        "My month is full",
        "My month is full, so I can't take this one. Please try me again another month, or ask "
        "someone else in the directory.",
    ),
    "taking_a_break": (
        "I'm not taking conversations for a while",
        "I'm not taking conversations for a while. I wish you the very best with your exploration.",
    ),
}
WITHDRAWN = "withdrawn"


class Refused(ValueError):
    """A request or an answer that cannot be made as asked; the message says why, for a person."""


def volunteer_name(profile: VolunteerProfile) -> str:
    found = Membership.objects.filter(user_id=profile.user_id).values_list("display_name", flat=True).first()
    return found or profile.user.get_full_name() or profile.user.get_username()


def member_name(user_id: int) -> str:
    found = Membership.objects.filter(user_id=user_id).values_list("display_name", flat=True).first()
    return found or "A member"


def serious_flags(flags: list[Flag]) -> tuple[str, ...]:
    return tuple(flag.message for flag in flags if flag.level in SERIOUS)


def check(message: str) -> list[Flag]:
    """The checker's findings on a request's message (no subject: it goes through the platform)."""
    return check_message(KIND, "", message, email=False)


def _mid_sentence(text: str) -> str:
    """Words read inside a sentence: "Competitive swimming" as "competitive swimming", while
    "UX research" and "iOS apps" keep their letters."""
    text = text.strip().rstrip(".")
    first = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if first[:1].isupper() and first[1:].islower() else text


def draft_message(
    member: AbstractBaseUser, profile: VolunteerProfile, exploration: Exploration | None
) -> str:
    """A first draft from the member's pitch and exploration that the checker passes."""
    own = profile_for(member)
    work = role(
        profile.title if shows(profile, "title") else "",
        profile.organization if shows(profile, "organization") else "",
    )
    about = _mid_sentence(exploration.text) if exploration else "[exploration]"
    lines = [
        f"Hello {first_name(volunteer_name(profile))},",
        "",
        f"I found your profile in our community's volunteer directory while exploring {about}.",
        own.pitch.strip(),
        f"I would love to hear how you came to {'your work as ' + work if work else 'your work'} "
        "and what you wish you had known at the start.",
        "Would you have 20 minutes for a conversation in the coming weeks?",
        "",
        f"Thank you,\n{own.full_name or member_name(member.pk)}",
    ]
    return "\n".join(lines)


def _local(moment: datetime, zone: str) -> datetime:
    try:
        return moment.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.localtime(moment)


def month_start(today: date) -> datetime:
    """The first moment of this calendar month, in the server's time zone."""
    return timezone.make_aware(datetime.combine(rules.month_start(today), time.min))


def received_this_month(profile: VolunteerProfile) -> int:
    return Request.objects.filter(volunteer=profile, created__gte=month_start(clock.localdate())).count()


def room_of(profile: VolunteerProfile) -> rules.Room:
    today = clock.localdate()
    return rules.room(
        profile.monthly_cap, received_this_month(profile), profile.paused_until, today, profile.listed
    )


def rules_of(community: Community) -> rules.Rules:
    return rules.Rules(open_requests_per_member=community.open_requests_per_member)


def open_count(member_id: int) -> int:
    return Request.objects.filter(member_id=member_id, status=Request.Status.OPEN).count()


def asking(
    member: AbstractBaseUser, profile: VolunteerProfile, exploration: Exploration | None, message: str
) -> rules.Asking:
    """Everything `rules.refusal` weighs, read now (under the locks when sending)."""
    return rules.Asking(
        has_pitch=bool(profile_for(member).pitch.strip()),
        has_exploration=exploration is not None,
        serious_flags=serious_flags(check(message)),
        own_profile=profile.user_id == member.pk,
        open_with_volunteer=Request.objects.filter(
            member_id=member.pk, volunteer=profile, status=Request.Status.OPEN
        ).exists(),
        open_requests=open_count(member.pk),
        volunteer_room=room_of(profile),
    )


def why_not(
    member: AbstractBaseUser, profile: VolunteerProfile, exploration: Exploration | None, message: str
) -> str | None:
    return rules.refusal(asking(member, profile, exploration, message), rules_of(the_community()))


def blocker(member: AbstractBaseUser, profile: VolunteerProfile) -> str | None:
    """What stops this member asking this volunteer before any message is written (no pitch, a
    paused or full volunteer, their own cap), for the asking page to say first."""
    now = replace(asking(member, profile, None, ""), has_exploration=True, serious_flags=())
    return rules.refusal(now, rules_of(the_community()))


def request_seen_by_or_404(user: AbstractBaseUser, request_id: int) -> Request:
    """A request the user sent or received; another's is a 404."""
    found = (
        Request.objects.filter(Q(member_id=user.pk) | Q(volunteer__user_id=user.pk), pk=request_id)
        .select_related("volunteer")
        .first()
    )
    if found is None:
        raise Http404("no such request")
    return found


def received_by(user: AbstractBaseUser) -> QuerySet[Request]:
    """Requests asked of the user as a volunteer, newest first, each with who asked (`sender`)."""
    sender = Membership.objects.filter(user_id=OuterRef("member_id")).values("display_name")[:1]
    return (
        Request.objects.filter(volunteer__user_id=user.pk)
        .annotate(sender=Subquery(sender))
        .order_by("-created")
    )


def sent_by(user: AbstractBaseUser) -> QuerySet[Request]:
    return Request.objects.filter(member_id=user.pk).order_by("-created")


def send_request(
    member: AbstractBaseUser, profile: VolunteerProfile, exploration: Exploration, message: str
) -> Request:
    """The request, with its notice to the volunteer; Refused (nothing written) when a rule says no.
    `exploration` must be the member's own (the caller fetched it through explore's door)."""
    if exploration.owner_id != member.pk:
        raise Refused("Choose one of your own explorations.")
    community = the_community()
    try:
        with transaction.atomic():
            # The volunteer first, then the member: one order everywhere, so two requests never
            # wait on each other's locks.
            locked = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
            Membership.objects.select_for_update().get(user_id=member.pk)
            why = rules.refusal(asking(member, locked, exploration, message), rules_of(community))
            if why:
                raise Refused(why)
            request = Request.objects.create(
                member_id=member.pk,
                volunteer=locked,
                volunteer_name=volunteer_name(locked),
                exploration=exploration,
                exploration_text=exploration.text[:300],
                pitch=profile_for(member).pitch.strip(),
                message=message.strip(),
                created=clock.now(),
            )
            notify(
                locked.user_id,
                Notice.Kind.NEW_REQUEST,
                f"{member_name(member.pk)} would like to talk about {exploration.text}"[:200],
                f"{member_name(member.pk)} asks for an informational interview about "
                f"“{exploration.text}”.\n\n{request.message}\n\n"
                f"Answer here: {_link('community:request', request.pk)}",
                request,
            )
    except IntegrityError:
        # The partial unique constraint: another tab sent the same request a moment ago.
        raise Refused("You already have a request waiting with this volunteer.") from None
    return request


def _link(name: str, *args: int) -> str:
    """A full address for a notice, which is also mailed."""
    return site_url() + reverse(name, args=args)


def _locked_open(request: Request) -> Request:
    """The request locked for an answer; Refused when it is no longer waiting."""
    locked = Request.objects.select_for_update(of=("self",)).select_related("volunteer").get(pk=request.pk)
    if locked.status != Request.Status.OPEN:
        raise Refused(
            f"This request is no longer waiting for an answer: it was {locked.get_status_display().lower()}."
        )
    return locked


@dataclass(frozen=True)
class Acceptance:
    """The volunteer's yes: times proposed or a booking link, and/or a set time."""

    answer: str = ""  # times proposed, a note
    booking_link: str = ""
    starts: datetime | None = None
    time_zone: str = "UTC"
    minutes: int = 30
    way: str = ""


@transaction.atomic
def accept(request: Request, acceptance: Acceptance) -> Request:
    """Accepted: the volunteer lands in the member's network, on the exploration's board and, with a
    time set, in the member's calendar; the member is told."""
    locked = _locked_open(request)
    if not (acceptance.answer.strip() or acceptance.booking_link or acceptance.starts):
        raise Refused(
            "Propose a few times, give a booking link, or set a time, so they know what comes next."
        )
    now = clock.now()
    parts = [acceptance.answer.strip()]
    if acceptance.booking_link:
        parts.append(f"Book a time here: {acceptance.booking_link}")
    locked.status, locked.answered = Request.Status.ACCEPTED, now
    locked.answer = "\n\n".join(p for p in parts if p)
    locked.way = acceptance.way
    if acceptance.starts is not None:
        locked.meeting_starts, locked.meeting_minutes = acceptance.starts, acceptance.minutes
    locked.person = add_to_network(locked)
    locked.save()
    _onto_board(locked, now)
    meeting = _meeting_for_member(locked, acceptance) if acceptance.starts is not None else None
    when = f" on {_local(meeting.starts, meeting.time_zone):%A %-d %B at %H:%M}" if meeting else ""
    notify(
        locked.member_id,
        Notice.Kind.ACCEPTED,
        f"{locked.volunteer_name} said yes{when}"[:200],
        f"{locked.volunteer_name} accepted your request about “{locked.exploration_text}”{when}.\n\n"
        f"{locked.answer}\n\nThey are in your network now, with what they chose to show: "
        f"{_link('network:person', locked.person_id)}\nYour request: {_link('community:request', locked.pk)}",
        locked,
    )
    return locked


def member_meeting(request: Request) -> Meeting | None:
    """The member's own meeting made from the set time, if any."""
    if request.person_id is None or request.meeting_starts is None:
        return None
    return Meeting.objects.filter(
        owner_id=request.member_id, person_id=request.person_id, starts=request.meeting_starts
    ).first()


def _meeting_for_member(request: Request, acceptance: Acceptance) -> Meeting:
    assert request.person is not None and acceptance.starts is not None
    label = dict(VolunteerProfile.Way.choices).get(acceptance.way, "")
    return schedule_meeting(
        request.member,
        request.person,
        MeetingDetails(
            starts=acceptance.starts,
            time_zone=acceptance.time_zone,
            minutes=acceptance.minutes,
            place=label,
            exploration=request.exploration,
        ),
    )


def _onto_board(request: Request, now: datetime) -> None:
    """The conversation on the exploration's board moves as if asked and answered by mail; a step
    the member's own conversation with them is already past is left as it stands."""
    if request.exploration is None or request.person is None:
        return
    entry = entry_for(request.exploration, request.person)
    # A yes through the platform is the newest word: the member's own earlier decline or pause gives way.
    leaving = {lifecycle.DECLINED: lifecycle.DECLINE_WITHDRAWN, lifecycle.PAUSED: lifecycle.RESUMED}
    if entry.stage in leaving:
        record_event(entry, leaving[entry.stage], at=now, note="accepted through the community")
    for event, at in ((lifecycle.REQUEST_SENT_EVENT, request.created), (lifecycle.REPLY_RECORDED, now)):
        try:
            record_event(entry, event, at=at, note=f"through the community: {request.volunteer_name}")
        except LifecycleRefused:
            continue


def add_to_network(request: Request) -> Person:
    """The volunteer as a person of the member's: someone they already have (same name and
    organization, or their email), else a new record with only what the volunteer shows."""
    profile = request.volunteer
    assert profile is not None
    title = profile.title if shows(profile, "title") else ""
    organization = profile.organization if shows(profile, "organization") else ""
    existing = _already_known(request, organization)
    if existing is not None:
        return existing
    person = Person(
        name=request.volunteer_name,
        title=title,
        location=profile.location if shows(profile, "location") else "",
        notes=_shown_notes(profile),
    )
    return save_person(person, request.member, PersonDetails(organization_name=organization))


def _already_known(request: Request, organization: str) -> Person | None:
    profile = request.volunteer
    assert profile is not None
    key = name_key(request.volunteer_name)
    email = Membership.objects.filter(user_id=profile.user_id).values_list("email", flat=True).first() or ""
    email = email or profile.user.email
    near = Q(name_key=key)
    if email:
        near |= Q(emails__address_key=email.lower())
    near_ids = list(
        Person.objects.filter(near, owner_id=request.member_id).values_list("pk", flat=True).distinct()[:200]
    )
    if not near_ids:
        return None
    index = load_index(request.member, Person.objects.filter(pk__in=near_ids))
    match = index.match(key, organization, [email] if email else [], [], [])
    # Certain matches, and one by email alone (their own address in the member's records).
    if match.person_id is None or not (match.kind == "certain" or match.reason.startswith("same email")):
        return None
    return Person.objects.get(pk=match.person_id)


def _shown_notes(profile: VolunteerProfile) -> str:
    lines = [f"Met through {the_community().name}."]
    for field, label in (
        ("headline", ""),
        ("industry", "Industry: "),
        ("school", "Studied at: "),
        ("year", "Graduated: "),
        ("earlier_roles", "Earlier roles: "),
        ("topics", "Glad to talk about: "),
        ("languages", "Languages: "),
    ):
        if shows(profile, field):
            value = " · ".join(
                line.strip() for line in str(getattr(profile, field)).splitlines() if line.strip()
            )
            lines.append(f"{label}{value}")
    if shows(profile, "ways"):
        lines.append(f"Likes to meet by: {ways_text(profile.ways)}")
    return "\n".join(lines)


@transaction.atomic
def decline(request: Request, reason: str, note: str = "") -> Request:
    """Declined with one of the kind ready-made answers (and the volunteer's own note, if any)."""
    if reason not in DECLINE_ANSWERS:
        raise Refused("Choose one of the answers.")
    locked = _locked_open(request)
    locked.status, locked.answered, locked.closed_reason = Request.Status.DECLINED, clock.now(), reason
    locked.answer = "\n\n".join(p for p in (DECLINE_ANSWERS[reason][1], note.strip()) if p)
    locked.save()
    notify(
        locked.member_id,
        Notice.Kind.DECLINED,
        f"{locked.volunteer_name} can't talk this time"[:200],
        f"{locked.volunteer_name} answered your request about “{locked.exploration_text}”:\n\n"
        f"{locked.answer}\n\nThe directory has others who can help: {_link('community:directory')}",
        locked,
    )
    return locked


@transaction.atomic
def withdraw(request: Request) -> Request:
    """The member takes back a waiting request; the volunteer is told, so they don't answer it."""
    locked = _locked_open(request)
    locked.status, locked.closed_reason = Request.Status.WITHDRAWN, WITHDRAWN
    locked.save()
    if locked.volunteer is not None:
        notify(
            locked.volunteer.user_id,
            Notice.Kind.WITHDRAWN,
            f"{member_name(locked.member_id)} withdrew their request"[:200],
            f"{member_name(locked.member_id)} no longer needs an answer to their request about "
            f"“{locked.exploration_text}”. Thank you for your time.",
            locked,
        )
    return locked
