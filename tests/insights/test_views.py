import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.conversations.models import (
    Meeting,
    MeetingNotes,
    Message,
    PipelineEntry,
    PlannedQuestion,
    Referral,
    Reflection,
)
from coffeechat.explore.models import Exploration
from coffeechat.insights import aggregate, phrases
from coffeechat.insights.models import ItemCuration
from coffeechat.insights.warming import warm_up
from coffeechat.network.models import Organization, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(user: User, make_person: Callable[..., Person]) -> Exploration:
    """Two conversations about nursing: asked warmly and directly, met, noted, reflected on."""
    exploration = Exploration.objects.create(owner=user, text="Nursing leadership")
    now = timezone.now()
    for name, kind, skills, fit in (
        ("Ana Ruiz", "referred_request", "Budgeting, coaching", 4),
        ("Bo Berg", "direct_request", "budgeting", 3),
    ):
        person = make_person(user, name, tie_strength=None)
        Message.objects.create(
            owner=user,
            person=person,
            exploration=exploration,
            kind=kind,
            body="…",
            sent=now - timedelta(days=10),
        )
        PipelineEntry.objects.create(exploration=exploration, person=person, stage="met")
        meeting = Meeting.objects.create(
            owner=user, person=person, exploration=exploration, starts=now - timedelta(days=3)
        )
        PlannedQuestion.objects.create(meeting=meeting, theme="skills", text="Skills?", answer=skills)
        MeetingNotes.objects.create(meeting=meeting, text="Talk to Cy Dahl at City Hospital")
        Reflection.objects.create(meeting=meeting, fit=fit, pursue="yes", appealed="Leading a ward")
    ana = Person.objects.get(name="Ana Ruiz")
    Referral.objects.create(meeting=Meeting.objects.get(person=ana), person=make_person(user, "Cy Dahl"))
    return exploration


def test_insights_compare_show_what_comes_up_and_the_numbers(alex: Client, story: Exploration) -> None:
    page = alex.get("/insights/").content.decode()
    assert "Nursing leadership" in page and "3.5" in page and "Leading a ward" in page
    assert "Budgeting" in page and "chart-funnel" in page and "chart-data" in page
    assert "<th>Asked</th><td>2</td>" in page and "<th>Met</th><td>2</td>" in page
    assert "Cy Dahl" in page  # the referral tree
    mentioned = alex.get("/insights/?kind=people").content.decode()
    assert items_on(mentioned) == [("Cy Dahl", "unconfirmed")]
    assert re.search(r"<td[^>]*>People mentioned</td>\s*<td[^>]*>2</td>", mentioned)
    per_exploration = alex.get(f"/insights/explorations/{story.pk}/").content.decode()
    assert "Insights: Nursing leadership" in per_exploration


def test_items_can_be_renamed_and_the_report_follows(alex: Client, user: User, story: Exploration) -> None:
    alex.post(
        "/insights/items/", {"kind": "skills", "key": "budgeting", "action": "rename", "label": "Budgets"}
    )
    assert ItemCuration.objects.get().label == "Budgets"
    report = alex.get("/insights/report/?format=md")
    text = report.content.decode()
    assert report["Content-Type"].startswith("text/markdown")
    assert text.startswith("# My career exploration") and "Bo Berg" in text
    assert "- Budgets · Skills · 2 conversations · unconfirmed" in text


def items_on(page: str) -> list[tuple[str, str]]:
    """The items of 'What keeps coming up', in order, each with its mark."""
    section = page.split('id="coming-up"')[1].split("</section>")[0]
    return re.findall(r'<span class="item-label">([^<]*)</span> <span class="badge (\w+)">', section)


def test_an_edit_shows_at_once_however_it_was_saved(alex: Client, user: User, story: Exploration) -> None:
    """What the pages keep between visits never outlives the text: an edit shows on the next visit,
    even one written in bulk without signals."""
    Organization.objects.create(owner=user, name="Mercy General", name_key="mercy general")
    before = items_on(alex.get("/insights/").content.decode())
    assert ("Cy Dahl", "unconfirmed") in before and "Mercy General" not in dict(before)
    MeetingNotes.objects.filter(meeting__person__name="Bo Berg").update(text="Trained at Mercy General")
    Reflection.objects.filter(meeting__person__name="Bo Berg").update(skills_to_build="Triage")
    Person.objects.filter(name="Cy Dahl").update(name="Cyrus Dahl")  # no longer named in the notes
    after = items_on(alex.get("/insights/").content.decode())
    assert ("Mercy General", "unconfirmed") in after and ("Triage", "unconfirmed") in after
    assert "Cy Dahl" not in dict(after)
    markdown = alex.get("/insights/report/?format=md").content.decode()
    assert "- Triage · Skills · 1 conversation · unconfirmed" in markdown


