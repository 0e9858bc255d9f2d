"""Nothing a user stored reaches a browser or a shared file as markup: the Markdown downloads show
names and notes as typed, and a stored link with a scheme a browser could run is plain text."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.utils import timezone
from markdown_it import MarkdownIt

from coffeechat.conversations.models import Meeting, Reflection, ResearchItem
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Organization, Person, ProfileLink

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parents[2] / "src" / "coffeechat"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_NOTE = "<script>alert(1)</script> see [here](javascript:alert(2)) ![t](https://evil.example/t.png)"
RUNNABLE = ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", " JaVaScRiPt:alert(1)")


def rendered(markdown: str) -> str:
    """The download as a Markdown viewer shows it (CommonMark passes raw HTML through)."""
    return MarkdownIt("commonmark").render(markdown)


def assert_inert(html: str) -> None:
    """Only the layout the template writes: headings, paragraphs, lists, bold; no tag or link typed."""
    assert set(re.findall(r"</?([a-z0-9]+)", html)) <= {"h1", "h2", "p", "ul", "ol", "li", "strong", "br"}, (
        html
    )


@pytest.fixture
def met(user: User, make_person: Callable[..., Person]) -> Meeting:
    person = make_person(user, HOSTILE_NAME, title="<b>Lead</b>", org="Acme & <i>Sons</i>")
    exploration = Exploration.objects.create(owner=user, text="Care [work](javascript:x)")
    meeting = Meeting.objects.create(
        owner=user,
        person=person,
        exploration=exploration,
        starts=timezone.now() - timedelta(days=2),
        place="<iframe src=//evil.example>",
        video_link="javascript:alert(1)",
    )
    ResearchItem.objects.create(meeting=meeting, label="Their path", notes=HOSTILE_NOTE)
    Reflection.objects.create(meeting=meeting, impressions=HOSTILE_NOTE, appealed="<b>the ward</b>", fit=4)
    return meeting


def test_the_prep_sheet_shows_names_and_notes_as_typed(alex: Client, met: Meeting) -> None:
    download = alex.get(f"/meetings/{met.pk}/prep/?format=md").content.decode()
    html = rendered(download)
    assert_inert(html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Acme &amp; &lt;i&gt;Sons&lt;/i&gt;" in html and "[here](javascript:alert(2))" in html


def test_the_insights_report_shows_names_and_notes_as_typed(alex: Client, met: Meeting) -> None:
    for address in (
        "/insights/report/?format=md",
        f"/insights/report/?format=md&exploration={met.exploration_id}",
    ):
        html = rendered(alex.get(address).content.decode())
        assert_inert(html)
        assert "&lt;img src=x onerror=alert(1)&gt;: &lt;script&gt;" in html, address


def test_every_markdown_template_escapes_what_it_interpolates() -> None:
    """Markdown templates render with autoescape off, so each value passes through `|md`; only
    numbers and dates may go without."""
    numbers = re.compile(
        r"^(forloop\.counter|[\w.]*(minutes|count|conversations|average_fit)|n)(\|pluralize)?$|\|date:"
    )
    templates = sorted(SOURCE.glob("**/templates/**/*.md"))
    assert len(templates) >= 2
    for template in templates:
        for value in re.findall(r"\{\{\s*(.*?)\s*\}\}", template.read_text()):
            assert value.endswith("|md") or numbers.search(value), f"{template.name}: {{{{ {value} }}}}"


@pytest.fixture
def stored_runnable_links(user: User, met: Meeting) -> Meeting:
    """Links saved before they were checked (an old backup, the database by hand)."""
    for url in RUNNABLE:
        ProfileLink.objects.create(person=met.person, url=url)
    ProfileLink.objects.create(person=met.person, url="https://www.linkedin.com/in/ana")
    Organization.objects.filter(pk=met.person.organization_id).update(website=RUNNABLE[1])
    return met


def test_stored_links_with_a_runnable_scheme_are_shown_as_text(
    alex: Client, stored_runnable_links: Meeting
) -> None:
    met = stored_runnable_links
    pages = [
        f"/people/{met.person_id}/",
        f"/organizations/{met.person.organization_id}/",
        f"/meetings/{met.pk}/",
        f"/meetings/{met.pk}/brief/",
    ]
    for address in pages:
        page = alex.get(address).content.decode()
        hrefs = re.findall(r'href="([^"]*)"', page)
        assert not [h for h in hrefs if re.match(r"\s*(javascript|data):", h, re.IGNORECASE)], address
        assert "javascript:alert(1)" in page or "data:text/html" in page, address  # shown, as text
    person_page = alex.get(pages[0]).content.decode()
    assert 'href="https://www.linkedin.com/in/ana"' in person_page


def test_no_template_puts_a_stored_address_in_an_href_unchecked() -> None:
    """Every address field of every model (today: profile links, websites, video links) reaches
    an href only through `{% outside_link %}`, so a new one cannot be missed."""
    fields = {
        f.name for m in apps.get_models() for f in m._meta.get_fields() if isinstance(f, models.URLField)
    }
    assert {"url", "website", "video_link"} <= fields
    # `url` alone is also the name of the pages' own addresses (a search hit's, a timeline line's).
    names = [*sorted(fields - {"url"}), r"links?\.url"]
    unchecked = re.compile(r'href="\{\{\s*[\w.]*?\b(' + "|".join(names) + r")\b")
    for template in SOURCE.glob("**/templates/**/*.html"):
        assert not unchecked.search(template.read_text()), template
