"""A user can leave: the account and everything it owns go, after saying what goes; nothing of
another account is touched, and no one can delete an account but their own."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from coffeechat.accounts.deleting import delete_account, owned_models, what_goes
from coffeechat.accounts.signin import create_signin_token
from coffeechat.community.models import Membership, Notice, Request, VolunteerProfile
from coffeechat.conversations.models import Meeting, MeetingNotes, TodayDecision
from coffeechat.explore.models import Exploration, OrganizationInterest
from coffeechat.imports.models import ColumnMapping, ImportChange, ImportReview, ImportRun
from coffeechat.insights.models import ItemCuration
from coffeechat.mail.models import MailAccount
from coffeechat.network.models import Organization, PastPosition, Person, PhoneNumber, ProfileLink
from coffeechat.outreach.models import Digest, DigestItem, MessageTemplate
from tests.browser.filling import fill

pytestmark = pytest.mark.django_db

# Tables of Django's own many-to-many fields on the user, which this app never fills.
NEVER_FILLED = {"auth.User_groups", "auth.User_user_permissions"}


def every_row() -> dict[str, set[object]]:
    return {
        m._meta.label: set(m._default_manager.values_list("pk", flat=True)) for m in apps.get_models(True)
    }


def rows_of(account: User) -> dict[str, set[object]]:
    return {
        model._meta.label: set(model._default_manager.filter(**{path: account}).values_list("pk", flat=True))
        for model, path in owned_models().items()
    }


def fill_everything(account: User) -> None:
    """One of every record an account can own: the browser tests' filled account and the rest."""
    fill(account.username)
    person = Person.objects.filter(owner=account).first()
    organization = Organization.objects.filter(owner=account).first()
    exploration = Exploration.objects.filter(owner=account).first()
    assert person and organization and exploration
    PhoneNumber.objects.create(person=person, raw="030 1234567", e164="+49301234567")
    ProfileLink.objects.create(person=person, url="https://www.linkedin.com/in/someone")
    PastPosition.objects.create(
        person=person, title="Nurse", organization_name="City Hospital", until=date(2020, 1, 1)
    )
    exploration.excluded_people.add(person)
    exploration.excluded_organizations.add(organization)
    OrganizationInterest.objects.create(exploration=exploration, organization=organization, score=4)
    run = ImportRun.objects.create(owner=account, filename="contacts.csv", format="csv", counts={})
    ImportChange.objects.create(run=run, kind="created", person=person)
    ImportReview.objects.create(run=run, record={"name": person.name}, candidate=person, score=0.9)
    ColumnMapping.objects.create(owner=account, name="mine", columns=["Name"], mapping={"name": "Name"})
    MessageTemplate.objects.create(owner=account, kind="direct_request", body="Hi {first_name}")
    TodayDecision.objects.create(owner=account, key="nudge:1", dismissed=True)
    Digest.objects.create(owner=account, on=date(2026, 11, 2), sent=True)
    DigestItem.objects.create(owner=account, key="nudge:1", carried_on=date(2026, 11, 2))
    ItemCuration.objects.create(owner=account, kind="skills", key="figma", confirmed=True)
    create_signin_token(account)
    assert MailAccount.objects.filter(owner=account).exists()  # fill() connects a mailbox now
    # Community mode: a member who also volunteers, with a request received and a notice.
    Membership.objects.get_or_create(
        user=account,
        defaults={
            "display_name": account.username,
            "email": f"{account.username}@example.org",
            "unsubscribe_token": f"unsubscribe-{account.pk}",
        },
    )
    profile, _ = VolunteerProfile.objects.get_or_create(user=account, defaults={"headline": "Nurse educator"})
    asked = Request.objects.create(
        member=account,
        volunteer=profile,
        volunteer_name=account.username,
        exploration_text="nursing",
        pitch="…",
        message="…",
        created=timezone.now(),
        status="accepted",
        person=person,
    )
    Notice.objects.create(recipient=account, kind="accepted", request=asked, subject="Accepted", body="…")


def test_deleting_an_account_leaves_no_row_of_it_and_touches_no_other(user: User, other_user: User) -> None:
    fill_everything(other_user)
    fill_everything(user)
    mine = rows_of(user)
    unfilled = sorted(label for label, pks in mine.items() if not pks and label not in NEVER_FILLED)
    assert not unfilled, f"fill_everything makes none of these yet, so their deletion is untested: {unfilled}"
    before = every_row()
    promised, user_id = what_goes(user), user.pk

    gone = delete_account(user)

    assert gone == promised  # the confirmation named exactly what went
    after = every_row()
    expected = {label: pks - mine.get(label, set()) for label, pks in before.items()}
    expected["auth.User"] = before["auth.User"] - {user_id}
    # A community is shared: members who asked this account's volunteer are told it left, and keep
    # their requests unlinked from it (tests/community/test_leaving.py checks exactly what changes).
    shared = {"community.Notice", "community.Request"}
    changed = sorted(label for label in before if label not in shared and after[label] != expected[label])
    assert not changed, f"rows left of the deleted account, or another's touched, in: {changed}"
    assert any(pks for pks in rows_of(other_user).values())


