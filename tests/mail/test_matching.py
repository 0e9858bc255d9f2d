"""decide: every rule that turns a mail into a reply, a question, an interaction, sent mail or nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.mail.matching import REPLY_WINDOW, Decision, Request, decide
from coffeechat.mail.reading import Mail

INES, PRIYA, SAM = 1, 2, 3
OWN = frozenset({"alex@example.com", "Alex.Moreau@Work.example"})
PEOPLE: dict[str, list[int]] = {
    "ines@example.org": [INES],
    "priya@example.net": [PRIYA],
    "sam@example.net": [SAM],
    "family@example.net": [PRIYA, SAM],  # a shared address
}
MONDAY = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
TO_INES = Request(11, 100, INES, "coffeechat.11@alex.example.com", MONDAY, waiting=True)
TO_PRIYA = Request(12, 101, PRIYA, "coffeechat.12@alex.example.com", MONDAY, waiting=True)
MARKED_SENT_TO_SAM = Request(13, None, SAM, "", MONDAY, waiting=True)
REQUESTS = (TO_INES, TO_PRIYA, MARKED_SENT_TO_SAM)


def mail(sender: str = "ines@example.org", *, days_later: float = 1, **fields: object) -> Mail:
    base = Mail(
        message_id="reply@mail.example.org",
        in_reply_to=(),
        references=(),
        sender=sender,
        sender_name="",
        recipients=("alex@example.com",),
        date=MONDAY + timedelta(days=days_later),
        subject="Re: Coffee?",
        text="Sure!",
        calendars=(),
        automatic=False,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def decided(
    message: Mail,
    requests: Sequence[Request] = REQUESTS,
    people: Mapping[str, Sequence[int]] = PEOPLE,
    window: timedelta = REPLY_WINDOW,
) -> Decision:
    return decide(message, own=OWN, people_by_address=people, requests=requests, window=window)


def test_a_mail_from_the_person_after_the_request_is_its_reply() -> None:
    decision = decided(mail())
    assert (decision.kind, decision.person_ids, decision.requests) == ("reply", (INES,), (TO_INES,))
    assert decision.new_address == "" and "2026-11-02" in decision.reason


def test_a_request_marked_sent_by_hand_is_answered_by_address() -> None:
    assert decided(mail("sam@example.net")).requests == (MARKED_SENT_TO_SAM,)


def test_the_thread_beats_the_address() -> None:
    in_thread = mail("ines@example.org", in_reply_to=("<coffeechat.11@alex.example.com>",))
    assert decided(in_thread).requests == (TO_INES,)
    # Two requests to Ines wait; the address alone would ask, the thread knows.
    second = Request(14, 102, INES, "coffeechat.14@alex.example.com", MONDAY + timedelta(hours=1), True)
    by_thread = mail(references=("other@x.org", "coffeechat.14@alex.example.com"))
    decision = decided(by_thread, (*REQUESTS, second))
    assert (decision.kind, decision.requests) == ("reply", (second,))
    assert decided(mail(), (*REQUESTS, second)).kind == "ask"


def test_the_latest_request_named_in_the_thread_is_answered() -> None:
    nudge = Request(15, 100, INES, "coffeechat.15@alex.example.com", MONDAY + timedelta(days=7), True)
    ids = ("coffeechat.11@alex.example.com", "coffeechat.15@alex.example.com")
    decision = decided(mail(days_later=9, references=ids), (TO_INES, nudge))
    assert decision.requests == (nudge,)


def test_a_reply_in_the_thread_from_a_new_address_is_a_reply_and_offers_the_address() -> None:
    decision = decided(mail("ines.duarte@newjob.example", in_reply_to=("coffeechat.11@alex.example.com",)))
    assert (decision.kind, decision.person_ids, decision.requests) == ("reply", (INES,), (TO_INES,))
    assert decision.new_address == "ines.duarte@newjob.example"


def test_message_ids_match_without_brackets_and_case() -> None:
    request = replace(TO_INES, message_id="<CoffeeChat.11@Alex.Example.com>")
    decision = decided(mail("new@x.org", in_reply_to=(" coffeechat.11@ALEX.example.com ",)), (request,))
    assert decision.requests == (request,)


def test_addresses_match_whatever_their_case() -> None:
    assert decided(mail("Ines@EXAMPLE.org")).requests == (TO_INES,)
    own = mail("ALEX.MOREAU@work.example", recipients=("Ines@Example.ORG",))
    assert decided(own).kind == "sent"


def test_a_thread_on_a_conversation_no_longer_waiting_is_an_interaction() -> None:
    answered = replace(TO_INES, waiting=False)
    decision = decided(mail("ines@newjob.example", in_reply_to=(TO_INES.message_id,)), (answered,))
    assert (decision.kind, decision.person_ids, decision.requests) == ("interaction", (INES,), ())
    assert decision.new_address == "ines@newjob.example"


def test_a_thread_answered_by_someone_else_in_the_network_goes_by_their_address() -> None:
    # Ines forwarded the request to Priya, who answers in the thread: Priya's request (if any) is
    # what the address finds, never Ines's.
    decision = decided(mail("priya@example.net", in_reply_to=(TO_INES.message_id,)))
    assert (decision.kind, decision.requests) == ("reply", (TO_PRIYA,))
    assert (
        decided(mail("priya@example.net", in_reply_to=(TO_INES.message_id,)), (TO_INES,)).kind
        == "interaction"
    )


def test_two_waiting_requests_to_one_person_and_only_the_address_ask() -> None:
    later = Request(16, 103, INES, "coffeechat.16@alex.example.com", MONDAY + timedelta(days=2), True)
    decision = decided(mail(days_later=3), (TO_INES, later))
    assert (decision.kind, decision.person_ids, decision.requests) == ("ask", (INES,), (later, TO_INES))
    assert "2 requests" in decision.reason


def test_a_request_sent_after_the_mail_is_not_answered_by_it() -> None:
    later = Request(16, 103, INES, "coffeechat.16@alex.example.com", MONDAY + timedelta(days=2), True)
    decision = decided(mail(days_later=1), (TO_INES, later))
    assert decision.requests == (TO_INES,)
    assert decided(mail(days_later=-1)).kind == "interaction"


def test_mail_outside_the_window_is_not_a_reply() -> None:
    assert decided(mail(days_later=60)).kind == "reply"
    assert decided(mail(days_later=61)).kind == "interaction"
    assert decided(mail(days_later=5), window=timedelta(days=3)).kind == "interaction"


def test_a_thread_match_needs_no_window() -> None:
    late = mail(days_later=200, in_reply_to=(TO_INES.message_id,))
    assert decided(late).kind == "reply"


def test_a_mail_without_a_date_is_not_a_reply_by_address() -> None:
    decision = decided(mail(date=None))
    assert decision.kind == "interaction" and "date" in decision.reason
    assert decided(mail(date=None, in_reply_to=(TO_INES.message_id,))).kind == "reply"


def test_no_waiting_request_makes_an_interaction() -> None:
    answered = replace(TO_INES, waiting=False)
    decision = decided(mail(), (answered,))
    assert (decision.kind, decision.person_ids, decision.requests) == ("interaction", (INES,), ())
    assert decided(mail(), ()).kind == "interaction"


def test_an_automatic_reply_is_never_a_reply() -> None:
    out_of_office = mail(automatic=True, in_reply_to=(TO_INES.message_id,))
    decision = decided(out_of_office)
    assert (decision.kind, decision.person_ids) == ("ignore", ())
    assert "automatic" in decision.reason


def test_unknown_senders_are_ignored() -> None:
    decision = decided(mail("stranger@example.com"))
    assert (decision.kind, decision.person_ids, decision.requests) == ("ignore", (), ())
    assert decision.reason == "no one in your network has this address"
    assert decided(mail("")).kind == "ignore"


def test_the_users_own_mail_is_sent_mail_to_the_known_recipients() -> None:
    own = mail(
        "alex@example.com",
        recipients=(
            "ines@example.org",
            "stranger@example.com",
            "alex.moreau@work.example",
            "priya@example.net",
        ),
    )
    decision = decided(own)
    assert (decision.kind, decision.person_ids, decision.requests) == ("sent", (INES, PRIYA), ())
    assert decided(mail("alex@example.com", recipients=("stranger@example.com",))).kind == "ignore"
    assert decided(mail("alex@example.com", automatic=True)).kind == "ignore"


def test_sent_mail_carrying_a_requests_message_id_names_it() -> None:
    # Drafted here, downloaded as .eml, sent from a mail app: its copy in the Sent folder.
    copy = mail(
        "alex@example.com", message_id="<coffeechat.11@alex.example.com>", recipients=("i@new.example",)
    )
    decision = decided(copy)
    assert (decision.kind, decision.person_ids, decision.requests) == ("sent", (INES,), (TO_INES,))


def test_an_address_shared_by_several_people() -> None:
    # only Priya has a request waiting: hers
    decision = decided(mail("family@example.net"), (TO_PRIYA,))
    assert (decision.kind, decision.person_ids, decision.requests) == ("reply", (PRIYA,), (TO_PRIYA,))
    # both wait: ask, naming both
    both = decided(mail("family@example.net"), (TO_PRIYA, MARKED_SENT_TO_SAM))
    assert (both.kind, set(both.person_ids), len(both.requests)) == ("ask", {PRIYA, SAM}, 2)
    assert "2 people" in both.reason
    # none waits: the one ever asked gets the interaction; otherwise nobody's timeline does
    asked_once = decided(mail("family@example.net"), (replace(TO_PRIYA, waiting=False),))
    assert (asked_once.kind, asked_once.person_ids) == ("interaction", (PRIYA,))
    nobody = decided(mail("family@example.net"), ())
    assert (nobody.kind, nobody.person_ids) == ("ignore", ())


def test_a_list_of_requests_is_read_afresh_each_time() -> None:
    requests = [TO_INES]
    assert decided(mail(), requests).kind == "reply"
    requests[0] = replace(TO_INES, waiting=False)
    assert decided(mail(), requests).kind == "interaction"


times = st.sampled_from([MONDAY + timedelta(days=days) for days in (-1, 0, 0.5, 1, 30, 60, 61, 200)])
requests_strategy = st.lists(
    st.builds(
        Request,
        message_pk=st.integers(1, 50),
        entry_id=st.none() | st.integers(1, 5),
        person_id=st.sampled_from([INES, PRIYA, SAM, 4]),
        message_id=st.sampled_from(["", "a@x", "<B@x>", "c@x"]),
        sent=times,
        waiting=st.booleans(),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(
    requests_strategy,
    st.sampled_from(["ines@example.org", "family@example.net", "alex@example.com", "x@y.z", ""]),
    st.lists(st.sampled_from(["a@x", "b@x", "zzz@x"]), max_size=3),
    st.none() | times,
    st.booleans(),
)
def test_every_decision_keeps_the_promises(
    requests: list[Request], sender: str, thread: list[str], date: datetime | None, automatic: bool
) -> None:
    message = mail(sender, in_reply_to=tuple(thread), date=date, automatic=automatic)
    decision = decided(message, requests)
    assert decision.kind in ("reply", "ask", "interaction", "sent", "ignore")
    if decision.kind == "reply":
        assert len(decision.requests) == 1 and decision.requests[0].waiting
        assert decision.person_ids == (decision.requests[0].person_id,) and not automatic
    if decision.kind == "ask":
        assert len(decision.requests) >= 2 and all(request.waiting for request in decision.requests)
        assert decision.reason
    if decision.kind == "interaction":
        assert len(decision.person_ids) == 1 and not automatic
    if decision.kind == "ignore":
        assert decision.person_ids == () and decision.reason
    if automatic and sender != "alex@example.com":
        assert decision.kind == "ignore"
    if sender == "x@y.z":  # unknown: ignored, unless in a request's thread, then offered
        assert decision.kind == "ignore" or decision.new_address == "x@y.z"
