"""What one mail from the mailbox is to the pipeline: a reply to a request, an interaction, the
user's own sent mail, or nothing (pure: plain data in, a decision with its reason out).

The thread decides first: a mail whose In-Reply-To or References names a request's Message-ID
answers that request, whoever sent it (a known person's new address is offered for them), with no
time window, since the thread itself proves it came after. Otherwise the sender's address decides,
within the window after each request. Addresses are compared lower-cased (the keys of
`people_by_address` must be lower-cased), Message-IDs without angle brackets and case.

Where the rules of issue 15 leave a choice, this is what happens:
- A thread match on a request to someone else than the sender's own record (a colleague the
  person forwarded it to, already in the network under their address) is read by the sender's
  address instead: it is that colleague's mail, not the person's.
- A mail with no readable date is never a reply by address (the window cannot be checked): it is
  an interaction. The caller may put the server's arrival time in `date` before deciding.
- An address shared by several people: the one of them with a waiting request gets the reply
  (several such requests: ask); with none waiting, the interaction goes to the one of them the
  user has ever sent a request to; when that does not single one out, nothing is recorded, since
  a timeline with someone else's mail in it is worse than a missing line.
- The user's own mail lists, as its requests, those whose Message-ID it carries (the copy in the
  Sent folder of a message drafted here and sent from a mail app), and their people among the
  recipients. Automatic mail the user's mailbox sent (an out-of-office reply) is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from coffeechat.mail.reading import Mail


@dataclass(frozen=True)
class Request:
    """A message the app sent, or the user marked sent, that may be answered."""

    message_pk: int
    entry_id: int | None  # its conversation (PipelineEntry), None outside an exploration
    person_id: int  # whom it went to
    message_id: str  # "" when it was marked sent by hand
    sent: datetime
    waiting: bool  # the conversation still waits for an answer (lifecycle.WAITING)


@dataclass(frozen=True)
class Decision:
    kind: str  # "reply" | "ask" | "interaction" | "sent" | "ignore"
    person_ids: tuple[
        int, ...
    ]  # reply/interaction: the one person; sent: the known recipients; ask: the people
    requests: tuple[Request, ...] = ()  # reply: exactly one; ask: the candidates (two or more), latest first
    new_address: str = ""  # mail in the thread from an address the person does not have yet: offer it
    reason: str = ""  # why, in words a user reads


REPLY_WINDOW = timedelta(days=60)


def decide(
    mail: Mail,
    *,
    own: frozenset[str],
    people_by_address: Mapping[str, Sequence[int]],
    requests: Sequence[Request],
    window: timedelta = REPLY_WINDOW,
) -> Decision:
    sender = mail.sender.strip().lower()
    if sender and sender in {address.lower() for address in own}:
        return _own_mail(mail, own, people_by_address, _index_of(requests))
    if mail.automatic:
        return _ignore("an automatic message (out of office, delivery report or mailing list), not an answer")
    if not sender:
        return _ignore("it has no sender address")
    index = _index_of(requests)
    senders_people = tuple(dict.fromkeys(people_by_address.get(sender, ())))
    in_thread = _in_thread(mail, index)
    if in_thread is not None and (not senders_people or in_thread.person_id in senders_people):
        new_address = "" if in_thread.person_id in senders_people else sender
        if in_thread.waiting:
            reason = "it answers, in the same thread, the request sent " + _day(in_thread.sent)
            return Decision("reply", (in_thread.person_id,), (in_thread,), new_address, reason)
        reason = "it is in the thread of the request sent " + _day(in_thread.sent) + ", which no longer waits"
        return Decision("interaction", (in_thread.person_id,), (), new_address, reason)
    if not senders_people:
        return _ignore("no one in your network has this address")
    return _by_address(mail, senders_people, index, window)


def _own_mail(
    mail: Mail,
    own: frozenset[str],
    people_by_address: Mapping[str, Sequence[int]],
    index: _Index,
) -> Decision:
    if mail.automatic:
        return _ignore("an automatic message from your own mailbox")
    own_keys = {address.lower() for address in own}
    drafted_here = tuple(index.by_message_id.get(_id_key(mail.message_id), ())) if mail.message_id else ()
    people = [request.person_id for request in drafted_here]
    for recipient in mail.recipients:
        address = recipient.strip().lower()
        if address not in own_keys:
            people += people_by_address.get(address, ())
    if not people:
        return _ignore("you sent it to no one in your network")
    return Decision("sent", tuple(dict.fromkeys(people)), drafted_here, reason="you wrote it")


def _in_thread(mail: Mail, index: _Index) -> Request | None:
    """The latest request that the mail's In-Reply-To or References names."""
    named = {_id_key(message_id) for message_id in (*mail.in_reply_to, *mail.references)} - {""}
    answered = [request for key in named for request in index.by_message_id.get(key, ())]
    return max(answered, key=lambda request: request.sent, default=None)


