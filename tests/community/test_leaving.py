"""A volunteer who deletes their account with requests waiting: members told, nothing dangling."""

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from coffeechat.accounts.deleting import delete_account
from coffeechat.community.models import Membership, Notice, Request, VolunteerProfile

pytestmark = pytest.mark.django_db


def _member(name: str) -> User:
    user = User.objects.create_user(name)
    Membership.objects.create(
        user=user, display_name=name.title(), email=f"{name}@example.org", unsubscribe_token=f"t-{name}"
    )
    return user


def test_a_volunteer_leaving_closes_their_waiting_requests_and_tells_the_members(settings: object) -> None:
    volunteer, student, alum = _member("vera"), _member("sam"), _member("ali")
    profile = VolunteerProfile.objects.create(user=volunteer, headline="UX researcher at a hospital")

    def ask(member: User, status: str) -> Request:
        return Request.objects.create(
            member=member,
            volunteer=profile,
            volunteer_name="Vera",
            exploration_text="UX research",
            pitch="…",
            message="…",
            created=timezone.now(),
            status=status,
        )

    waiting, accepted = ask(student, "open"), ask(alum, "accepted")
    own = Request.objects.create(  # Vera's own request to another volunteer, with its notice to them
        member=volunteer,
        volunteer=VolunteerProfile.objects.create(user=alum, headline="Data engineer"),
        volunteer_name="Ali",
        exploration_text="data",
        pitch="…",
        message="…",
        created=timezone.now(),
    )
    told_ali = Notice.objects.create(recipient=alum, kind="new_request", request=own, subject="New", body="…")

    delete_account(volunteer)

    waiting.refresh_from_db()
    accepted.refresh_from_db()
    assert waiting.status == "declined" and waiting.closed_reason == "volunteer_left"
    assert waiting.volunteer is None and accepted.volunteer is None and accepted.status == "accepted"
    [notice] = Notice.objects.filter(recipient=student)
    assert "Vera has left the community" in notice.subject and notice.request == waiting
    told_ali.refresh_from_db()
    assert told_ali.request is None  # the request went with Vera's account; Ali's notice stays
    assert not Request.objects.filter(pk=own.pk).exists()
    assert not Notice.objects.filter(recipient=alum, kind="declined").exists()  # Ali's request was not his
