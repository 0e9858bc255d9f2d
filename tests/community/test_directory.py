"""Volunteering and the directory: volunteers choose what is shown, members find them by meaning."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.community import directory
from coffeechat.community.access import membership_of
from coffeechat.community.directory_sample import make_volunteers
from coffeechat.community.models import Request, VolunteerProfile
from coffeechat.explore.models import Exploration

pytestmark = pytest.mark.django_db

EVERYTHING = list(VolunteerProfile.SHOWABLE)


@pytest.fixture(autouse=True)
def community(settings: Any) -> None:
    settings.COMMUNITY_MODE = True
    directory.forget()


def signed_in(name: str) -> tuple[User, Client]:
    user = User.objects.create_user(name, email=f"{name}@example.edu", first_name=name.title())
    client = Client()
    client.force_login(user)
    client.get("/community/")  # the membership, from the first page
    return user, client


def volunteer(name: str, **fields: Any) -> VolunteerProfile:
    user = User.objects.create_user(name, first_name=name.title())
    membership_of(user)
    fields.setdefault("shown", EVERYTHING)
    return VolunteerProfile.objects.create(user=user, **fields)


def names_found(client: Client, query: str = "", **filters: Any) -> list[str]:
    page = client.get("/community/directory/", {"q": query, **filters}).content.decode()
    return re.findall(r'<a href="/community/volunteers/\d+/(?:\?exploration=\d+)?">([^<]+)</a>', page)


def profile_form(**changes: Any) -> dict[str, Any]:
    form = {"headline": "Product designer, glad to help", "monthly_cap": "4", "shown": EVERYTHING}
    form.update(changes)
    return form


def test_a_member_volunteers_chooses_what_is_shown_and_can_stop_and_come_back() -> None:
    user, client = signed_in("rosa")
    assert "Volunteer" in client.get("/community/volunteer/").content.decode()
    shown = ["headline", "title", "topics"]
    form = profile_form(
        title="Design Researcher",
        organization="Secret Employer",
        topics="patient interviews",
        school="Hidden College",
        ways=["video", "phone"],
        shown=shown,
    )
    response = client.post("/community/volunteer/", form, follow=True)
    assert "You are in the directory" in response.content.decode()
    profile = VolunteerProfile.objects.get(user=user)
    assert profile.listed and profile.shown == shown and profile.ways == ["video", "phone"]

    _, member = signed_in("sam")
    page = member.get(f"/community/volunteers/{profile.pk}/").content.decode()
    assert "Design Researcher" in page and "patient interviews" in page
    assert "Secret Employer" not in page and "Hidden College" not in page and "Phone" not in page
    assert f'href="/community/volunteers/{profile.pk}/ask/"' in page
    listing = member.get("/community/directory/").content.decode()
    assert "Design Researcher" in listing and "Secret Employer" not in listing
    # Hidden fields are not matchable either: not by words, not by filters.
    assert names_found(member, "Secret Employer") == []
    assert names_found(member, organization="Secret") == []
    assert names_found(member, school="Hidden") == []
    assert names_found(member, way="phone") == []
    assert names_found(member, "patient interviews") == ["Rosa"]

    asker = User.objects.get(username="sam")
    Request.objects.create(
        member=asker,
        volunteer=profile,
        volunteer_name="Rosa",
        exploration_text="x",
        pitch="p",
        message="m",
        created=timezone.now(),
    )
    stopped = client.post("/community/volunteer/listing/", {"listed": "0"}, follow=True).content.decode()
    assert "You are out of the directory" in stopped and "1 request sent before still waits for" in stopped
    assert names_found(member) == []
    assert member.get(f"/community/volunteers/{profile.pk}/").status_code == 404
    client.post("/community/volunteer/listing/", {"listed": "1"})
    assert names_found(member) == ["Rosa"]


def test_a_cap_of_zero_and_a_past_pause_are_refused_with_a_clear_message() -> None:
    user, client = signed_in("rosa")
    page = client.post("/community/volunteer/", profile_form(monthly_cap="0")).content.decode()
    assert "A cap of 0 would take no requests at all" in page and "pause until a date instead" in page
    yesterday = timezone.localdate() - timedelta(days=1)
    page = client.post(
        "/community/volunteer/", profile_form(paused_until=yesterday.isoformat())
    ).content.decode()
    assert "has passed: choose a date from today on" in page
    assert not VolunteerProfile.objects.filter(user=user).exists()
    client.post("/community/volunteer/", profile_form())
    client.post("/community/volunteer/", profile_form(monthly_cap="0"))
    assert VolunteerProfile.objects.get(user=user).monthly_cap == 4  # unchanged


def test_meaning_finds_a_design_researcher_for_ux_research_first() -> None:
    volunteer("chris", headline="Polymer chemistry", title="Research Chemist", industry="Chemicals")
    volunteer(
        "dana", headline="I study how patients use apps", title="Design Researcher", industry="Health care"
    )
    volunteer("sam", headline="Backend systems", title="Software Engineer", industry="Software")
    volunteer("ann", headline="Audits and taxes", title="Accountant", industry="Finance")
    _, member = signed_in("milo")
    found = names_found(member, "UX research")
    assert found[0] == "Dana" and "Ann" not in found and "Sam" not in found
    page = member.get("/community/directory/", {"q": "UX research"}).content.decode()
    assert "close in meaning to “UX research”" in page


def test_filters_match_shown_values_and_say_so() -> None:
    volunteer(
        "dana", headline="Research", industry="Health care", location="Boston", school="Tufts", year=2015
    )
    volunteer(
        "eli", headline="Research", industry="Health care", location="Denver", school="Tufts", year=2019
    )
    volunteer("fay", headline="Research", industry="Software", location="Boston", ways=["in_person"])
    _, member = signed_in("milo")
    assert names_found(member, industry="health") == ["Eli", "Dana"]  # newest first without a query
    assert names_found(member, industry="health", location="boston") == ["Dana"]
    assert names_found(member, school="tufts", year="2019") == ["Eli"]
    assert names_found(member, way="in_person") == ["Fay"]
    page = member.get("/community/directory/", {"q": "research", "location": "Boston"}).content.decode()
    assert "in Boston" in page and "Denver" not in page
    typing = member.get(
        "/community/directory/", {"q": "research", "location": "Denver"}, HTTP_HX_REQUEST="true"
    )
    assert "Eli" in typing.content.decode() and "<form" not in typing.content.decode()  # the results only
    assert (
        "Graduation year: A year, such as 2015."
        in member.get("/community/directory/", {"year": "abc"}).content.decode()
    )


def test_room_this_month_is_shown_and_full_or_paused_volunteers_are_marked() -> None:
    free = volunteer("dana", headline="Design research", monthly_cap=3)
    full = volunteer("eli", headline="Design research", monthly_cap=1)
    volunteer("fay", headline="Design research", paused_until=timezone.localdate() + timedelta(days=9))
    asker, member = signed_in("milo")
    now = timezone.now()
    for profile, created in (
        (free, now),
        (full, now),
        (free, now - timedelta(days=40)),
    ):  # last month's: not counted
        Request.objects.create(
            member=asker,
            volunteer=profile,
            volunteer_name="x",
            exploration_text="x",
            pitch="p",
            message="m",
            created=created,
            status="open" if created == now else "declined",
        )
    page = member.get("/community/directory/").content.decode()
    assert "room for 2 more this month" in page and "full this month" in page and "paused until" in page
    assert 'class="badge sensitive">full this month' in page


def test_the_directory_ranked_for_my_exploration_and_anothers_is_404() -> None:
    volunteer("chris", headline="Lab work", title="Research Chemist")
    volunteer("dana", headline="Patients and apps", title="Design Researcher", industry="Health care")
    member_user, member = signed_in("milo")
    mine = Exploration.objects.create(owner=member_user, text="user research in health care")
    other_user, _ = signed_in("nina")
    theirs = Exploration.objects.create(owner=other_user, text="secret plans")
    page = member.get("/community/directory/", {"exploration": mine.pk}).content.decode()
    assert "Ranked for your exploration" in page and names_found(member, exploration=mine.pk)[0] == "Dana"
    assert member.get("/community/directory/", {"exploration": theirs.pk}).status_code == 404
    assert member.get("/community/directory/", {"exploration": "x"}).status_code == 404


def test_the_matrix_follows_edits_without_a_restart() -> None:
    dana = volunteer("dana", headline="Nursing", title="Nurse")
    _, member = signed_in("milo")
    assert names_found(member, "design research") == []
    dana.title, dana.headline = "Design Researcher", "Patient interviews"
    dana.save()
    assert names_found(member, "design research") == ["Dana"]
    dana.shown = ["headline"]
    dana.save()
    assert names_found(member, "design research") == []
    volunteer("eli", headline="Patient interviews")
    assert names_found(member, "patient interviews") == ["Dana", "Eli"]
    VolunteerProfile.objects.filter(pk=dana.pk).delete()  # as when an account is deleted
    assert names_found(member, "patient interviews") == ["Eli"]


def test_invented_volunteers_for_measuring_are_found_like_real_ones() -> None:
    make_volunteers(12, seed=3)
    _, member = signed_in("milo")
    assert len(names_found(member)) == 12
    one = VolunteerProfile.objects.order_by("pk").first()
    assert one is not None and one.vector is not None
    assert f"Volunteer {one.user.username.removeprefix('volunteer')}" in names_found(member, one.title)


def test_pages_of_results(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(directory, "PER_PAGE", 2)
    for n in range(5):
        volunteer(f"v{n}", headline="Design research")
    _, member = signed_in("milo")
    assert len(names_found(member, "design research")) == 2
    last = member.get("/community/directory/", {"q": "design research", "page": 3}).content.decode()
    assert "Page 3 of 3" in last and len(re.findall(r'href="/community/volunteers/\d+/"', last)) == 1
    beyond = member.get("/community/directory/", {"page": 99}).content.decode()
    assert "Page 3 of 3" in beyond and len(re.findall(r'href="/community/volunteers/\d+/"', beyond)) == 1


def test_the_front_page_leads_to_the_directory_and_the_profile() -> None:
    _, member = signed_in("milo")
    page = member.get("/community/").content.decode()
    assert 'href="/community/directory/"' in page and 'href="/community/volunteer/"' in page


def test_serve_reads_the_volunteers_before_its_workers_fork(settings: Any) -> None:
    dana = volunteer("dana", headline="Design research")
    settings.COMMUNITY_MODE = False
    directory.warm_up(wait=True)
    assert directory._MATRIX.snapshot is None  # not a community server: nothing read
    settings.COMMUNITY_MODE = True
    directory.warm_up(wait=True)
    assert directory._MATRIX.snapshot is not None and list(directory._MATRIX.snapshot.ids) == [dana.pk]
