"""Today by email: each morning at the user's hour, only when something is newly due.

The hour is read in the server's time zone (COFFEECHAT_TIME_ZONE): coffeechat keeps no time zone
per user. The hourly job (registered with core/periodic.py) finds the users whose hour has come
and who have no digest today, claims the day (`Digest`, one row per user and day, unique), and
sends; `coffeechat today --email` claims the day too (or takes one a run had without sending) and
sends at once, for cron: never a second mail the same day.

What is news: each digest remembers the keys of the Today items it carried (`DigestItem`) for as
long as they stay due, so an item the user leaves waiting does not bring a mail every morning.
An item that stops being due (done, dismissed, snoozed) is forgotten at the next digest, and one
snoozed past the day a digest carried it counts as new when it is due again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import formataddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from coffeechat.conversations.models import TodayDecision
from coffeechat.conversations.today import Due, TodayItem, counted, describe, due_items
from coffeechat.core import clock
from coffeechat.core.periodic import claimed
from coffeechat.core.server import DEFAULT_PORT, base_url
from coffeechat.lib.serving import serving_url
from coffeechat.outreach.models import Digest, DigestItem, Profile
from coffeechat.outreach.outgoing import CANNOT_SEND, connection_for
from coffeechat.outreach.service import profile_for

log = logging.getLogger(__name__)

SHOWN = 30  # items written out in one mail; the rest are counted, a link away
KEEP_DAYS = 30  # days a Digest row (what was sent when) is kept
NOTHING_NEW = "nothing newly due"
ALREADY_SENT = "already sent today"
WORKING = "working"  # a claimed day's outcome while its digest is being sent


@dataclass(frozen=True)
class Outcome:
    sent: bool
    reason: str  # why not, or what was sent, in words
    new: int = 0
    due: int = 0
    to: str = ""


def newly_due(dues: Sequence[Due], carried: Mapping[str, date], snoozed: Mapping[str, date]) -> list[Due]:
    """The items no digest carried yet, or carried before the user snoozed them past that day."""
    return [d for d in dues if d.key not in carried or snoozed.get(d.key, date.min) > carried[d.key]]


def site_url() -> str:
    """Where the user reaches this server: COFFEECHAT_PUBLIC_URL, else where `serve` runs here."""
    return (
        settings.PUBLIC_URL or serving_url(settings.DATA_DIR) or base_url("127.0.0.1", DEFAULT_PORT, None)
    ).rstrip("/")


def _line(item: TodayItem, today: date) -> str:
    late = f" (due {item.due:%-d %b})" if item.due < today else ""
    return f"{item.text}{late}"


def _link(item: TodayItem, site: str) -> str:
    return site + (item.url or reverse("home:home"))


def compose(new: list[TodayItem], also: list[Due], today: date, site: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the mail: the new items in Today's words, each with its
    link, then what else is due, counted."""
    kinds = counted([Due(i.kind, i.due, i.key, i.person.pk) for i in new])
    subject = f"Today: {new[0].text}" if len(new) == 1 else f"Today: {kinds} newly due"
    still = f"Also due: {counted(also)}." if also else ""
    home, settings_page = site + reverse("home:home"), site + reverse("outreach:profile")
    lines = ["Newly due in coffeechat:", ""]
    for item in new:
        lines += [f"- {_line(item, today)}", f"  {_link(item, site)}"]
    lines += ["", still, f"Everything due: {home}", "", "-- ", f"No more of these: {settings_page}"]
    html = format_html(
        '<p>Newly due in coffeechat:</p><ul>{}</ul><p>{}</p><p><a href="{}">Everything due</a></p>'
        '<p><small><a href="{}">No more of these</a></small></p>',
        format_html_join(
            "", '<li><a href="{}">{}</a></li>', ((_link(i, site), _line(i, today)) for i in new)
        ),
        still,
        home,
        settings_page,
    )
    return subject[:200], "\n".join(lines), str(html)


