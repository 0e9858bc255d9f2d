"""No main page asks the database once per person, request, tie or meeting on it.

Two accounts are filled alike, the second ten times the first in people, ties, waiting requests,
conversations and meetings; every main page must make the same number of queries for both (a
page that reads one row per item makes ten times as many on the larger one).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls.resolvers import URLResolver
from django.utils import timezone

from coffeechat.conversations import lifecycle
from coffeechat.conversations.models import (
    GiveBack,
    Interaction,
    Meeting,
    MeetingNotes,
    Message,
    PipelineEntry,
    PlannedQuestion,
    Reflection,
    ResearchItem,
)
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Organization, Person, Tie
from coffeechat.network.sample import make_sample_network

pytestmark = pytest.mark.django_db

SLACK = 2  # a page may make a couple more queries on the larger account, never one per item


def _fill(owner: User, scale: int) -> dict[str, Any]:
    """`scale` times a small account: 30 people and 60 ties, 5 waiting requests, 3 conversations
    held and 1 meeting today, per unit; one person with 3 ties of their own and one organization
    with 3 people, per unit."""
    make_sample_network(owner, 30 * scale, ties_per_person=2)
    people = list(Person.objects.filter(owner=owner).order_by("pk"))
    explorations = [
        Exploration.objects.create(owner=owner, text="UX research in health care"),
        Exploration.objects.create(owner=owner, text="Data science in public policy"),
    ]
    org = Organization.objects.create(owner=owner, name="Quokka Health", name_key="quokka health")
    focal, staff, rest = people[0], people[1 : 1 + 3 * scale], people[1 + 3 * scale :]
    Person.objects.filter(pk__in=[p.pk for p in staff]).update(organization=org)
    Tie.objects.filter(owner=owner).filter(person_a=focal).delete()
    Tie.objects.filter(owner=owner).filter(person_b=focal).delete()
    Tie.objects.bulk_create(Tie(owner=owner, person_a=focal, person_b=p, strength=2) for p in staff)
    Person.objects.filter(pk=focal.pk).update(tie_strength=None)  # reached through others: paths are sought

    now = timezone.now()
    waiting, held, today = rest[: 5 * scale], rest[5 * scale : 8 * scale], rest[8 * scale : 9 * scale]
    entries, messages = [], []
    for n, person in enumerate(waiting + held + today):
        exploration = explorations[n % 2]
        stage, kind, asked, about = lifecycle.SCHEDULED, "direct_request", person, None
        if person in waiting:
            stage = lifecycle.REQUEST_SENT
        if person in waiting and n % 5 == 4:  # an introduction asked of someone else
            stage, kind, asked, about = lifecycle.INTRODUCTION_ASKED, "intro_request", rest[-1 - n], person
        sent = now - timedelta(days=30)
        messages.append(
            Message(
                owner=owner,
                person=asked,
                about=about,
                exploration=exploration,
                kind=kind,
                body="…",
                sent=sent,
            )
        )
        entries.append(PipelineEntry(exploration=exploration, person=person, stage=stage))
    PipelineEntry.objects.bulk_create(entries)
    Message.objects.bulk_create(messages)
    # LinkedIn history with everyone (their Interactions): suggestions read it for all at once.
    Interaction.objects.bulk_create(
        Interaction(
            owner=owner,
            person=person,
            at=now - timedelta(days=100 - n),
            channel=Interaction.Channel.LINKEDIN,
            direction=direction,
            source_key=f"linkedin:{person.pk}:{n}",
        )
        for person in people
        for n, direction in enumerate(("sent", "received"))
    )

    meetings = [
        Meeting(
            owner=owner,
            person=person,
            exploration=explorations[n % 2],
            starts=now - timedelta(days=10 + n),
            held=now - timedelta(days=10 + n) + timedelta(minutes=30),
        )
        for n, person in enumerate(held)
    ] + [
        Meeting(
            owner=owner, person=person, exploration=explorations[n % 2], starts=now + timedelta(minutes=5)
        )
        for n, person in enumerate(today)
    ]
    Meeting.objects.bulk_create(meetings)
    meetings = list(Meeting.objects.filter(owner=owner).order_by("pk"))
    PlannedQuestion.objects.bulk_create(
        PlannedQuestion(meeting=m, theme="path", text=f"How did you start? {i}", position=i, answer="By luck")
        for m in meetings
        for i in range(3)
    )
    ResearchItem.objects.bulk_create(ResearchItem(meeting=m, label="Their talk") for m in meetings)
    MeetingNotes.objects.bulk_create(
        MeetingNotes(meeting=m, text="Read the trade journal.") for m in meetings
    )
    Reflection.objects.bulk_create(
        Reflection(meeting=m, fit=3, pursue="maybe", appealed="The people", skills_to_build="SQL")
        for m in meetings[::2]
        if m.held
    )
    return {
        "person": focal.pk,
        "organization": org.pk,
        "exploration": explorations[0].pk,
        "meeting": meetings[-1].pk,
        "query": focal.name.split()[0][:3],
    }


def _pages(ids: dict[str, Any]) -> dict[str, tuple[str, dict[str, str]]]:
    htmx = {"HTTP_HX_REQUEST": "true"}
    return {
        "Today": ("/", {}),
        "everything due": ("/today/", {}),
        "people list": ("/people/", {}),
        "search while typing": (f"/search/?quick=1&q={ids['query']}", htmx),
        "search page": (f"/search/?q={ids['query']}", {}),
        "search on the first letter": (f"/search/?q={ids['query'][0]}", htmx),
        "search for a word said in every meeting": ("/search/?q=trade", htmx),
        "a person": (f"/people/{ids['person']}/", {}),
        "a person's introduction paths": (f"/people/{ids['person']}/paths/", htmx),
        "an organization": (f"/organizations/{ids['organization']}/", {}),
        "organizations": ("/organizations/", {}),
        "suggestions": (f"/explorations/{ids['exploration']}/", {}),
        "the board": (f"/explorations/{ids['exploration']}/board/", {}),
        "a meeting's brief": (f"/meetings/{ids['meeting']}/brief/", {}),
        "a meeting's plan": (f"/meetings/{ids['meeting']}/plan/", {}),
        "insights": ("/insights/", {}),
        "an exploration's insights": (f"/insights/explorations/{ids['exploration']}/", {}),
        "the report": ("/insights/report/", {}),
        "the report in Markdown": ("/insights/report/?format=md", {}),
    }


def _counts(owner: User, ids: dict[str, Any]) -> tuple[dict[str, int], dict[str, str]]:
    """How many queries each page makes, and what it shows."""
    client = Client()
    client.force_login(owner)
    counts, shown = {}, {}
    for name, (url, headers) in _pages(ids).items():
        client.get(url, **headers)  # once first: anything done once per account is done
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
        shown[name] = response.content.decode()
    return counts, shown


def test_no_main_page_asks_once_per_person_request_tie_or_meeting() -> None:
    small_owner = User.objects.create_user("small")
    large_owner = User.objects.create_user("large")
    small, small_pages = _counts(small_owner, _fill(small_owner, 1))
    large, large_pages = _counts(large_owner, _fill(large_owner, 10))
    # the larger account really has ten times the items: ties, things due (Today shows the most
    # urgent and counts the rest; the page of everything due lists them fifty at a time)
    assert large_pages["a person"].count("/ties/") >= 5 * small_pages["a person"].count("/ties/") > 0
    # and conversations: linked where an item came up on insights, listed in the report
    talked = r"\d+ \w+ \d{4}: "  # '12 Nov 2026: Ana Ruiz'
    for page, item in [
        ("insights", "/meetings/"),
        ("the report", "<li>" + talked),
        ("the report in Markdown", "\n- " + talked),
    ]:
        large_count, small_count = (
            len(re.findall(item, found[page])) for found in (large_pages, small_pages)
        )
        assert large_count >= 5 * small_count > 0, (page, item)
    assert "; they answered" in large_pages["suggestions"]  # what was said on LinkedIn, read for all at once
    small_due, large_due = (_due_count(pages) for pages in (small_pages, large_pages))
    assert large_due >= 5 * small_due > 0
    assert "people to ask next" in large_pages["everything due"] and "thank-yous" in large_pages["Today"]
    assert large_pages["Today"].count('class="today-item') == 20 and "more due" in large_pages["Today"]
    grown = {name: (small[name], large[name]) for name in small if large[name] > small[name] + SLACK}
    table = "\n".join(f"{name}: {small[name]} -> {large[name]}" for name in small)
    assert not grown, f"queries per page, small -> ten times larger account:\n{table}"


def _due_count(pages: dict[str, str]) -> int:
    return int(re.findall(r"Everything due \((\d+)\)", pages["everything due"])[0])


def _plans(queries: CaptureQueriesContext) -> list[str]:
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plans += [f"{row[3]}   <- {query['sql']}" for row in cursor.fetchall()]
    return plans


def test_a_persons_page_reads_what_its_panel_and_timeline_share_once() -> None:
    """The conversation panel and the timeline show the same meetings and give-backs, and the
    timeline the messages to and about the person: each is read once (every query is a round trip
    on PostgreSQL), and once more, summed, for the next check-in's dates, when there is a meeting held."""
    owner = User.objects.create_user("alex")
    ids = _fill(owner, 1)
    focal, other = Person.objects.get(pk=ids["person"]), Person.objects.exclude(pk=ids["person"]).first()
    now = timezone.now()
    meeting = Meeting.objects.create(owner=owner, person=focal, starts=now - timedelta(days=3), held=now)
    GiveBack.objects.create(
        owner=owner, person=focal, kind="article", note="The trade journal", on=now.date()
    )
    Message.objects.bulk_create(
        [
            Message(owner=owner, person=focal, kind="thank_you", subject="Thanks", body=".", sent=now),
            Message(owner=owner, person=other, about=focal, kind="intro_request", body=".", sent=now),
        ]
    )
    client = Client()
    client.force_login(owner)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/people/{focal.pk}/").content.decode()
    panel, timeline = page.split('id="conversation"')[1].split('id="timeline"')
    assert meeting.get_absolute_url() in panel and meeting.get_absolute_url() in timeline
    assert (
        "The trade journal" in panel
        and "give-back: sent an article or a resource: The trade journal" in timeline
    )
    assert "(email): “Thanks”" in timeline and f", to {other.name}" in timeline
    reads = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries.captured_queries]  # type: ignore[union-attr]
    shared = ("conversations_meeting", "conversations_giveback", "conversations_message")
    assert [reads.count(table) for table in shared] == [2, 2, 2], reads
    # Someone never met and on no list (most of a network): no check-in dates, no events to read.
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/people/{other.pk}/").content.decode()
    assert "Check-ins start after your first meeting." in page
    reads = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries.captured_queries]  # type: ignore[union-attr]
    assert [reads.count(table) for table in (*shared, "conversations_conversationevent")] == [1, 1, 1, 0], (
        reads
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner, without statistics")
def test_a_persons_ties_and_today_are_read_through_indexes_not_the_whole_account() -> None:
    """SQLite without statistics turns an added owner condition into a walk of the owner's whole
    index: a person's ties must be found by the person, and nothing on Today scans a table."""
    owner = User.objects.create_user("alex")
    ids = _fill(owner, 1)
    client = Client()
    client.force_login(owner)
    with CaptureQueriesContext(connection) as person_page:
        client.get(f"/people/{ids['person']}/")
    tie_reads = [plan for plan in _plans(person_page) if " network_tie " in plan]
    assert tie_reads and all("(person_a_id=?)" in p or "(person_b_id=?)" in p for p in tie_reads), tie_reads
    with CaptureQueriesContext(connection) as today:
        client.get("/")
    scans = [
        plan for plan in _plans(today) if plan.startswith("SCAN") and not plan.startswith("SCAN subquery")
    ]
    assert not scans, scans
    # The newest few people, and the strongest colleague of each waiting request, are read off an
    # index in order, not all the owner's people (or all the colleagues) sorted.
    everyone = '<- SELECT "network_person"', 'WHERE "network_person"."owner_id" = '
    sorted_all = [
        p
        for p in _plans(today)
        if "TEMP B-TREE" in p and (all(part in p for part in everyone) or '"next_at_organization"' in p)
    ]
    assert not sorted_all, sorted_all


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner, without statistics")
def test_suggestions_read_people_by_title_or_id_never_all_the_owners_people() -> None:
    """The distinct titles are read by one index probe each and people counted under the matching
    titles only, not every person of the network grouped by title (35-55 ms at 100,000 people)."""
    owner = User.objects.create_user("alex")
    ids = _fill(owner, 1)
    client = Client()
    client.force_login(owner)
    with CaptureQueriesContext(connection) as suggestions:
        response = client.get(f"/explorations/{ids['exploration']}/")
    assert response.status_code == 200
    people_reads = [p for p in _plans(suggestions) if p.split("<-")[0].split()[1:2] == ["network_person"]]
    assert people_reads, "no person read"
    whole = [p for p in people_reads if p.startswith("SCAN") or "(owner_id=?)" in p]
    assert not whole, whole


def _counting_reverses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address reversed from now on, by pattern."""
    reversed_addresses: list[str] = []
    reverse = URLResolver._reverse_with_prefix
    monkeypatch.setattr(
        URLResolver,
        "_reverse_with_prefix",
        lambda self, *args, **kw: (reversed_addresses.append(args[0]), reverse(self, *args, **kw))[1],
    )
    return reversed_addresses


def test_the_suggestions_page_reverses_each_address_once_not_once_per_suggestion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner = User.objects.create_user("alex")
    exploration = Exploration.objects.create(owner=owner, text="UX research")
    for n in range(60):
        Person.objects.create(owner=owner, name=f"Uma {n}", name_key=f"uma {n}", title="UX Researcher")
    client = Client()
    client.force_login(owner)
    reversed_addresses = _counting_reverses(monkeypatch)
    counts, shown = [], []
    for more in (25, 50):
        reversed_addresses.clear()
        page = client.get(f"/explorations/{exploration.pk}/?shown={more}").content.decode()
        counts.append(len(reversed_addresses))
        shown.append(page.count("Not for this:"))
    assert shown == [25, 50]
    assert counts[1] == counts[0], counts


def test_a_persons_page_reverses_each_address_once_however_many_ties(monkeypatch: pytest.MonkeyPatch) -> None:
    owner = User.objects.create_user("alex")
    few, many = (Person.objects.create(owner=owner, name=n, name_key=n.lower()) for n in ("Few", "Many"))
    for n in range(40):
        other = Person.objects.create(owner=owner, name=f"Uma {n}", name_key=f"uma {n}")
        Tie.objects.create(owner=owner, person_a=many if n >= 4 else few, person_b=other)
    client = Client()
    client.force_login(owner)
    client.get(f"/people/{few.pk}/")
    reversed_addresses = _counting_reverses(monkeypatch)
    counts = []
    for person in (few, many):
        reversed_addresses.clear()
        page = client.get(f"/people/{person.pk}/").content.decode()
        counts.append((page.count("Remove the tie with"), len(reversed_addresses)))
    assert [ties for ties, _ in counts] == [4, 36]
    assert counts[1][1] == counts[0][1], counts
