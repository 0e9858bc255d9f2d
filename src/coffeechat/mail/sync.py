"""The mailbox sync: replies noticed in the user's own mailbox, without a request (a command, the
periodic run in `serve`, or the Sync now button call `sync_account`).

For each folder it reads (the Sent folder first, so a draft sent from a mail app is marked sent
before a reply to it is read; then INBOX) only the messages with a UID above the last one seen,
while the folder's UIDVALIDITY is the one remembered; when it changed, the folder is read again
from a day before the last sync, and what was already recorded is known by its Message-ID
(`Interaction.source_key`). The first sync reads the last FIRST_SYNC_DAYS.

Headers come first, a batch at a time; matching.decide says what each message is, and only mail
from or to a known person (or in a known thread) is fetched whole. Unknown senders are never
fetched nor stored. Each batch is written in one transaction together with the folder's new last
UID, so a sync cut short resumes after the last batch written and records nothing twice.

One sync per account at a time, across workers and servers: a lease on the account row, taken by
a conditional UPDATE (free, or older than LEASE: a sync that died), renewed as messages are fetched and
given back at the end. Whatever goes wrong is saved on the account in plain words (last_error).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from imapclient import IMAPClient

from coffeechat.conversations import lifecycle
from coffeechat.conversations.events import Refused, record_event
from coffeechat.conversations.messaging import CannotSend, record_sent
from coffeechat.conversations.models import Interaction, Message, PipelineEntry
from coffeechat.core import clock
from coffeechat.mail import imap, matching
from coffeechat.mail.models import AddressOffer, MailAccount, MailFolder, MailQuestion
from coffeechat.mail.quoting import new_text
from coffeechat.mail.reading import Mail, read_mail
from coffeechat.network.models import EmailAddress

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)  # a sync silent this long (no lease renewed) is taken to have died
BATCH = 200  # headers fetched at a time; a batch is also what is written in one transaction
WHOLE = 20  # whole messages fetched at a time, the lease renewed after each group
FIRST_SYNC_DAYS = 365
# Messages whose answer moves a conversation (conversations/messaging.py EVENT_AFTER).
REQUEST_KINDS = ("intro_request", "direct_request", "referred_request", "phone_script", "nudge")
FETCHED_WHOLE = ("reply", "ask", "interaction")  # mail from a known person: text and invitations


@dataclass
class Report:
    """What one sync of one account read and recorded (`mail sync --json` prints it)."""

    user: str
    address: str
    ran: bool = True  # False when another sync of this account was running
    read: int = 0  # messages whose headers were read
    fetched: int = 0  # of which fetched whole
    replies: int = 0
    questions: int = 0
    interactions: int = 0
    marked_sent: int = 0
    addresses_offered: int = 0
    invitations: int = 0
    skipped: int = 0  # messages that could not be recorded (logged); the sync went on
    folders: dict[str, int] = field(default_factory=dict)
    error: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def accounts_to_sync(username: str = "") -> list[MailAccount]:
    accounts = MailAccount.objects.filter(sync_enabled=True).exclude(imap_host="").select_related("owner")
    if username:
        accounts = accounts.filter(owner__username=username)
    return list(accounts.order_by("pk"))


def sync_all(username: str = "", *, batch: int = BATCH) -> list[Report]:
    return [sync_account(account, batch=batch) for account in accounts_to_sync(username)]


def sync_account(account: MailAccount, *, batch: int = BATCH) -> Report:
    report = Report(account.owner.get_username(), account.address)
    lease = _claim(account)
    if lease is None:
        report.ran = False
        return report
    try:
        _sync(account, report, batch, lease)
    except Exception as exc:  # each failure becomes a sentence on the account and the page
        report.error = _explain(exc, account)
        if not isinstance(exc, OSError | imap.IMAPClientError | Interrupted | PasswordNeeded):
            log.exception("mail sync of %s stopped", account.address)
    finally:
        _release(account, lease, report)
    return report


# --- the lease -----------------------------------------------------------------------------------


@dataclass
class Lease:
    """This sync's hold on the account: `at` is the sync_started it last wrote (renewed in place)."""

    at: datetime


def _claim(account: MailAccount) -> Lease | None:
    now = timezone.now()
    with transaction.atomic():
        taken = (
            MailAccount.objects.filter(pk=account.pk)
            .filter(Q(sync_started__isnull=True) | Q(sync_started__lt=now - LEASE))
            .update(sync_started=now)
        )
    return Lease(now) if taken else None


def _renew(account: MailAccount, lease: Lease) -> None:
    now = timezone.now()
    if not MailAccount.objects.filter(pk=account.pk, sync_started=lease.at).update(sync_started=now):
        raise LeaseLost("another sync took this mailbox over after this one was silent too long")
    lease.at = now


