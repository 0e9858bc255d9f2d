import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coffeechat.core.commandline import account_from_options
from coffeechat.exports.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Rebuild an account from a JSON backup made by `coffeechat export --format json`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--replace", action="store_true", help="delete what the account has first")
        parser.add_argument("--user", metavar="NAME", help="the account (when there are several)")

    def handle(self, *args: Any, file: Path, replace: bool, **options: Any) -> None:
        owner = account_from_options(options)
        try:
            text = file.read_text(encoding="utf-8")
            data = json.loads(text)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            if isinstance(exc, json.JSONDecodeError) and _cut_short(text):
                raise CommandError(
                    f"{file}: the backup stops before its end, as when an export or a download is cut "
                    "short; make it again (nothing was changed)"
                ) from None
            raise CommandError(f"{file}: not a JSON file ({exc})") from None
        except ValueError as exc:  # a number of thousands of digits
            raise CommandError(f"{file}: not a JSON file ({exc})") from None
        except RecursionError:
            raise CommandError(f"{file}: not a coffeechat backup (lists inside lists too deeply)") from None
        try:
            counts = restore_backup(owner, data, replace=replace)
        except BackupError as exc:
            raise CommandError(f"{file.name}: {exc}; nothing was changed") from None
        self.stdout.write(
            f"Restored {counts['people']} people, {counts['organizations']} organizations and "
            f"{counts['ties']} ties into {owner.get_username()}."
        )


def _cut_short(text: str) -> bool:
    """A backup is written with its closing brace last, so one that began but has none was cut."""
    return '"coffeechat-backup"' in text[:200] and not text.rstrip().endswith("}")