def test_the_page_says_what_goes_and_offers_a_backup_first(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Ana Ruiz", org="Acme Health")
    make_person(user, "Bo Berg")
    met = Meeting.objects.create(
        owner=user, person=Person.objects.get(name="Bo Berg"), starts="2026-01-05T10:00Z"
    )
    MeetingNotes.objects.create(meeting=met, text="Ask about the night shifts.")
    page = alex.get("/account/delete/").content.decode()
    assert "2 people" in page and "1 organization" in page and "1 meeting<" in page
    assert "1 meeting with notes" in page
    assert 'href="/export/backup.json"' in page and "Download a backup first" in page
    assert "Type the account name, alex, to delete it" in page
    assert User.objects.filter(pk=user.pk).exists() and Person.objects.filter(owner=user).count() == 2
    assert 'href="/account/delete/"' in alex.get("/account/").content.decode()


def test_the_account_goes_only_with_its_name_typed_and_every_session_ends(
    client_for: Callable[[User], Client],
    user: User,
    other_user: User,
    make_person: Callable[..., Person],
) -> None:
    here, elsewhere, sam = client_for(user), client_for(user), client_for(other_user)
    make_person(user, "Ana Ruiz")
    make_person(other_user, "Sam's friend")
    refused = here.post("/account/delete/", {"name": "Alex"}).content.decode()
    assert "That is not this account&#x27;s name (alex); nothing was deleted." in refused
    assert Person.objects.filter(owner=user).exists()

    goodbye = here.post("/account/delete/", {"name": "alex"})
    assert goodbye.status_code == 200
    page = goodbye.content.decode()
    assert "The account alex is deleted" in page and "1 person" in page and 'href="/login/"' in page
    assert not User.objects.filter(username="alex").exists() and not Person.objects.filter(name="Ana Ruiz")
    for client in (here, elsewhere):
        assert client.get("/people/")["Location"].startswith("/login/")
    sessions = [s.get_decoded().get(SESSION_KEY) for s in Session.objects.all()]
    assert sessions == [str(other_user.pk)]  # the deleted account's sessions are gone, not just useless
    assert sam.get("/people/").status_code == 200 and Person.objects.filter(owner=other_user).count() == 1


def test_another_account_cannot_delete_yours(
    client_for: Callable[[User], Client], user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Ana Ruiz")
    sam = client_for(other_user)
    answer = sam.post("/account/delete/", {"name": "alex"})
    assert "nothing was deleted" in answer.content.decode()
    assert User.objects.filter(username="alex").exists() and Person.objects.filter(owner=user).exists()
    assert User.objects.filter(username="sam").exists()


def run(*args: str, stdin: str = "") -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stderr
    sys.stdin, sys.stderr = io.StringIO(stdin), err
    try:
        call_command(*args, stdout=out)
    finally:
        sys.stdin, sys.stderr = saved
    return out.getvalue(), err.getvalue()


def test_deleteaccount_asks_for_the_name_and_says_what_went(
    user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Ana Ruiz", org="Acme Health")
    with pytest.raises(CommandError, match="the name typed differs; nothing was deleted"):
        run("deleteaccount", "alex", stdin="sam\n")
    assert User.objects.filter(username="alex").exists()

    out, asked = run("deleteaccount", "alex", stdin="alex\n")
    assert "1 person" in asked and "Type the account name to delete it" in asked
    assert "Deleted the account 'alex'" in out and "1 organization" in out
    assert not User.objects.filter(username="alex").exists() and User.objects.filter(username="sam").exists()


def test_deleteaccount_yes_json_and_unknown_names(
    other_user: User, make_person: Callable[..., Person]
) -> None:
    make_person(other_user, "Ana Ruiz")
    with pytest.raises(CommandError, match="there is no account named 'nobody'; nothing was deleted"):
        run("deleteaccount", "nobody", "--yes")
    out, _ = run("deleteaccount", "sam", "--yes", "--json")
    assert json.loads(out)["deleted"] == "sam" and json.loads(out)["records"]["person"] == 1
    assert not User.objects.filter(username="sam").exists()


def test_a_deleted_accounts_failed_sign_ins_go_with_it(user: User) -> None:
    from axes.models import AccessAttempt

    Client().post("/login/", {"username": "alex", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert AccessAttempt.objects.filter(username="alex").exists()
    delete_account(user)
    # A new account given the same name later must not start out paused.
    assert not AccessAttempt.objects.filter(username="alex").exists()


def test_a_new_accounts_page_names_its_few_records(user: User, alex: Client) -> None:
    create_signin_token(user)
    page = alex.get("/account/delete/").content.decode()
    assert "1 sign-in link" in page and "other record" not in page