def _release(account: MailAccount, lease: Lease, report: Report) -> None:
    """Give the lease back and say how the sync went, only while this sync still holds it: a sync
    that took over after this one stalled keeps its lease and its own word on the account."""
    changes: dict[str, object] = {"sync_started": None, "last_error": report.error}
    if not report.error:
        changes["last_sync"] = timezone.now()
    MailAccount.objects.filter(pk=account.pk, sync_started=lease.at).update(**changes)


class LeaseLost(RuntimeError):
    pass


# --- reading -------------------------------------------------------------------------------------


def imap_password(account: MailAccount) -> str:
    """The IMAP password as typed (decrypted by the connection half)."""
    from coffeechat.mail.connecting import passwords_of

    passwords = passwords_of(account)
    if passwords.problem:
        raise PasswordNeeded(passwords.problem)
    return passwords.imap


class PasswordNeeded(RuntimeError):
    pass


def server_of(account: MailAccount) -> imap.Server:
    if account.password_needed:
        raise PasswordNeeded(
            "type the IMAP password again on the mail page (a restored backup leaves passwords out)"
        )
    return imap.Server(
        account.imap_host, account.imap_port, account.imap_security, account.imap_user, imap_password(account)
    )


def _sync(account: MailAccount, report: Report, batch: int, lease: Lease) -> None:
    server = server_of(account)
    client = imap.connect(server)
    try:
        known = Known.load(account)
        sent = imap.sent_folder(client)
        for name in [sent, "INBOX"] if sent else ["INBOX"]:
            _read_folder(client, account, known, name, report, batch, lease)
    except (OSError, imap.IMAPClientError) as exc:
        raise Interrupted(str(exc)) from exc
    finally:
        imap.close(client)


class Interrupted(RuntimeError):
    """The connection failed after signing in: what was written so far stays."""


def _read_folder(
    client: IMAPClient,
    account: MailAccount,
    known: Known,
    name: str,
    report: Report,
    size: int,
    lease: Lease,
) -> None:
    folder = imap.examine(client, name)
    state = MailFolder.objects.filter(account=account, name=name).first()
    if state is not None and state.uidvalidity == folder.uidvalidity:
        uids = imap.uids_after(client, state.last_uid)
    else:
        # New, or renumbered by the server: read again from the day before the last sync, and let
        # the Message-IDs already recorded say what was seen.
        last = state.synced if state is not None and state.synced else None
        since = (last - timedelta(days=1)) if last else clock.now() - timedelta(days=FIRST_SYNC_DAYS)
        uids = imap.uids_since(client, since.date())
        state = state or MailFolder(account=account, name=name)
        state.uidvalidity, state.last_uid = folder.uidvalidity, 0
    report.folders[name] = report.folders.get(name, 0) + len(uids)
    for chunk in _chunks(uids, size):
        fetched = imap.headers(client, chunk)
        mails = {item.uid: (read_mail(item.raw), item) for item in fetched}
        decided = {uid: known.decide(mail) for uid, (mail, _) in mails.items()}
        wanted = [uid for uid, decision in decided.items() if decision.kind in FETCHED_WHOLE]
        for group in _chunks(wanted, WHOLE):
            for item in imap.whole(client, group):
                mail = read_mail(item.raw)
                mails[item.uid] = (mail, mails[item.uid][1])
                decided[item.uid] = known.decide(mail)
            _renew(account, lease)
        report.read += len(fetched)
        report.fetched += len(wanted)
        _renew(account, lease)  # before writing: the lease is known held for the transaction
        with transaction.atomic():
            for uid in chunk:
                if uid in mails and decided[uid].kind != "ignore":
                    mail, item = mails[uid]
                    # Decided again: a reply recorded just before may have answered its request.
                    _record_one(account, known, mail, item, known.decide(mail), report)
            state.last_uid = max(state.last_uid, chunk[-1])
            state.synced = clock.now()
            state.save()
    # Nothing older than the window is read later either: the next sync starts after what is there now.
    state.last_uid = max(state.last_uid, folder.uidnext - 1)
    state.synced = clock.now()
    state.save()


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]


# --- what the user's records say -----------------------------------------------------------------


