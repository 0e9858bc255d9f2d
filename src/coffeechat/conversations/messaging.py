"""Messages: who each goes to, sending or marking them sent, and what that records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage as DjangoEmail
from django.db import transaction
from django.utils import timezone

from coffeechat.conversations import lifecycle
from coffeechat.conversations.events import entry_for, record_event, record_on_person
from coffeechat.conversations.models import Message, Referral
from coffeechat.conversations.talk import past_talk_of, sentence
from coffeechat.core import clock
from coffeechat.explore.graph import introduction_paths
from coffeechat.mail.sending import connection_for, sender_address
from coffeechat.network.models import Person
from coffeechat.network.services import ties_of
from coffeechat.outreach.checks import FIRST_REQUESTS, Flag
from coffeechat.outreach.drafting import unfilled
from coffeechat.outreach.models import Profile
from coffeechat.outreach.rules import may_ask_again
from coffeechat.outreach.service import profile_for, rules_for

# What sending a message of each kind records in the conversation.
EVENT_AFTER = {
    "intro_request": lifecycle.INTRODUCTION_REQUESTED,
    "direct_request": lifecycle.REQUEST_SENT_EVENT,
    "referred_request": lifecycle.REQUEST_SENT_EVENT,
    "phone_script": lifecycle.REQUEST_SENT_EVENT,
    "nudge": lifecycle.NUDGE_SENT,
    "thank_you": lifecycle.THANK_YOU_SENT,
    "check_in": lifecycle.CHECK_IN_SENT,
}


class CannotSend(ValueError):
    """A message that must not go out as it is; the text says why."""


def blocked_reason(person: Person) -> str:
    """Why coffeechat drafts nothing to this person, or "" when it may."""
    if person.sensitive:
        return f"{person.name} is marked sensitive: coffeechat does not draft messages to them."
    org = person.organization
    if org is not None and org.sensitive:
        return (
            f"{person.name} works at {org.name}, which you marked sensitive: coffeechat drafts no "
            "messages to anyone there, so your exploration stays private."
        )
    return ""


@transaction.atomic
def record_sent(message: Message, channel: str, *, at: datetime | None = None) -> Message:
    """Mark a message sent: it joins the timeline and records its event, or nothing happens.
    `at` is when it went out, if not now (a draft sent from a mail app, found in the Sent folder)."""
    if left := unfilled(f"{message.subject}\n{message.body}"):
        raise CannotSend(f"fill in {', '.join(left)} first")
    if reason := blocked_reason(message.person):
        raise CannotSend(reason)
    message.channel = channel
    message.sent = at or clock.now()
    message.save()
    event = EVENT_AFTER.get(message.kind)
    subject = (
        message.about if message.kind in ("intro_request", "nudge") and message.about else message.person
    )
    if event == lifecycle.CHECK_IN_SENT and message.exploration is None:
        record_on_person(subject, event, at=message.sent)
    elif event and message.exploration is not None:
        record_event(entry_for(message.exploration, subject), event, at=message.sent, note=message.subject)
    return message


def recipient_address(person: Person) -> str:
    email = person.emails.first()
    return email.address if email else ""


def _header(text: str) -> str:
    """A value fit for one header line: a line break stored before the forms refused them is a space."""
    return " ".join(re.split(r"[\r\n]+", text)).strip()


# A nudge or a thank-you answers the conversation's earlier messages to the same person, so mail
# programs (and the person's) show them as one thread; these are the messages a thread is made of.
THREADED = ("nudge", "thank_you")
THREAD_KINDS = ("direct_request", "referred_request", "intro_request", "nudge", "thank_you")
MAX_REFERENCES = 20


def thread_of(
    owner_id: int, person_id: int, kind: str, *, about_id: int | None, exploration_id: int | None
) -> list[Message]:
    """The earlier messages a new one of `kind` to this person replies to, oldest first: for a nudge
    or a thank-you, those sent with a Message-ID to the same person about the same subject (in the
    same exploration, when there is one); nothing for other kinds."""
    if kind not in THREADED:
        return []
    earlier = Message.objects.filter(
        owner_id=owner_id, person_id=person_id, about_id=about_id, kind__in=THREAD_KINDS, sent__isnull=False
    ).exclude(message_id="")
    if exploration_id is not None:
        earlier = earlier.filter(exploration_id=exploration_id)
    return list(earlier.order_by("-sent", "-pk")[:MAX_REFERENCES])[::-1]


def replied_to(message: Message) -> list[Message]:
    thread = thread_of(
        message.owner_id,
        message.person_id,
        message.kind,
        about_id=message.about_id,
        exploration_id=message.exploration_id,
    )
    return [earlier for earlier in thread if earlier.pk != message.pk]


RE = re.compile(r"^\s*((re|aw|sv|antw|r)\s*:\s*)+", re.IGNORECASE)


def reply_subject(thread: list[Message], subject: str) -> str:
    """ "Re: " and the subject the thread started with, when it has one (mail programs group a
    thread by its subject too); else the subject as drafted."""
    first = next((m.subject for m in thread if m.subject.strip()), "")
    return f"Re: {RE.sub('', first).strip()}" if first else subject


def _thread_headers(email: EmailMessage | DjangoEmail, thread: list[Message]) -> None:
    if not thread:
        return
    headers = {
        "In-Reply-To": f"<{thread[-1].message_id}>",
        "References": " ".join(f"<{m.message_id}>" for m in thread),
    }
    if isinstance(email, DjangoEmail):
        email.extra_headers.update(headers)
    else:
        for name, value in headers.items():
            email[name] = value


def new_message_id(address: str) -> str:
    """A Message-ID (without angle brackets) in the domain of the address the message goes from."""
    domain = (
        parseaddr(address)[1].rpartition("@")[2]
        or parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    )
    return make_msgid(domain=_header(domain) or "localhost").strip("<>")


def as_eml(message: Message, profile: Profile) -> bytes:
    """The message as an .eml file a mail program opens as a draft, ready to send. It gets a
    Message-ID (kept on `message`, which the caller saves), so the copy the mail program leaves in
    the Sent folder is known to be this message."""
    email = EmailMessage()
    email["To"] = formataddr((_header(message.person.name), _header(recipient_address(message.person))))
    if profile.email:
        email["From"] = formataddr((_header(profile.full_name), _header(profile.email)))
    email["Subject"] = _header(message.subject)
    email["Date"] = format_datetime(clock.now())
    message.message_id = message.message_id or new_message_id(
        profile.email or sender_address(message.owner) or settings.DEFAULT_FROM_EMAIL
    )
    email["Message-ID"] = f"<{message.message_id}>"
    _thread_headers(email, replied_to(message))
    email["X-Unsent"] = "1"  # Outlook and others open it as a draft
    email.set_content(message.body)
    return bytes(email)


def same_draft(message: Message) -> Message:
    """The unsent message saved earlier with the same recipient, kind and text (a draft downloaded
    as .eml), else `message`: marking or sending it then records that one, with its Message-ID,
    and the mailbox sync does not find a second message in the Sent folder."""
    found = (
        Message.objects.filter(
            owner_id=message.owner_id,
            person_id=message.person_id,
            about_id=message.about_id,
            exploration_id=message.exploration_id,
            meeting_id=message.meeting_id,
            kind=message.kind,
            subject=message.subject,
            body=message.body,
            sent__isnull=True,
        )
        .order_by("-created", "-pk")
        .first()
    )
    return found or message


def send_email(message: Message, profile: Profile) -> Message:
    """Send through the user's own SMTP server, else the configured one, then record it with the
    Message-ID it went out with; raises on a refusal (then nothing is recorded)."""
    to = recipient_address(message.person)
    if not to:
        raise CannotSend(f"{message.person.name} has no email address")
    connection = connection_for(message.owner)  # raises PasswordNeeded (an OSError) when it must be typed
    own = sender_address(message.owner) if connection is not None else ""
    reply_to = profile.email if profile.email and profile.email.lower() != own.lower() else ""
    if own:
        sender = formataddr((_header(profile.full_name), _header(own)))
    elif profile.email:
        sender = formataddr((_header(profile.full_name), _header(profile.email)))
    else:
        sender = settings.DEFAULT_FROM_EMAIL
    with transaction.atomic():
        message.message_id = message.message_id or new_message_id(sender)
        recorded = record_sent(message, Message.Channel.EMAIL)  # refused events stop the sending
        email = DjangoEmail(
            _header(message.subject),
            message.body,
            sender,
            [_header(to)],
            reply_to=[_header(reply_to)] if reply_to else None,
            headers={"Message-ID": f"<{message.message_id}>"},
            connection=connection,
        )
        _thread_headers(email, replied_to(message))
        email.send()
    return recorded


@dataclass(frozen=True)
class Introducer:
    person: Person
    people: list[Person]  # the path from the introducer to the person, both included

    @property
    def chain(self) -> str:
        return " → ".join(["You", *(p.name for p in self.people)])


def introducers_for(user: AbstractBaseUser, subject: Person) -> list[Introducer]:
    """Whom the user can ask to introduce them to `subject`, best path first, each once."""
    found: dict[int, Introducer] = {}
    for path in introduction_paths(user, subject):
        if not path.people:
            continue  # known directly: nobody stands between
        first = path.people[0]
        if first.pk != subject.pk and first.pk not in found and not blocked_reason(first):
            found[first.pk] = Introducer(first, list(path.people))
    return list(found.values())


def asked_introducers(user: AbstractBaseUser, subject: Person) -> list[Person]:
    """Who was asked to introduce the user to `subject`, latest first."""
    asked = Message.objects.filter(
        owner_id=user.pk, kind="intro_request", about=subject, sent__isnull=False
    ).select_related("person__organization")
    return list({m.person.pk: m.person for m in asked.order_by("-sent")}.values())


def referrer_of(subject: Person) -> Person | None:
    """Who referred the user to `subject`: the referral record first, else their strongest known tie."""
    referral = (
        Referral.objects.filter(person=subject, meeting__owner_id=subject.owner_id)
        .select_related("meeting__person")
        .order_by("-created")
        .first()
    )
    if referral is not None:
        return referral.meeting.person
    known = [other for _, other in ties_of(subject) if other.tie_strength is not None]
    return known[0] if known else None


def cool_down_flags(user: AbstractBaseUser, person: Person, kind: str) -> list[Flag]:
    """A first request to someone asked not long ago waits for the cool-down to pass; one to someone
    written to lately (on LinkedIn, by mail) who has not answered yet is warned about."""
    if kind not in FIRST_REQUESTS:
        return []
    return _unanswered_flags(user, person) + _asked_flags(user, person)


def _unanswered_flags(user: AbstractBaseUser, person: Person) -> list[Flag]:
    talk = past_talk_of(user.pk, [person.pk]).get(person.pk)
    now = clock.now()
    if talk is None or not talk.waiting(now):
        return []
    return [
        Flag(
            "warning",
            sentence(person, talk, now),
            "A request on top of an unanswered message rarely helps: give them time, or ask someone else.",
        )
    ]


def _asked_flags(user: AbstractBaseUser, person: Person) -> list[Flag]:
    last = (
        Message.objects.filter(owner_id=user.pk, person=person, kind__in=FIRST_REQUESTS, sent__isnull=False)
        .order_by("-sent")
        .values_list("sent", flat=True)
        .first()
    )
    rules = rules_for(profile_for(user))
    today = clock.localdate()
    if last is None or may_ask_again(timezone.localdate(last), today, rules):
        return []
    again = timezone.localdate(last) + timedelta(days=rules.cool_down_days)
    return [
        Flag(
            "strong",
            f"You asked {person.name} on {last:%d %b %Y}.",
            f"Give them room: ask again from {again:%d %b %Y}, or write to someone else.",
        )
    ]
