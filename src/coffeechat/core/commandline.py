"""What every `coffeechat` command acting for an account shares: --user and --json."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from coffeechat.accounts.access import account_for_command


def add_account_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME", help="the account to act for (when there are several)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def account_from_options(options: dict[str, Any]) -> User:
    return account_for_command(options.get("user"))


def write_json(command: BaseCommand, data: Any) -> None:
    command.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def write_table(
    command: BaseCommand, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, empty: str
) -> None:
    if not rows:
        command.stdout.write(empty)
        return
    table = Table(*columns, box=None, header_style="bold")
    for row in rows:
        table.add_row(*("" if value is None else str(value) for value in row))
    console = Console(width=140, color_system=None)
    with console.capture() as captured:
        console.print(table)
    command.stdout.write(captured.get().rstrip("\n"))
