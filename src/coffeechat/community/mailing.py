"""The community's mail: notices sent through the community's own SMTP server, never a member's.

A member's own outreach to people outside the platform goes through their own mail settings
(conversations/messaging.py, settings.EMAIL_*); the community's notices go through
settings.COMMUNITY_SMTP, from settings.COMMUNITY_MAIL_FROM, to the address in the membership.
Without a community server the notices wait on each member's notices page and nothing is mailed.

Every message carries a one-click unsubscribe (RFC 8058): List-Unsubscribe names the member's
unsubscribe address, List-Unsubscribe-Post says a POST to it is enough. Members who chose the
daily digest get one message a day with all their notices; unsubscribed members get none (their
notices stay on their page), and a notice already read there is not mailed.

Each notice is claimed by a conditional UPDATE before it is sent (sent from null to now), so two
workers never mail it twice; one that could not be sent is put back for the next pass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from coffeechat.community.access import the_community
from coffeechat.community.models import Membership, Notice
from coffeechat.core.server import DEFAULT_PORT, base_url
from coffeechat.lib.serving import serving_url

# Older notices are not mailed when a server is configured at last, or a member subscribes again:
# they are on the notices page, and a flood of stale mail helps nobody.
FRESH = timedelta(days=3)
ONE_CLICK = "List-Unsubscribe=One-Click"


def mail_on() -> bool:
    return bool(settings.COMMUNITY_SMTP.get("host"))


def community_connection() -> BaseEmailBackend:
    """The community's SMTP server (settings.COMMUNITY_SMTP), not the one members send their own mail by."""
    smtp = settings.COMMUNITY_SMTP
    return get_connection(
        host=smtp["host"],
        port=smtp["port"],
        username=smtp["username"],
        password=smtp["password"],
        use_tls=smtp["use_tls"],
        timeout=settings.EMAIL_TIMEOUT,  # a server that stops answering never holds the worker
        fail_silently=False,
    )


def site_url() -> str:
    """Where members reach this server: COFFEECHAT_PUBLIC_URL, else where `serve` runs here."""
    return (
        settings.PUBLIC_URL or serving_url(settings.DATA_DIR) or base_url("127.0.0.1", DEFAULT_PORT, None)
    ).rstrip("/")


def unsubscribe_url(membership: Membership) -> str:
    return site_url() + reverse("community:unsubscribe", args=[membership.unsubscribe_token])


def notices_url() -> str:
    return site_url() + reverse("community:notices")


def _message(membership: Membership, subject: str, body: str, community: str) -> EmailMessage:
    link = unsubscribe_url(membership)
    footer = (
        f"\n\n--\nAll your notices: {notices_url()}\n"
        f"You get this as a member of {community}. No more email: {link}\n"
    )
    return EmailMessage(
        subject,
        body.rstrip() + footer,
        settings.COMMUNITY_MAIL_FROM,
        [membership.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": ONE_CLICK},
    )


def _pending(now: datetime, digest: bool):  # type: ignore[no-untyped-def]
    return Notice.objects.filter(
        sent__isnull=True,
        read__isnull=True,
        created__gte=now - FRESH,
        recipient__membership__unsubscribed=False,
        recipient__membership__daily_digest=digest,
    ).exclude(recipient__membership__email="")


def _claim(ids: Sequence[int], now: datetime) -> bool:
    """Mark these notices sent, all or none: False when another worker took them first."""
    return Notice.objects.filter(pk__in=ids, sent__isnull=True).update(sent=now) == len(ids)


def _send(messages: list[tuple[list[int], EmailMessage]], now: datetime) -> int:
    """Send each message whose notices this worker claims; the ones that fail wait for the next pass."""
    if not messages:
        return 0
    sent = 0
    connection = community_connection()
    with connection:
        for ids, message in messages:
            if not _claim(ids, now):
                continue
            message.connection = connection
            try:
                message.send()
            except Exception:
                Notice.objects.filter(pk__in=ids, sent=now).update(sent=None)
                raise
            sent += 1
    return sent


@dataclass(frozen=True)
class Mailed:
    messages: int
    notices: int

    def __str__(self) -> str:
        return f"{self.messages} emails for {self.notices} notices"


def send_pending(now: datetime) -> Mailed:
    """One email per waiting notice, for members who want each one."""
    if not mail_on():
        return Mailed(0, 0)
    name = the_community().name
    pending = list(_pending(now, digest=False).select_related("recipient__membership").order_by("created"))
    messages = [
        ([n.pk], _message(n.recipient.membership, n.subject, n.body, name))  # type: ignore[attr-defined]
        for n in pending
    ]
    return Mailed(_send(messages, now), len(pending))


def send_digests(now: datetime) -> Mailed:
    """One email per member who chose the daily digest, with every notice waiting for them."""
    if not mail_on():
        return Mailed(0, 0)
    name = the_community().name
    by_member: dict[int, list[Notice]] = defaultdict(list)
    for notice in _pending(now, digest=True).select_related("recipient__membership").order_by("created"):
        by_member[notice.recipient_id].append(notice)
    messages = []
    for notices in by_member.values():
        membership = notices[0].recipient.membership  # type: ignore[attr-defined]
        count = len(notices)
        subject = notices[0].subject if count == 1 else f"{count} notices from {name}"
        body = "\n\n".join(f"{n.subject}\n\n{n.body.rstrip()}" for n in notices)
        messages.append(([n.pk for n in notices], _message(membership, subject, body, name)))
    return Mailed(_send(messages, now), sum(len(n) for n in by_member.values()))
