"""The `coffeechat` console script: Django's management commands with coffeechat's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "coffeechat"

    from coffeechat.lib.env import EnvError

    try:
        # Load settings here, not inside Django's command runner, which would hide a
        # bad setting behind an unrelated "unknown command" message.
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018
    except EnvError as exc:
        sys.stderr.write(f"coffeechat: configuration error: {exc}\n")
        raise SystemExit(2) from None

    from django.core.management import execute_from_command_line

    if len(args) == 1:
        args.append("help")
    if migrates_first(args[1:]):
        migrate_or_exit()
    execute_from_command_line(args)


# Django's own commands that read or write accounts and records; the rest manage the schema,
# the files or the settings, or open a database shell, and need no migrated database.
DJANGO_DATA_COMMANDS = frozenset(
    {"changepassword", "createsuperuser", "clearsessions", "dumpdata", "loaddata", "shell"}
)


def migrates_first(args: list[str]) -> bool:
    """Whether the command named first in `args` needs the database schema up to date.

    Every coffeechat command does, so that any of them works as the very first one on a new
    data directory, unless it says otherwise (`migrate_first = False`: `serve` migrates once
    its port is bound). Asking for help needs nothing.
    """
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()

    name = args[0] if args else ""
    app = get_commands().get(name)
    if app is None or {"-h", "--help", "--version"} & set(args):
        return False
    if app == "axes":
        return True  # django-axes' commands list and clear the failed sign-ins (README: unlocking)
    if not app.startswith("coffeechat."):
        return name in DJANGO_DATA_COMMANDS
    return bool(getattr(load_command_class(app, name), "migrate_first", True))


def migrate_or_exit() -> None:
    """Migrate quietly (keeping a copy of an existing SQLite database first, as serve does)."""
    from django.core.management.base import CommandError

    from coffeechat.core.database import ensure_migrated

    try:
        ensure_migrated()
    except CommandError as exc:
        sys.stderr.write(f"CommandError: {exc}\n")
        raise SystemExit(1) from None