def send_digest(user: AbstractBaseUser) -> Outcome:
    """Send the user's digest now if something is newly due; what happened, in words."""
    profile = profile_for(user)
    to = profile.digest_email or profile.email
    if not to:
        return Outcome(False, "no address: give one under 'Today by email' on your profile page")
    try:
        connection = connection_for(user)
    except OSError as problem:  # the user's own server, its password needed again
        return Outcome(False, str(problem), to=to)
    if connection is None:
        return Outcome(False, CANNOT_SEND, to=to)
    today = clock.localdate()
    dues = due_items(user, today)
    carried = dict(DigestItem.objects.filter(owner_id=user.pk).values_list("key", "carried_on"))
    snoozed = dict(
        TodayDecision.objects.filter(owner_id=user.pk, snoozed_until__isnull=False).values_list(
            "key", "snoozed_until"
        )
    )
    new = newly_due(dues, carried, snoozed)
    due_keys = {d.key for d in dues}
    gone = [key for key in carried if key not in due_keys]
    DigestItem.objects.filter(owner_id=user.pk, key__in=gone).delete()
    if not new:
        return Outcome(False, NOTHING_NEW, 0, len(dues), to)
    new_keys = {d.key for d in new}
    also = new[SHOWN:] + [d for d in dues if d.key not in new_keys]
    subject, text, html = compose(describe(new[:SHOWN]), also, today, site_url())
    sender = formataddr((profile.full_name, profile.email)) if profile.email else settings.DEFAULT_FROM_EMAIL
    mail = EmailMultiAlternatives(subject, text, sender, [to], connection=connection)
    mail.attach_alternative(html, "text/html")
    mail.send()
    with transaction.atomic():
        DigestItem.objects.filter(owner_id=user.pk, key__in=new_keys).delete()
        DigestItem.objects.bulk_create(
            DigestItem(owner_id=user.pk, key=key, carried_on=today) for key in new_keys
        )
    return Outcome(True, f"{counted(new)} newly due", len(new), len(dues), to)


def record(user: AbstractBaseUser, day: date, outcome: Outcome) -> None:
    Digest.objects.update_or_create(
        owner_id=user.pk, on=day, defaults={"sent": outcome.sent, "outcome": outcome.reason[:300]}
    )


def claim_day(owner_id: int, day: date) -> bool:
    """This process's claim on the user's digest of `day`; False when it was had already."""
    return claimed(lambda: Digest.objects.create(owner_id=owner_id, on=day, outcome=WORKING)) is not None


def claim_unsent_day(owner_id: int, day: date) -> bool:
    """claim_day, or the day a finished run had without sending (nothing was new then): the one
    update that finds it unsent and not being sent takes it."""
    if claim_day(owner_id, day):
        return True
    unsent = Digest.objects.filter(owner_id=owner_id, on=day, sent=False).exclude(outcome=WORKING)
    return unsent.update(outcome=WORKING) == 1


def send_due_digests() -> None:
    """The hourly job: each user with the digest on whose hour has come and who has none today."""
    now = timezone.localtime(clock.now())
    today = now.date()
    had = Digest.objects.filter(on=today).values("owner_id")
    waiting = Profile.objects.filter(digest=True, digest_hour__lte=now.hour).exclude(owner_id__in=had)
    users = get_user_model().objects.in_bulk(list(waiting.values_list("owner_id", flat=True)))
    for user in users.values():
        if not claim_day(user.pk, today):
            continue
        try:
            outcome = send_digest(user)
        except Exception:  # a mail server away: the claim goes, and the next hour tries again
            log.exception("the digest of user %s could not be sent", user.pk)
            Digest.objects.filter(owner_id=user.pk, on=today).delete()
            continue
        record(user, today, outcome)
    Digest.objects.filter(on__lt=today - timedelta(days=KEEP_DAYS)).delete()