@dataclass
class Known:
    """The user's addresses, their people's addresses and their requests, read once per sync and
    kept current as replies are recorded (a second reply in a thread is then an interaction)."""

    owner_id: int
    own: frozenset[str]
    people_by_address: dict[str, list[int]]
    requests: list[matching.Request]

    @classmethod
    def load(cls, account: MailAccount) -> Known:
        from coffeechat.outreach.models import Profile

        owner = account.owner
        own = {account.address, getattr(owner, "email", "")}
        if "@" in account.imap_user:
            own.add(account.imap_user)
        own.update(Profile.objects.filter(owner_id=owner.pk).values_list("email", flat=True))
        people: dict[str, list[int]] = {}
        for key, person_id in EmailAddress.objects.filter(person__owner_id=owner.pk).values_list(
            "address_key", "person_id"
        ):
            people.setdefault(key, []).append(person_id)
        return cls(owner.pk, frozenset(a.strip().lower() for a in own if a), people, requests_of(owner.pk))

    def decide(self, mail: Mail) -> matching.Decision:
        return matching.decide(
            mail, own=self.own, people_by_address=self.people_by_address, requests=self.requests
        )

    def answered(self, entry_id: int | None) -> None:
        if entry_id is not None:
            self.requests = [
                replace(r, waiting=False) if r.entry_id == entry_id else r for r in self.requests
            ]


def conversation_with(kind: str, person_id: int, about_id: int | None) -> int:
    """Whose conversation a request moves: an introduction request (and a nudge about one), the
    person it is about; any other, the person it went to (as messaging.record_sent does)."""
    return about_id if kind in ("intro_request", "nudge") and about_id else person_id


def answer_event(conversation_person_id: int, sender_id: int) -> str:
    """What an answer records: a reply from the person the conversation is with. An introduction
    request's conversation is with the person it is about, and the introducer answering is not
    them replying: it stops the nudge to the introducer, as "the introducer agreed" does, and what
    they said is on the timeline for the user to read."""
    return lifecycle.REPLY_RECORDED if conversation_person_id == sender_id else lifecycle.INTRODUCTION_MADE


def requests_of(owner_id: int) -> list[matching.Request]:
    """The user's sent requests, each with its conversation and whether that still waits."""
    rows = Message.objects.filter(owner_id=owner_id, kind__in=REQUEST_KINDS, sent__isnull=False).values_list(
        "pk", "person_id", "about_id", "exploration_id", "kind", "message_id", "sent"
    )
    entries = {
        (exploration, person): (pk, stage)
        for pk, exploration, person, stage in PipelineEntry.objects.filter(
            exploration__owner_id=owner_id
        ).values_list("pk", "exploration_id", "person_id", "stage")
    }
    found = []
    for pk, person_id, about_id, exploration_id, kind, message_id, sent in rows:
        entry_id, stage = entries.get(
            (exploration_id, conversation_with(kind, person_id, about_id)), (None, "")
        )
        waiting = stage in lifecycle.WAITING
        found.append(matching.Request(pk, entry_id, person_id, message_id, sent, waiting))
        if kind == "intro_request" and about_id:
            # The person it is about may write first, once introduced: by their address, their
            # mail answers the same conversation (the thread is the introducer's).
            found.append(matching.Request(pk, entry_id, about_id, "", sent, waiting))
    return found


# --- recording -----------------------------------------------------------------------------------


def source_key(mail: Mail, raw_headers: bytes) -> str:
    """The Message-ID; for mail without one, a digest of its headers (the same when read again)."""
    if mail.message_id:
        return mail.message_id[:300]
    return "sha256:" + hashlib.sha256(raw_headers).hexdigest()


def _record_one(
    account: MailAccount,
    known: Known,
    mail: Mail,
    item: imap.Fetched,
    decision: matching.Decision,
    report: Report,
) -> None:
    if decision.kind == "ignore":
        return
    try:
        with transaction.atomic():
            RECORDERS[decision.kind](account, known, mail, item, decision, report)
    except Exception:  # one message that cannot be recorded never stops the others
        report.skipped += 1
        log.exception("mail sync of %s: message %s not recorded", account.address, mail.message_id)


def _when(mail: Mail, item: imap.Fetched) -> datetime:
    return mail.date or item.arrived or clock.now()


def _already(owner_id: int, key: str) -> bool:
    return (
        Interaction.objects.filter(owner_id=owner_id, source_key=key).exists()
        or MailQuestion.objects.filter(owner_id=owner_id, source_key=key).exists()
    )


def _received(account: MailAccount, person_id: int, mail: Mail, item: imap.Fetched, **fields: object) -> None:
    Interaction.objects.create(
        owner_id=account.owner_id,
        person_id=person_id,
        at=_when(mail, item),
        channel=Interaction.Channel.EMAIL,
        direction=Interaction.Direction.RECEIVED,
        subject=mail.subject[:300],
        source_key=source_key(mail, item.raw),
        **fields,
    )


