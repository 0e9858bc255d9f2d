import sys
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from coffeechat.accounts.deleting import delete_account, what_goes
from coffeechat.core.commandline import write_json


class Command(BaseCommand):
    help = "Delete an account and everything it owns, after typing its name (or --yes)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("name", help="the account to delete")
        parser.add_argument("--yes", action="store_true", help="delete without asking to type the name")
        parser.add_argument("--json", action="store_true", help="print what was deleted as JSON")

    def handle(self, *args: Any, name: str, yes: bool, json: bool, **options: Any) -> None:
        account = get_user_model().objects.filter(username=name).first()
        if account is None:
            raise CommandError(f"there is no account named {name!r}; nothing was deleted")
        if not yes:
            confirm_by_name(name, [str(count) for count in what_goes(account)])
        gone = delete_account(account)
        if json:
            write_json(self, {"deleted": name, "records": {count.what: count.number for count in gone}})
            return
        listed = "".join(f"\n  {count}" for count in gone) or "\n  nothing else: it was empty"
        self.stdout.write(self.style.SUCCESS(f"Deleted the account {name!r} and with it:") + listed)


def confirm_by_name(name: str, what_goes: list[str]) -> None:
    """Say what goes and ask for the name, on the terminal (stderr, so --json output stays clean)."""
    listed = "".join(f"\n  {line}" for line in what_goes) or "\n  nothing else: it is empty"
    sys.stderr.write(f"Deleting the account {name!r} deletes, for good:{listed}\n")
    sys.stderr.write(f"Back it up first with: coffeechat export --user {name} -o backup.json\n")
    sys.stderr.write("Type the account name to delete it: ")
    sys.stderr.flush()
    typed = sys.stdin.readline()
    if typed.strip() != name:
        raise CommandError("the name typed differs; nothing was deleted")
