"""Joining the community (invitation links, sign-up by email domain), membership, roles and the
community's settings, as staff and people see them."""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from coffeechat.community import alumni, joining
from coffeechat.community.access import ensure_membership, the_community
from coffeechat.community.models import AlumniRecord, Community, Invitation, Membership, VolunteerProfile

pytestmark = pytest.mark.django_db

PASSWORD = "a quiet harbour 1987"


@pytest.fixture(autouse=True)
def community_mode(settings: Any) -> None:
    settings.COMMUNITY_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast accounts


def signed_in(username: str, role: str = "member") -> Client:
    user = User.objects.create_user(username, email=f"{username}@example.org")
    ensure_membership(user, role=role)
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    """The page as a person reads it (entities such as &#x27; as the characters they are)."""
    return html.unescape(response.content.decode())


def link_in(words: str) -> str:
    found = re.search(r"https?://[^\s\"<]+/join/[\w-]+/", words)
    assert found, words
    return found.group(0).split("testserver", 1)[-1]


def test_an_invitation_link_from_staff_makes_an_account_that_is_a_member_at_once() -> None:
    staff = signed_in("ada", role="staff")
    made = staff.post(
        "/community/invitations/", {"role": "member", "days": "14", "max_uses": "2", "note": "Class of 2026"}
    )
    page = text(made)
    assert made.status_code == 200 and "shown only this once" in page and "Class of 2026" in page
    path = link_in(page)
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps(list(Invitation.objects.values()), default=str)

    visitor = Client()
    form = visitor.get(path)
    assert form.status_code == 200 and "Join Our community" in text(form)
    assert Invitation.objects.get().uses == 0  # opening the link (a preview) spends nothing
    joined = visitor.post(
        path, {"email": "Sam.Lee@Example.edu", "display_name": "Sam Lee", "password": PASSWORD}
    )
    assert joined.status_code == 302 and joined["Location"] == "/community/"
    home = text(visitor.get("/community/"))
    assert "Welcome to Our community" in home
    user = User.objects.get(username="sam.lee@example.edu")
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.display_name, membership.email) == (
        "member",
        "Sam Lee",
        "sam.lee@example.edu",
    )
    assert Invitation.objects.get().uses == 1
    # Signing in later works with the email address and the password.
    signing_in = Client().post("/login/", {"username": "sam.lee@example.edu", "password": PASSWORD})
    assert signing_in.status_code == 302


def test_a_join_form_with_a_weak_password_or_a_taken_address_says_so_and_spends_nothing() -> None:
    made = joining.create_invitation(days=3)
    path = f"/join/{made.token}/"
    weak = Client().post(
        path, {"email": "jo@example.edu", "display_name": "Jo", "password": "jo@example.edu"}
    )
    assert weak.status_code == 400 and "Password:" in text(weak)
    User.objects.create_user("kim@example.edu", email="kim@example.edu")
    taken = Client().post(path, {"email": "KIM@example.edu", "display_name": "Kim", "password": PASSWORD})
    assert taken.status_code == 400 and "sign in first" in text(taken)
    assert Invitation.objects.get().uses == 0 and User.objects.count() == 1


def test_a_staff_invitation_makes_a_signed_in_member_staff_and_a_new_account_staff() -> None:
    made = joining.create_invitation(role="staff", days=1, max_uses=2)
    member = signed_in("sam")
    asked = member.get(f"/join/{made.token}/")
    assert "Join Our community as staff" in text(asked)
    assert member.post(f"/join/{made.token}/").status_code == 302
    assert Membership.objects.get(user__username="sam").role == "staff"
    Client().post(
        f"/join/{made.token}/", {"email": "lee@example.edu", "display_name": "Lee", "password": PASSWORD}
    )
    assert Membership.objects.get(user__username="lee@example.edu").role == "staff"
    assert Invitation.objects.get().uses == 2


def test_an_alum_invited_to_volunteer_joins_with_their_address_and_finds_their_profile_unlisted() -> None:
    record = AlumniRecord.objects.create(
        name="Priya Rao",
        email="priya@alumni.example.edu",
        email_key="priya@alumni.example.edu",
        title="Designer",
    )
    staff = User.objects.create_user("ada")
    [invited] = alumni.invite([record], staff)
    path = f"/join/{invited.token}/"
    form = text(Client().get(path))
    assert (
        "invited to volunteer" in form and "priya@alumni.example.edu" in form and 'name="email"' not in form
    )
    visitor = Client()
    joined = visitor.post(path, {"display_name": "Priya Rao", "password": PASSWORD}, follow=True)
    assert joined.redirect_chain[-1][0] == "/community/volunteer/"
    assert "Thank you for volunteering" in text(joined)
    user = User.objects.get(username="priya@alumni.example.edu")
    profile = VolunteerProfile.objects.get(user=user)
    assert (profile.title, profile.listed) == ("Designer", False)
    assert AlumniRecord.objects.get().status == "joined"


