"""Drafting, sending and recording messages; the follow-up threads behind Today."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage as DjangoEmail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coffeechat.explore.models import Exploration, PipelineEntry
from coffeechat.network.models import Person, Tie
from coffeechat.outreach.checks import FIRST_REQUESTS, Flag
from coffeechat.outreach.drafting import DEFAULTS, KINDS, Template, fill, first_name
from coffeechat.outreach.models import Meeting, Message, MessageTemplate, Profile
from coffeechat.outreach.rules import Rules, may_ask_again

# A message sent moves the person along the exploration's pipeline.
STAGE_AFTER = {
    "intro_request": PipelineEntry.Stage.INTRODUCTION_ASKED,
    "direct_request": PipelineEntry.Stage.REQUEST_SENT,
    "referred_request": PipelineEntry.Stage.REQUEST_SENT,
    "phone_script": PipelineEntry.Stage.REQUEST_SENT,
}


def profile_for(user: AbstractBaseUser) -> Profile:
    profile, _ = Profile.objects.get_or_create(owner_id=user.pk)
    return profile


def rules_for(profile: Profile) -> Rules:
    return Rules(
        profile.next_person_after, profile.nudge_after, profile.give_up_after_nudge, profile.cool_down_days
    )


def template_for(user: AbstractBaseUser, kind: str) -> Template:
    own = MessageTemplate.objects.filter(owner_id=user.pk, kind=kind).first()
    return Template(own.subject, own.body) if own else DEFAULTS[kind]


def draft(
    user: AbstractBaseUser,
    recipient: Person,
    kind: str,
    exploration: Exploration | None = None,
    about: Person | None = None,
    referrer: Person | None = None,
) -> Template:
    """The message of this kind to `recipient`, filled in from everything coffeechat knows."""
    profile = profile_for(user)
    org = recipient.organization.name if recipient.organization else ""
    target = about or recipient
    introducer = referrer.name if referrer else ""
    values = {
        "first_name": first_name(recipient.name),
        "name": recipient.name,
        "title": recipient.title,
        "organization": org,
        "exploration": exploration.text if exploration else "",
        "target_name": target.name,
        "target_first_name": first_name(target.name),
        "target_title": target.title,
        "target_organization": target.organization.name if target.organization else "",
        "introducer": introducer,
        "introducer_first_name": first_name(introducer),
        "introducer_line": f"{introducer} suggested I call you." if introducer else "",
        "my_name": profile.full_name,
        "my_first_name": first_name(profile.full_name),
        "pitch": profile.pitch,
        "background": profile.background,
        "hopes": profile.hopes,
        "signature": profile.signature or profile.full_name,
        "resume_url": profile.resume_url,
    }
    return fill(template_for(user, kind), values)


@transaction.atomic
def record_sent(message: Message, channel: str) -> Message:
    """Mark a message sent: it joins the person's timeline and moves their pipeline stage."""
    message.channel = channel
    message.sent = timezone.now()
    message.save()
    stage = STAGE_AFTER.get(message.kind)
    if message.exploration_id and stage:
        target = message.about if message.kind == "intro_request" and message.about else message.person
        entry, _ = PipelineEntry.objects.get_or_create(exploration_id=message.exploration_id, person=target)
        entry.stage = stage
        entry.save()
    return message


def recipient_address(person: Person) -> str:
    email = person.emails.first()
    return email.address if email else ""


def as_eml(message: Message, profile: Profile) -> bytes:
    """The message as an .eml file a mail program opens as a draft, ready to send."""
    email = EmailMessage()
    email["To"] = formataddr((message.person.name, recipient_address(message.person)))
    if profile.email:
        email["From"] = formataddr((profile.full_name, profile.email))
    email["Subject"] = message.subject
    email["Date"] = format_datetime(timezone.now())
    email["X-Unsent"] = "1"  # Outlook and others open it as a draft
    email.set_content(message.body)
    return bytes(email)


def can_send_email() -> bool:
    return bool(settings.EMAIL_HOST)


def send_email(message: Message, profile: Profile) -> Message:
    """Send through the configured SMTP server, then record it; raises on a refusal."""
    to = recipient_address(message.person)
    if not to:
        raise ValueError(f"{message.person.name} has no email address")
    sender = formataddr((profile.full_name, profile.email)) if profile.email else settings.DEFAULT_FROM_EMAIL
    DjangoEmail(
        message.subject, message.body, sender, [to], reply_to=[profile.email] if profile.email else None
    ).send()
    return record_sent(message, Message.Channel.EMAIL)


def person_panel(user: AbstractBaseUser, person: Person) -> dict[str, object]:
    """What the person page shows of the conversation with them."""
    return {
        "pipeline": PipelineEntry.objects.filter(person=person, exploration__owner_id=user.pk).select_related(
            "exploration"
        ),
        "sent_messages": Message.objects.filter(owner_id=user.pk, person=person, sent__isnull=False),
        "meetings": Meeting.objects.filter(owner_id=user.pk, person=person),
        "message_kinds": KINDS,
        "stages": PipelineEntry.Stage.choices,
    }


def likely_referrer(person: Person) -> Person | None:
    """Who probably referred the user to `person`: the strongest tie they have whom the user knows."""
    ties = Tie.objects.filter(Q(person_a=person) | Q(person_b=person)).select_related("person_a", "person_b")
    known = [t.other(person) for t in ties.order_by("-strength") if t.other(person).tie_strength is not None]
    return known[0] if known else None


def cool_down_flags(user: AbstractBaseUser, person: Person, kind: str) -> list[Flag]:
    """A first request to someone asked not long ago waits for the cool-down to pass."""
    if kind not in FIRST_REQUESTS:
        return []
    last = (
        Message.objects.filter(owner_id=user.pk, person=person, kind__in=FIRST_REQUESTS, sent__isnull=False)
        .order_by("-sent")
        .values_list("sent", flat=True)
        .first()
    )
    rules = rules_for(profile_for(user))
    if last is None or may_ask_again(timezone.localdate(last), timezone.localdate(), rules):
        return []
    again = timezone.localdate(last) + timedelta(days=rules.cool_down_days)
    return [
        Flag(
            "strong",
            f"You asked {person.name} on {last:%d %b %Y}.",
            f"Give them room: ask again from {again:%d %b %Y}, or write to someone else.",
        )
    ]
