"""What `coffeechat` commands share: --user, --json, sub-commands, errors that name the option, output."""

from __future__ import annotations

import json
import os
import tempfile
from argparse import ArgumentParser
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from rich.console import Console
from rich.table import Table

from coffeechat.accounts.access import account_for_command

OwnedModel = TypeVar("OwnedModel", bound=Model)


def add_account_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME", help="the account to act for (when there are several)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def add_actions(parser: ArgumentParser, actions: Mapping[str, str]) -> dict[str, ArgumentParser]:
    """Sub-commands (`list`, `add` …) by name, with their help; each takes --user and --json."""
    chosen = parser.add_subparsers(dest="action", required=True, metavar="{" + ",".join(actions) + "}")
    parsers = {name: chosen.add_parser(name, help=text) for name, text in actions.items()}
    for sub in parsers.values():
        add_account_arguments(sub)
    return parsers


def account_from_options(options: dict[str, Any]) -> User:
    return account_for_command(options.get("user"))


def get_or_fail(owned: QuerySet[OwnedModel], object_id: int, what: str, option: str = "") -> OwnedModel:
    """One of the account's records by id; another account's is as unknown as one never made."""
    found = owned.filter(pk=object_id).first()
    if found is None:
        raise CommandError(f"{option + ': ' if option else ''}there is no {what} with id {object_id}")
    return found


def form_problems(form: BaseForm, names: Mapping[str, str] | None = None) -> CommandError:
    """A form's errors, each under what the user typed: --field, unless `names` says otherwise."""
    names = names or {}
    problems = [
        " ".join(errors) if field == "__all__" else f"{names.get(field, '--' + field)}: {' '.join(errors)}"
        for field, errors in form.errors.items()
    ]
    return CommandError(" ".join(problems))


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


def write_output(command: BaseCommand, text: str, path: Path | None) -> None:
    """Write to the file, or to standard output when there is none."""
    if path is None:
        command.stdout.write(text, ending="")
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from None
    command.stderr.write(f"Wrote {path}")


def write_output_in_chunks(command: BaseCommand, chunks: Iterable[str], path: Path | None) -> None:
    """Write text as it comes, never held whole: to standard output, or to the file only once it is
    complete (into a hidden file beside it, renamed over it at the end), so a failure midway
    leaves any earlier file as it was and no half-written one."""
    if path is None:
        for chunk in chunks:
            command.stdout.write(chunk, ending="")
        command.stdout.flush()
        return
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False
        ) as part:
            try:
                for chunk in chunks:
                    part.write(chunk)
                part.flush()
                os.fsync(part.fileno())
            except BaseException:
                part.close()
                os.unlink(part.name)
                raise
        os.replace(part.name, path)
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from None
    command.stderr.write(f"Wrote {path}")