def test_an_expired_withdrawn_or_used_up_invitation_gets_a_clear_page_and_lets_nobody_in() -> None:
    expired = joining.create_invitation(days=1)
    Invitation.objects.filter(pk=expired.invitation.pk).update(expires=timezone.now() - timedelta(minutes=1))
    withdrawn = joining.create_invitation(days=5)
    joining.revoke_invitation(withdrawn.invitation.pk)
    used_up = joining.create_invitation(days=5, max_uses=1)
    Invitation.objects.filter(pk=used_up.invitation.pk).update(uses=1)
    cases = {
        expired.token: "This invitation expired on",
        withdrawn.token: "withdrawn by the community's staff",
        used_up.token: "already been used as many times as it allows",
        "not-a-real-token": "not one we know",
    }
    for token, words in cases.items():
        for method in ("get", "post"):
            data = {"email": "x@example.edu", "display_name": "X", "password": PASSWORD}
            page = getattr(Client(), method)(f"/join/{token}/", data if method == "post" else None)
            assert page.status_code == 410 and words in text(page), (token, method)
            assert "This invitation cannot be used" in text(page)
    assert not User.objects.exists()


def test_staff_withdraw_an_invitation_from_the_invitations_page() -> None:
    staff = signed_in("ada", role="staff")
    made = joining.create_invitation(days=5, note="Spring fair")
    assert "Spring fair" in text(staff.get("/community/invitations/"))
    staff.post("/community/invitations/", {"revoke": str(made.invitation.pk)})
    assert "withdrawn" in text(staff.get("/community/invitations/"))
    assert Client().get(f"/join/{made.token}/").status_code == 410


def test_sign_up_by_email_domain_mails_a_link_that_makes_the_account_and_other_domains_are_told_which(
    settings: Any,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Community.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Northfield Alumni",
            "joining": "domains",
            "email_domains": "alumni.northfield.edu",
        },
    )
    visitor = Client()
    refused = visitor.post("/join/", {"email": "sam@gmail.com"})
    assert refused.status_code == 400
    assert "Only addresses at alumni.northfield.edu may join" in text(refused)
    assert not mail.outbox and not Invitation.objects.exists()

    sent = visitor.post("/join/", {"email": "Sam@Alumni.Northfield.edu"})
    assert "We sent a link to <strong>sam@alumni.northfield.edu</strong>" in text(sent)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sam@alumni.northfield.edu"]
    assert mail.outbox[0].from_email == settings.COMMUNITY_MAIL_FROM
    path = link_in(mail.outbox[0].body)
    form = text(visitor.get(path))
    assert "sam@alumni.northfield.edu" in form and 'name="email"' not in form
    joined = visitor.post(path, {"display_name": "Sam Okafor", "password": PASSWORD})
    assert joined.status_code == 302
    assert Membership.objects.get(user__username="sam@alumni.northfield.edu").display_name == "Sam Okafor"
    assert Client().get(path).status_code == 410  # once only

    # Asking again with an address that has an account reads the same; the mail signs them in.
    again = Client().post("/join/", {"email": "sam@alumni.northfield.edu"})
    assert text(again).split("<main")[1] == text(sent).split("<main")[1]
    assert "/signin/" in mail.outbox[1].body and User.objects.count() == 1


def test_the_join_page_without_listed_domains_says_to_ask_for_an_invitation() -> None:
    page = text(Client().get("/join/"))
    assert "invitation link from its staff" in page and 'name="email"' not in page
    assert Client().post("/join/", {"email": "sam@example.edu"}).status_code == 200
    assert not mail.outbox


@pytest.mark.parametrize("path", ["/community/settings/", "/community/invitations/", "/community/members/"])
def test_staff_pages_are_not_found_for_a_member(path: str) -> None:
    member = signed_in("sam")
    assert member.get(path).status_code == 404
    assert member.post(path, {"role": "staff", "user": "1", "name": "Taken over"}).status_code == 404
    assert signed_in("ada", role="staff").get(path).status_code == 200
    assert Membership.objects.get(user__username="sam").role == "member"
    assert the_community().name == "Our community"


def settings_form(**changes: str) -> dict[str, str]:
    values = {
        "name": "Northfield Alumni",
        "joining": "invitation",
        "email_domains": "",
        "open_requests_per_member": "3",
        "remind_after_days": "7",
        "expire_after_days": "3",
        "default_monthly_cap": "4",
        "groups": "",
    }
    return values | changes


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"remind_after_days": "-2"}, "Remind after (days): enter a whole number from 1 to 60."),
        (
            {"open_requests_per_member": "5000"},
            "Open requests per member: enter a whole number from 0 to 20.",
        ),
        ({"expire_after_days": "soon"}, "Expire after (days): enter a whole number from 1 to 60."),
        ({"default_monthly_cap": "0"}, "Default monthly cap: enter a whole number from 1 to 50"),
        ({"joining": "domains"}, "Email domains: list at least one"),
        (
            {"email_domains": "alumni.example.edu, not a domain!"},
            "Email domains: these are not domains: 'not', 'a', 'domain!'",
        ),
        ({"name": "   "}, "Community name:"),
    ],
)
def test_the_settings_form_refuses_bad_values_naming_the_field_and_saves_nothing(
    changes: dict[str, str], words: str
) -> None:
    staff = signed_in("ada", role="staff")
    page = staff.post("/community/settings/", settings_form(**changes))
    assert page.status_code == 400
    assert "Nothing was saved." in text(page) and words in text(page)
    assert the_community().name == "Our community"


