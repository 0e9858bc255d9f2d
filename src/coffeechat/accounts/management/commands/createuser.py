import getpass
import sys
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Make another account, with a password, for someone who shares this coffeechat."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("name", help="the account name used to sign in")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from standard input instead of asking for it",
        )

    def handle(self, *args: Any, name: str, password_stdin: bool, **options: Any) -> None:
        password = sys.stdin.readline().rstrip("\n") if password_stdin else _ask_password()
        user = create_account(name, password)
        self.stdout.write(self.style.SUCCESS(f"Created the account {user.username!r}."))


def _ask_password() -> str:
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask for a password: use --password-stdin")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise CommandError("the two passwords differ; nothing was created")
    return first


def create_account(name: str, password: str) -> User:
    """A new account, or a CommandError saying what is wrong with the name or password."""
    try:
        UnicodeUsernameValidator()(name)
    except ValidationError:
        raise CommandError(
            f"{name!r} is not a valid account name: use letters, digits and @ . + - _ only"
        ) from None
    if len(name) > 150:
        raise CommandError("an account name can have at most 150 characters")
    if User.objects.filter(username__iexact=name).exists():
        raise CommandError(f"there is already an account named {name!r}")
    candidate = User(username=name)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise CommandError("password: " + " ".join(exc.messages)) from None
    return User.objects.create_user(username=name, password=password)