def _by_address(mail: Mail, people: tuple[int, ...], index: _Index, window: timedelta) -> Decision:
    theirs = [request for person_id in people for request in index.by_person.get(person_id, ())]
    candidates = sorted(
        (request for request in theirs if _may_answer(mail, request, window)),
        key=lambda request: request.sent,
        reverse=True,
    )
    if len(candidates) == 1:
        (request,) = candidates
        reason = (
            "it comes from their address within "
            + _days(window)
            + " of the request sent "
            + _day(request.sent)
        )
        return Decision("reply", (request.person_id,), (request,), reason=reason)
    if candidates:
        asked = tuple(dict.fromkeys(request.person_id for request in candidates))
        if len(asked) == 1:
            reason = (
                f"{len(candidates)} requests to this person wait for an answer and only the address matches"
            )
        else:
            reason = (
                f"this address belongs to {len(asked)} people who each have a request waiting for an answer"
            )
        return Decision("ask", asked, tuple(candidates), reason=reason)
    if len(people) == 1:
        return Decision("interaction", people, reason=_no_reply_reason(mail))
    asked_before = tuple(dict.fromkeys(request.person_id for request in theirs))
    if len(asked_before) == 1:
        return Decision("interaction", asked_before, reason=_no_reply_reason(mail))
    return _ignore(
        f"this address belongs to {len(people)} people in your network, so it is not put on either timeline"
    )


@dataclass(frozen=True)
class _Index:
    by_message_id: dict[str, list[Request]]
    by_person: dict[int, list[Request]]


# A sync decides thousands of mails against the same requests: they are indexed once, and the
# index is used again while the requests are the same (a snapshot compared item by item, which
# costs next to nothing when they are the very same objects; any change makes a new index).
_last_index: tuple[tuple[Request, ...], _Index] | None = None


def _index_of(requests: Sequence[Request]) -> _Index:
    global _last_index
    snapshot = requests if isinstance(requests, tuple) else tuple(requests)
    last = _last_index
    if last is not None and (last[0] is snapshot or last[0] == snapshot):
        return last[1]
    index = _Index({}, {})
    for request in snapshot:
        key = _id_key(request.message_id)
        if key:
            index.by_message_id.setdefault(key, []).append(request)
        index.by_person.setdefault(request.person_id, []).append(request)
    _last_index = (snapshot, index)
    return index


def _may_answer(mail: Mail, request: Request, window: timedelta) -> bool:
    if not request.waiting or mail.date is None:
        return False
    try:
        return request.sent <= mail.date <= request.sent + window
    except (TypeError, OverflowError):  # a naive time from the caller, or a date at the end of time
        return False


def _no_reply_reason(mail: Mail) -> str:
    if mail.date is None:
        return "it has no readable date, so it is not taken as a reply"
    return "no request to them waited for an answer when it was sent"


def _ignore(reason: str) -> Decision:
    return Decision("ignore", (), reason=reason)


@lru_cache(maxsize=65536)  # the same requests' ids, for every mail of a sync
def _id_key(message_id: str) -> str:
    return message_id.strip().strip("<>").strip().lower()


def _day(when: datetime) -> str:
    return f"{when:%Y-%m-%d}"


def _days(window: timedelta) -> str:
    return f"{window.days} days"