def test_staff_save_the_settings_and_zero_open_requests_closes_asking_with_a_warning() -> None:
    staff = signed_in("ada", role="staff")
    groups = "First-generation student\ncareer changer\nCareer changer\n"
    saved = staff.post(
        "/community/settings/",
        settings_form(joining="domains", email_domains="@Alumni.Example.edu\nexample.org", groups=groups),
        follow=True,
    )
    assert "The community's settings are saved." in text(saved)
    community = the_community()
    assert (
        community.name == "Northfield Alumni" and community.email_domains == "alumni.example.edu\nexample.org"
    )
    assert community.groups == "First-generation student\ncareer changer"
    closed = staff.post("/community/settings/", settings_form(open_requests_per_member="0"), follow=True)
    assert "Requests are closed" in text(closed)
    assert "Requests are closed" in text(staff.get("/community/settings/"))
    assert the_community().open_requests_per_member == 0


def test_the_membership_page_keeps_name_mail_and_a_group_from_the_community_list() -> None:
    Community.objects.update_or_create(pk=1, defaults={"groups": "First-generation student\nCareer changer"})
    member = signed_in("sam")
    page = text(member.get("/community/me/"))
    assert "First-generation student" in page and "rather not say" in page
    not_listed = member.post(
        "/community/me/", {"display_name": "Sam", "email": "sam@example.org", "group": "Robots"}
    )
    assert not_listed.status_code == 400 and "Robots is not one of the available choices" in text(not_listed)
    member.post(
        "/community/me/",
        {
            "display_name": " Sam  Lee ",
            "email": "sam@home.example",
            "group": "Career changer",
            "daily_digest": "on",
            "unsubscribed": "on",
        },
    )
    saved = Membership.objects.get(user__username="sam")
    assert (saved.display_name, saved.email, saved.group, saved.daily_digest, saved.unsubscribed) == (
        "Sam Lee",
        "sam@home.example",
        "Career changer",
        True,
        True,
    )


def test_staff_make_a_member_staff_from_the_members_list_and_the_last_staff_member_stays() -> None:
    staff = signed_in("ada", role="staff")
    signed_in("sam")
    ada, sam = User.objects.get(username="ada"), User.objects.get(username="sam")
    listed = text(staff.get("/community/members/?q=sam"))
    assert "Make staff" in listed and "ada@example.org" not in listed
    last = staff.post("/community/members/", {"user": ada.pk, "role": "member"}, follow=True)
    assert "is the only staff member: make someone else staff first" in text(last)
    assert Membership.objects.get(user=ada).role == "staff"
    staff.post("/community/members/", {"user": sam.pk, "role": "staff"})
    assert Membership.objects.get(user=sam).role == "staff"
    stepped_down = staff.post("/community/members/", {"user": ada.pk, "role": "member"}, follow=True)
    assert Membership.objects.get(user=ada).role == "member"
    assert stepped_down.status_code == 200 and "You are a member now, no longer staff." in text(stepped_down)


def test_the_community_command_makes_staff_prints_an_invitation_and_shows_the_settings() -> None:
    User.objects.create_user("ada")
    out = io.StringIO()
    call_command("community", "staff", "ada", stdout=out)
    assert (
        "ada is now staff" in out.getvalue() and Membership.objects.get(user__username="ada").role == "staff"
    )
    out = io.StringIO()
    call_command("community", "invite", "--role", "member", "--days", "14", "--uses", "100", stdout=out)
    token = link_in(out.getvalue()).rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(token_hash=hashlib.sha256(token.encode()).hexdigest())
    assert (invitation.max_uses, invitation.role) == (100, "member")
    assert Client().get(f"/join/{token}/").status_code == 200
    out = io.StringIO()
    call_command("community", "settings", "--json", stdout=out)
    shown = json.loads(out.getvalue())
    assert shown["open_requests_per_member"] == 3 and shown["staff"] == ["ada"]
    with pytest.raises(CommandError, match="--days: an invitation lasts from 1 to 365 days, not 0"):
        call_command("community", "invite", "--days", "0")
    with pytest.raises(CommandError, match="no account named 'nobody'"):
        call_command("community", "staff", "nobody")


def test_joining_pages_are_not_found_outside_community_mode(settings: Any) -> None:
    made = joining.create_invitation(days=3)
    settings.COMMUNITY_MODE = False
    assert Client().get("/join/").status_code == 404
    assert Client().get(f"/join/{made.token}/").status_code == 404
