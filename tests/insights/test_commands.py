"""`coffeechat report`: the Markdown report from the command line."""

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from coffeechat.conversations.models import Meeting, Reflection
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_explorations(user: User, make_person: Callable[..., Person]) -> list[Exploration]:
    """One conversation each, reflected on."""
    explorations = []
    for text, name, impressions in (
        ("Nursing leadership", "Ana Ruiz", "Calm and generous"),
        ("Data journalism", "Bo Berg", "Deadlines everywhere"),
    ):
        exploration = Exploration.objects.create(owner=user, text=text)
        when = timezone.now() - timedelta(days=5)
        meeting = Meeting.objects.create(
            owner=user, person=make_person(user, name), exploration=exploration, starts=when, held=when
        )
        Reflection.objects.create(meeting=meeting, fit=4, pursue="yes", impressions=impressions)
        explorations.append(exploration)
    return explorations


def test_it_writes_the_markdown_report_to_a_file(two_explorations: list[Exploration], tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    errors = io.StringIO()
    call_command("report", "-o", str(target), stderr=errors)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# My career exploration") and "## Nursing leadership" in text
    assert ": Ana Ruiz: Calm and generous" in text and ": Bo Berg: Deadlines everywhere" in text
    assert f"Wrote {target}" in errors.getvalue()


def test_it_prints_one_explorations_report_without_a_file(two_explorations: list[Exploration]) -> None:
    out = io.StringIO()
    call_command("report", "--exploration", str(two_explorations[1].pk), stdout=out)
    text = out.getvalue()
    assert text.startswith("# Data journalism") and "Bo Berg" in text and "Ana Ruiz" not in text


def test_another_accounts_exploration_is_not_found(
    two_explorations: list[Exploration], other_user: User, tmp_path: Path
) -> None:
    exploration = two_explorations[0]
    with pytest.raises(
        CommandError, match=f"--exploration: there is no exploration with id {exploration.pk}"
    ):
        call_command("report", "--exploration", str(exploration.pk), "--user", "sam")
    with pytest.raises(CommandError, match="No such file or directory"):
        call_command("report", "--user", "alex", "-o", str(tmp_path / "missing" / "report.md"))
    out = io.StringIO()
    call_command("report", "--user", "sam", stdout=out)
    assert "Ana Ruiz" not in out.getvalue() and "No conversations yet." in out.getvalue()
