"""Every community page, tried by the people who should not reach what it holds.

The community's records are shared by design (a volunteer's profile, a request between two members),
so the generic walk of tests/core/test_isolation.py leaves the app out (tests/core/two_accounts.py
names this module). Here the patterns are read from the resolver too, so a new community page is
walked without anyone adding it: a member never reaches staff pages nor another member's request,
a volunteer only the requests made to them, staff no request at all, and nobody (staff included)
sees a member's private people, notes and reflections, a volunteer's hidden fields, or what one
member sent a volunteer, through any page. Outside community mode every one of them is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coffeechat.community import alumni
from coffeechat.community import requests as asking
from coffeechat.community.models import AlumniRecord, Membership, Request, VolunteerProfile
from coffeechat.conversations.meetings import MeetingDetails, schedule_meeting
from coffeechat.conversations.models import MeetingNotes, Reflection
from coffeechat.core.reach import Reach, Route, routes
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person
from coffeechat.network.services import PersonDetails, save_person
from coffeechat.outreach.service import profile_for

pytestmark = pytest.mark.django_db

PRIVATE = "Quokkaprivate"  # the victim's own people, notes and reflections: theirs alone
HIDDEN = "Wombathidden"  # a field of the victim's volunteer profile they chose not to show
SENT = "Otterbetween"  # what the victim sent one volunteer: the two of them alone
PITCH = "I am a nurse moving into user research, and I would value your view of the work."


def _member(name: str, role: str = Membership.Role.MEMBER) -> User:
    user = User.objects.create_user(name, email=f"{name}@example.org")
    Membership.objects.create(
        user=user,
        role=role,
        display_name=f"{name.title()} Lee",
        email=user.email,
        unsubscribe_token=f"t-{name}",
    )
    profile = profile_for(user)
    profile.full_name, profile.pitch = f"{name.title()} Lee", PITCH
    profile.save()
    return user


def _volunteer(user: User, **fields: Any) -> VolunteerProfile:
    defaults = {
        "headline": "UX researcher in health care",
        "title": "UX Researcher",
        "organization": "Northwind Health",
        "topics": "research methods",
        "ways": ["video"],
        "shown": ["headline", "title", "organization", "topics", "ways"],
        "listed": True,
    }
    return VolunteerProfile.objects.create(user=user, **{**defaults, **fields})


def _private_records(alex: User) -> Exploration:
    """A person, a meeting's notes and its reflection, all marked; an exploration whose words go to
    the volunteer asked (SENT) and whose reasons stay private."""
    maria = save_person(
        Person(name=f"Maria {PRIVATE}", title=f"Designer {PRIVATE}", notes=f"met at a fair {PRIVATE}"),
        alex,
        PersonDetails(organization_name=f"Acme {PRIVATE}"),
    )
    exploration = Exploration.objects.create(
        owner=alex, text=f"UX research in health care {SENT}", why=f"I liked the patients {PRIVATE}"
    )
    meeting = schedule_meeting(
        alex,
        maria,
        MeetingDetails(
            starts=timezone.now() - timedelta(days=2), time_zone="UTC", minutes=30, exploration=exploration
        ),
    )
    MeetingNotes.objects.create(meeting=meeting, text=f"portfolios matter {PRIVATE}")
    Reflection.objects.create(meeting=meeting, appealed=f"research {PRIVATE}", impressions=PRIVATE)
    return exploration


@dataclass
class Cast:
    alex: User  # the victim: asked vic, volunteers with two fields hidden, keeps private records
    vic: User  # the volunteer alex asked
    val: User  # another volunteer, not asked
    sam: User  # another member, not a volunteer
    sage: User  # staff
    ids: dict[str, Any]


@pytest.fixture
def cast(settings: Any) -> Cast:
    settings.COMMUNITY_MODE = True
    alex, vic, val, sam = (_member(n) for n in ("alex", "vic", "val", "sam"))
    sage = _member("sage", Membership.Role.STAFF)
    exploration = _private_records(alex)
    alex_profile = _volunteer(alex, location=f"Boston {HIDDEN}", earlier_roles=f"Nurse {HIDDEN}")
    vic_profile = _volunteer(vic)
    _volunteer(val)
    sent = asking.send_request(alex, vic_profile, exploration, f"Hello Vic, could we talk? {SENT}")
    starts = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    asking.accept(sent, asking.Acceptance(answer="Gladly", starts=starts, way="video"))
    record = AlumniRecord.objects.create(
        name="Dana Okafor", email="dana@example.org", email_key="dana@example.org"
    )
    invitation = alumni.invite([record], sage)[0].token
    ids = {
        "volunteer_id": alex_profile.pk,
        "request_id": sent.pk,
        "token": invitation,
        "invitation_token": invitation,
        "unsubscribe_token": "t-alex",
    }
    return Cast(alex, vic, val, sam, sage, ids)


def community_routes() -> list[Route]:
    found = [route for route in routes() if route.name.startswith("community:")]
    assert len(found) > 20, "the community's patterns are not where this walk looks for them"
    return found


def _url(route: Route, ids: dict[str, Any]) -> str:
    return reverse(route.name, kwargs={name: ids[name] for name in route.pattern.pattern.converters})


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: HttpResponse) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


# The victim's ids in the query and form, for a view that might take one without checking whose.
def _their_ids(cast: Cast) -> dict[str, str]:
    exploration = Exploration.objects.get(owner=cast.alex)
    person = Person.objects.filter(owner=cast.alex).first()
    assert person is not None
    return {
        "exploration": str(exploration.pk),
        "person": str(person.pk),
        "request": str(cast.ids["request_id"]),
        "volunteer": str(cast.ids["volunteer_id"]),
        "q": "Maria",
    }


def _staff_only(route: Route) -> bool:
    return bool(getattr(route.pattern.callback, "staff_only", False))


def _names_a_request(route: Route) -> bool:
    return "request_id" in route.pattern.pattern.converters


def _shows(text: str, *markers: str) -> list[str]:
    return [marker for marker in markers if marker in text]


def _try(cast: Cast, who: str, client: Client, route: Route, problems: list[str]) -> int:
    """One person's visit to one pattern, the victim's ids in the query, then in the form."""
    url = _url(route, cast.ids)
    forbidden = (PRIVATE, HIDDEN) if who == "vic" else (PRIVATE, HIDDEN, SENT)
    methods = (
        ["GET"] if who == "sage" else ["GET", "POST"]
    )  # staff's own forms: tests/community/test_staff.py
    first = 0
    for method in methods:
        data = _their_ids(cast)
        response = client.get(url, data) if method == "GET" else client.post(url, data)
        first = first or response.status_code
        where = f"{method} {url} as {who}"
        if response.status_code >= 500:
            problems.append(f"{where}: answered {response.status_code}")
        kept_out = (who == "sam" and _staff_only(route)) or (who != "vic" and _names_a_request(route))
        if kept_out and (
            response.status_code not in (404, 405) or (method, response.status_code) == ("POST", 405)
        ):
            problems.append(f"{where}: answered {response.status_code}, not 404")
        problems += [f"{where}: shows {marker}" for marker in _shows(_text(response), *forbidden)]
    return first


def test_nobody_reaches_another_members_request_staff_pages_or_private_records_through_any_page(
    cast: Cast,
) -> None:
    # What the walk looks for is there to find: on the victim's own pages, and the volunteer's.
    alex = _client(cast.alex)
    assert PRIVATE in alex.get("/people/").content.decode()
    assert HIDDEN in alex.get("/community/volunteer/").content.decode()
    request_page = _client(cast.vic).get(f"/community/requests/{cast.ids['request_id']}/").content.decode()
    assert SENT in request_page and PRIVATE not in request_page
    problems: list[str] = []
    reached: dict[str, int] = {}
    clients = {who: _client(getattr(cast, who)) for who in ("sam", "vic", "sage")}
    for route in community_routes():
        if route.reach is Reach.TOKEN:
            continue  # a secret link is its holder's: walked below, outside community mode
        for who, client in clients.items():
            status = _try(cast, who, client, route, problems)
            if who == "sage":
                reached[route.name] = status
    assert not problems, "\n".join(problems)
    # Staff see their own pages (the CSV too) and no request: the walk above read what they hold.
    staff_pages = [name for name, status in reached.items() if status == 200]
    assert {"community:staff", "community:staff_export", "community:members"} <= set(staff_pages)
    assert reached["community:request"] == 404


def test_a_volunteer_reaches_only_the_requests_made_to_them(cast: Cast) -> None:
    sent = cast.ids["request_id"]
    for path in (f"/community/requests/{sent}/", f"/community/requests/{sent}/meeting.ics"):
        assert _client(cast.vic).get(path).status_code == 200
        assert _client(cast.alex).get(path).status_code == 200
        for who in (cast.val, cast.sam, cast.sage):
            assert _client(who).get(path).status_code == 404, (path, who.username)
    # the other volunteer cannot answer it, nor the member withdraw it for them
    for action in ("accept", "decline", "withdraw"):
        assert _client(cast.val).post(f"/community/requests/{sent}/{action}/", {}).status_code == 404
    listing = _client(cast.val).get("/community/requests/").content.decode()
    assert SENT not in listing and "Alex Lee" not in listing
    assert Request.objects.get(pk=sent).status == Request.Status.ACCEPTED


def test_outside_community_mode_every_community_page_is_404(cast: Cast, settings: Any) -> None:
    settings.COMMUNITY_MODE = False
    problems = []
    staff, nobody = _client(cast.sage), Client()
    for route in community_routes():
        url = _url(route, cast.ids)
        visitors = [("sage", staff)]
        if route.reach in (Reach.TOKEN, Reach.PUBLIC):
            visitors.append(("nobody", nobody))
        for who, client in visitors:
            for method in ("GET", "POST"):
                response = client.get(url) if method == "GET" else client.post(url, {})
                if response.status_code != 404:
                    problems.append(f"{method} {url} as {who}: {response.status_code}")
    assert not problems, "\n".join(problems)
    # nothing changed: the unsubscribe link and the invitation were not spent
    assert not Membership.objects.get(user=cast.alex).unsubscribed