def _reply(
    account: MailAccount, known: Known, mail: Mail, item: imap.Fetched, d: matching.Decision, report: Report
) -> None:
    key = source_key(mail, item.raw)
    if _already(account.owner_id, key):
        return
    request = d.requests[0]
    _received(account, d.person_ids[0], mail, item, text=new_text(mail.text), reply_to_id=request.message_pk)
    if request.entry_id is not None:
        entry = PipelineEntry.objects.get(pk=request.entry_id)
        event = answer_event(entry.person_id, d.person_ids[0])
        try:
            with transaction.atomic():
                record_event(entry, event, at=_when(mail, item), note=mail.subject)
        except Refused:
            pass  # moved by hand meanwhile: the reply is still on the timeline
        if event == lifecycle.REPLY_RECORDED:
            known.answered(request.entry_id)
    report.replies += 1
    if d.new_address:
        _offer(account, d.person_ids[0], d.new_address, mail, item, report)
    _invitations(account, known, mail, report)


def _ask(
    account: MailAccount, known: Known, mail: Mail, item: imap.Fetched, d: matching.Decision, report: Report
) -> None:
    key = source_key(mail, item.raw)
    if _already(account.owner_id, key):
        return
    question = MailQuestion.objects.create(
        owner_id=account.owner_id,
        person_id=d.person_ids[0],
        source_key=key,
        at=_when(mail, item),
        subject=mail.subject[:300],
        text=new_text(mail.text),
    )
    question.requests.set([r.message_pk for r in d.requests])
    report.questions += 1
    _invitations(account, known, mail, report)


def _interaction(
    account: MailAccount, known: Known, mail: Mail, item: imap.Fetched, d: matching.Decision, report: Report
) -> None:
    if _already(account.owner_id, source_key(mail, item.raw)):
        return
    _received(account, d.person_ids[0], mail, item)
    report.interactions += 1
    _invitations(account, known, mail, report)


def _sent(
    account: MailAccount, known: Known, mail: Mail, item: imap.Fetched, d: matching.Decision, report: Report
) -> None:
    draft = (
        Message.objects.filter(owner_id=account.owner_id, message_id=mail.message_id).first()
        if mail.message_id
        else None
    )
    if draft is not None:
        # The app's own message (sent through SMTP, or a draft downloaded as .eml): it is on the
        # timeline already once sent, so no interaction beside it.
        if draft.sent is None:
            try:
                record_sent(draft, Message.Channel.EMAIL, at=_when(mail, item))
            except (CannotSend, Refused):
                draft.sent = None
            else:
                known.requests = requests_of(account.owner_id)
                report.marked_sent += 1
                return
        else:
            return
    key = source_key(mail, item.raw)
    for person_id in d.person_ids:
        _, made = Interaction.objects.get_or_create(
            owner_id=account.owner_id,
            source_key=f"{key} to {person_id}"[:300],
            defaults={
                "person_id": person_id,
                "at": _when(mail, item),
                "channel": Interaction.Channel.EMAIL,
                "direction": Interaction.Direction.SENT,
                "subject": mail.subject[:300],
            },
        )
        report.interactions += made


RECORDERS: dict[str, Callable[..., None]] = {
    "reply": _reply,
    "ask": _ask,
    "interaction": _interaction,
    "sent": _sent,
}


def _offer(
    account: MailAccount, person_id: int, address: str, mail: Mail, item: imap.Fetched, report: Report
) -> None:
    if EmailAddress.objects.filter(person_id=person_id, address_key=address.lower()).exists():
        return
    _, made = AddressOffer.objects.get_or_create(
        owner_id=account.owner_id,
        person_id=person_id,
        address=address,
        defaults={"at": _when(mail, item), "subject": mail.subject[:300]},
    )
    report.addresses_offered += made


def _invitations(account: MailAccount, known: Known, mail: Mail, report: Report) -> None:
    """A calendar invitation from a person in the network makes, moves or cancels the meeting."""
    if not mail.calendars:
        return
    from coffeechat.conversations.invitations import take_invitation

    for ics in mail.calendars:
        with transaction.atomic():
            outcome = take_invitation(account.owner, ics, sender=mail.sender, own=known.own)
        report.invitations += outcome.changed  # a meeting made, moved or cancelled; not one refused


# --- errors in words -----------------------------------------------------------------------------


def _explain(exc: BaseException, account: MailAccount) -> str:
    from coffeechat.mail.checking import Server, explain

    if isinstance(exc, PasswordNeeded | LeaseLost):
        return f"The mailbox was not read: {exc}."
    server = Server(
        "IMAP", account.imap_host, account.imap_port, account.imap_security, account.imap_user, ""
    )
    if isinstance(exc, Interrupted) and exc.__cause__ is not None:
        said = explain(exc.__cause__, server)
        return f"{said} The sync stopped there; the next one goes on from where it stopped."
    if isinstance(exc, OSError | imap.IMAPClientError):
        return explain(exc, server)
    return f"The mailbox sync stopped on an unexpected error ({type(exc).__name__}: {exc})."
