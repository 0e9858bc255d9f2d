"""The staff dashboard: its arithmetic without a database, then its figures on a small known set,
groups too small to show, the CSV, and who may see it (staff only; never a member's own notes)."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.community import dashboard, figures
from coffeechat.community.models import Membership, Request, VolunteerProfile
from coffeechat.network.models import Person

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


# --- pure ---------------------------------------------------------------------------------------


def test_median_of_odd_and_even_counts_reads_the_middle_positions() -> None:
    assert dashboard.median_positions(5) == (2, 2) and dashboard.median_positions(4) == (1, 2)
    assert dashboard.median([3, 1, 2]) == 2 and dashboard.median([4, 1, 3, 2]) == 2.5
    assert dashboard.median([]) is None


def test_a_group_of_fewer_than_five_people_shows_its_name_and_nothing_else() -> None:
    small = dashboard.GroupFigures("first-generation", people=4, sent=12, answered=10, accepted=8)
    big = dashboard.GroupFigures("career changer", people=5, sent=10, answered=8, accepted=4)
    assert small.cells() == ("first-generation", "fewer than 5", "", "", "")
    assert small.answer_rate is None
    assert big.cells() == ("career changer", "5", "10", "80%", "40%")
    assert dashboard.percent(dashboard.rate(1, 0)) == "–"


def test_months_run_newest_first_with_empty_months_as_zeros() -> None:
    rows = [dashboard.Month(date(2026, 9, 1), sent=2), dashboard.Month(date(2025, 11, 1), sent=1)]
    months = dashboard.monthly(rows, last=date(2026, 11, 20), at_least=3)
    assert months[0].month == date(2026, 11, 1) and months[0].sent == 0
    assert months[2].sent == 2 and months[-1] == rows[1] and len(months) == 13
    assert dashboard.duration_words(timedelta(hours=60)) == "2.5 days"
    assert dashboard.duration_words(timedelta(seconds=50)) == "1 minute"  # the staff page read "1 minutes"
    assert dashboard.over_cap(4, 4) and not dashboard.over_cap(3, 4)


# --- with the database --------------------------------------------------------------------------


def _member(name: str, group: str = "", role: str = "member") -> User:
    user = User.objects.create_user(name, email=f"{name}@example.edu")
    Membership.objects.create(
        user=user, role=role, display_name=name.title(), email=user.email, group=group, unsubscribe_token=name
    )
    return user


def _volunteer(name: str, cap: int = 4) -> VolunteerProfile:
    return VolunteerProfile.objects.create(
        user=_member(name), headline=f"{name.title()} at work", monthly_cap=cap
    )


def _ask(member: User, volunteer: VolunteerProfile, status: str, created: datetime, **more: Any) -> Request:
    return Request.objects.create(
        member=member,
        volunteer=volunteer,
        volunteer_name=volunteer.headline,
        exploration_text="UX research",
        pitch="pitch",
        message="message",
        status=status,
        created=created,
        **more,
    )


@pytest.fixture
def known_set(settings: Any, db: None) -> dict[str, Any]:
    """Seven requests: five members of 'career changer', two of 'veteran' (too few to show)."""
    settings.COMMUNITY_MODE = True
    busy, quiet = _volunteer("vera", cap=2), _volunteer("quinn")
    changers = [_member(f"changer{i}", "career changer") for i in range(5)]
    veterans = [_member(f"vet{i}", "veteran") for i in range(2)]
    this_month = NOW - timedelta(days=3)
    hours = timedelta(hours=1)
    _ask(
        changers[0], busy, "accepted", this_month, answered=this_month + 2 * hours, meeting_starts=NOW - hours
    )
    _ask(
        changers[1], busy, "accepted", this_month, answered=this_month + 4 * hours, meeting_starts=NOW + hours
    )
    _ask(
        changers[2], busy, "declined", NOW - timedelta(days=40), answered=NOW - timedelta(days=40) + 6 * hours
    )
    _ask(changers[3], busy, "expired", NOW - timedelta(days=40))
    _ask(changers[4], busy, "open", NOW - hours)
    _ask(
        veterans[0], busy, "accepted", NOW - timedelta(days=40), answered=NOW - timedelta(days=40) + 8 * hours
    )
    _ask(veterans[1], busy, "open", NOW - hours)
    # A member's own private note: never on the dashboard.
    Person.objects.create(owner=changers[0], name="Priya Raman", notes="SECRET-NOTE wants to leave Acme")
    return {"busy": busy, "quiet": quiet}


def test_the_figures_of_a_small_known_set(known_set: dict[str, Any]) -> None:
    found = figures.figures(NOW)
    t = found.totals
    assert (t.sent, t.answered, t.accepted, t.declined, t.expired, t.open) == (7, 4, 3, 1, 1, 2)
    assert t.meetings_held == 1  # the other accepted meeting is still ahead
    assert t.median_answer == timedelta(hours=5)  # 2, 4, 6, 8 hours
    assert [(v.name, v.asked_this_month, v.cap) for v in found.overloaded] == [("Vera", 4, 2)]
    assert [v.name for v in found.never_asked] == ["Quinn"]
    groups = {g.group: g.cells() for g in found.groups}
    assert groups == {
        "career changer": ("career changer", "5", "5", "60%", "40%"),
        "veteran": ("veteran", "fewer than 5", "", "", ""),
    }
    november, october = found.months[0], found.months[1]
    assert (november.month, november.sent, november.accepted) == (date(2026, 11, 1), 4, 2)
    assert (october.month, october.sent, october.expired, october.declined) == (date(2026, 10, 1), 3, 1, 1)


def test_the_page_and_its_csv_show_counts_never_a_members_notes_and_only_to_staff(
    known_set: dict[str, Any],
) -> None:
    _ask(_member("mallory", "=HYPERLINK(1)"), known_set["quiet"], "open", NOW)
    staff = Client()
    staff.force_login(_member("stella", role="staff"))
    page = staff.get("/community/staff/").content.decode()
    assert "requests sent" in page and "Vera" in page and "fewer than 5" in page
    assert "SECRET-NOTE" not in page and "Priya Raman" not in page
    export = staff.get("/community/staff/export.csv")
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(export.content.decode().splitlines()))
    assert ["totals", "requests sent", "8", "", "", ""] in rows
    assert ["groups", "'=HYPERLINK(1)", "fewer than 5", "", "", ""] in rows  # never a formula
    assert ["groups", "veteran", "fewer than 5", "", "", ""] in rows
    assert "SECRET-NOTE" not in export.content.decode()
    home = staff.get("/community/").content.decode()
    assert 'href="/community/staff/"' in home and 'href="/community/staff/alumni/"' in home
    member = Client()
    member.force_login(User.objects.get(username="changer0"))
    assert member.get("/community/staff/").status_code == 404
    assert member.get("/community/staff/export.csv").status_code == 404
    assert 'href="/community/staff/"' not in member.get("/community/").content.decode()
