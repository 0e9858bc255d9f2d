"""`coffeechat mail …`: the user's own mailbox and mail server. Each group of actions lives in its
own module (ACTIONS, add_actions, run), listed in GROUPS: a new sub-command is one more module."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from coffeechat.mail import connect_cli, sync_cli

GROUPS = (connect_cli, sync_cli)


class Command(BaseCommand):
    help = "Connect your mailbox and mail server, and see what is connected."

    def add_arguments(self, parser: ArgumentParser) -> None:
        names = ",".join(name for group in GROUPS for name in group.ACTIONS)
        actions = parser.add_subparsers(dest="action", required=True, metavar="{" + names + "}")
        for group in GROUPS:
            group.add_actions(actions)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        group = next(group for group in GROUPS if action in group.ACTIONS)
        group.run(self, action, options)