def test_after_start_the_first_visit_reads_no_answer_afresh(alex: Client, story: Exploration) -> None:
    """serve works the insights out before its workers fork: their first visit finds every answer
    split and every note searched for names already."""
    alex.get("/insights/")  # the meetings are held, then the server restarts
    phrases._phrases.cache_clear()
    aggregate._name_finder.cache_clear()
    aggregate._KEPT_ITEMS.clear()
    warm_up(wait=True)
    split, found = phrases._phrases.cache_info().misses, aggregate._name_finder.cache_info().misses
    assert split and found
    page = alex.get("/insights/").content.decode()
    assert "Budgeting" in page and "Cy Dahl" in page
    assert phrases._phrases.cache_info().misses == split
    assert aggregate._name_finder.cache_info().misses == found


def test_confirmed_items_come_first_and_the_rest_are_marked(alex: Client, story: Exploration) -> None:
    before = items_on(alex.get("/insights/").content.decode())
    assert before[:2] == [("Budgeting", "unconfirmed"), ("Cy Dahl", "unconfirmed")]
    assert all(mark == "unconfirmed" for _, mark in before)
    alex.post("/insights/items/", {"kind": "skills", "key": "coaching", "action": "confirm", "as": "skills"})
    after = items_on(alex.get("/insights/").content.decode())
    assert after[0] == ("coaching", "confirmed") and ("Budgeting", "unconfirmed") in after[1:]
    markdown = alex.get("/insights/report/?format=md").content.decode()
    coming_up = markdown.split("## What keeps coming up")[1].split("##")[0].strip().splitlines()
    assert coming_up[0] == "- coaching · Skills · 1 conversation"
    assert coming_up[1] == "- Budgeting · Skills · 2 conversations · unconfirmed"
    report = alex.get("/insights/report/").content.decode().split("What keeps coming up")[1]
    assert report.index("coaching") < report.index("Budgeting")
    assert '<span class="badge confirmed">confirmed</span>' in report.split("Budgeting")[0]
    assert '<span class="badge unconfirmed">unconfirmed</span>' in report.split("Budgeting")[1]
    # The exploration's row in the comparison says which skills are confirmed.
    compare = alex.get("/insights/").content.decode().split('id="compare"')[1].split("</section>")[0]
    assert 'coaching<span class="unconfirmed-list">Unconfirmed: Budgeting</span></td>' in compare


def test_confirming_a_term_as_another_kind_moves_it(
    alex: Client, user: User, story: Exploration, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Someone", org="City Hospital")  # so the name is spotted in the notes
    found = items_on(alex.get("/insights/?kind=organizations").content.decode())
    assert found == [("City Hospital", "unconfirmed")]
    alex.post(
        "/insights/items/",
        {"kind": "organizations", "key": "city hospital", "action": "rename", "label": "City"},
    )
    alex.post(
        "/insights/items/",
        {"kind": "organizations", "key": "city hospital", "action": "confirm", "as": "groups"},
    )
    assert items_on(alex.get("/insights/?kind=organizations").content.decode()) == []
    assert items_on(alex.get("/insights/?kind=groups").content.decode()) == [("City", "confirmed")]
    assert ItemCuration.objects.get(kind="groups", key="city hospital").confirmed
    assert not ItemCuration.objects.get(kind="organizations", key="city hospital").confirmed
    # Confirmed back as an organization, it is an organization again: one kind at a time.
    alex.post(
        "/insights/items/",
        {"kind": "groups", "key": "city hospital", "action": "confirm", "as": "organizations"},
    )
    assert items_on(alex.get("/insights/?kind=groups").content.decode()) == []
    assert items_on(alex.get("/insights/?kind=organizations").content.decode()) == [("City", "confirmed")]
    alex.post("/insights/items/", {"kind": "organizations", "key": "city hospital", "action": "unconfirm"})
    assert items_on(alex.get("/insights/?kind=organizations").content.decode()) == [("City", "unconfirmed")]


def test_another_users_insights_are_their_own(
    client_for: Callable[[User], Client], other_user: User, story: Exploration
) -> None:
    sam = client_for(other_user)
    assert sam.get(f"/insights/explorations/{story.pk}/").status_code == 404
    assert "Nursing leadership" not in sam.get("/insights/").content.decode()
    assert "Ana Ruiz" not in sam.get("/insights/report/?format=md").content.decode()


def test_bench_insights_times_the_pages(tmp_path: object) -> None:
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "coffeechat",
            "bench",
            "insights",
            "--conversations",
            "40",
            "--explorations",
            "4",
            "--rounds",
            "3",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    timings = json.loads(result.stdout)["timings"]
    assert [t["name"] for t in timings] == [
        "insights overview",
        "insights of one exploration",
        "report (Markdown)",
    ]
