import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from coffeechat.core import lan as core_lan
from coffeechat.lib.serving import forget_serving, record_serving

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    import sys

    saved, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        call_command(*args, stdout=out)
    finally:
        sys.stdin = saved
    return out.getvalue()


def test_createuser_makes_an_account_with_a_password() -> None:
    assert "Created the account 'robin'" in run(
        "createuser", "robin", "--password-stdin", stdin="tea and biscuits 99\n"
    )
    assert User.objects.get(username="robin").check_password("tea and biscuits 99")


@pytest.mark.parametrize(
    ("name", "password", "problem"),
    [
        ("robin hood", "tea and biscuits 99", "not a valid account name"),
        ("robin", "123", "password: This password is too short"),
    ],
)
def test_createuser_says_what_is_wrong_and_creates_nothing(name: str, password: str, problem: str) -> None:
    with pytest.raises(CommandError, match=problem):
        run("createuser", name, "--password-stdin", stdin=password + "\n")
    assert not User.objects.exists()


def test_createuser_refuses_a_taken_name(user: User) -> None:
    with pytest.raises(CommandError, match="already an account named 'ALEX'"):
        run("createuser", "ALEX", "--password-stdin", stdin="tea and biscuits 99\n")


def test_signin_prints_a_link_for_the_chosen_account(user: User, other_user: User) -> None:
    with pytest.raises(CommandError, match="several accounts; choose one with --user"):
        run("signin")
    link = run("signin", "--user", "sam", "--port", "9001").strip()
    assert link.startswith("http://127.0.0.1:9001/signin/")


def test_signin_links_to_where_serve_is_running(user: User, settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    record_serving(tmp_path, "http://127.0.0.1:8123")
    assert run("signin").startswith("http://127.0.0.1:8123/signin/")
    # Asked for another address, it prints that one.
    assert run("signin", "--port", "9001").startswith("http://127.0.0.1:9001/signin/")
    forget_serving(tmp_path)
    assert run("signin").startswith("http://127.0.0.1:8000/signin/")


def test_signin_ignores_a_server_that_is_gone(user: User, settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    settings.PUBLIC_URL = "https://coffee.example.org"
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    record_serving(tmp_path, "http://127.0.0.1:8123", pid=int(finished.stdout))
    assert run("signin").startswith("https://coffee.example.org/signin/")


def test_signin_for_a_phone_uses_the_port_serve_runs_on(
    user: User, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(core_lan, "find_lan_address", lambda: "192.168.1.20")
    record_serving(tmp_path, "http://192.168.1.20:9002")
    assert run("signin", "--lan").startswith("http://192.168.1.20:9002/signin/")
