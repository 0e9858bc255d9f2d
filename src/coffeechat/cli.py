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
    execute_from_command_line(args)
