"""`coffeechat community alumni load FILE --map name=Full Name,email=Email,...`: staff's bulk load
from a terminal, for files of any size. Thin over community/alumni.py, as the page is. The command
(management/commands/community.py) only hands its sub-command here."""

from __future__ import annotations

from argparse import _SubParsersAction
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coffeechat.community import alumni
from coffeechat.community.access import community_on
from coffeechat.community.alumni_files import FIELDS, open_alumni_file, parse_map_option, suggested_mapping
from coffeechat.core.commandline import write_json
from coffeechat.imports.formats.records import ImportFileError

ACTIONS = ("alumni",)
NO_LIMIT = 1 << 40


def add_actions(actions: _SubParsersAction) -> None:
    group = actions.add_parser("alumni", help="load alumni records from a CSV file (staff's bulk load)")
    sub = group.add_subparsers(dest="alumni_action", required=True, metavar="{load}")
    load = sub.add_parser("load", help="load a CSV file of alumni; the same file again adds nobody twice")
    load.add_argument("file", type=Path)
    load.add_argument(
        "--map",
        default="",
        metavar="FIELD=COLUMN,...",
        help=f"which column holds each field ({', '.join(FIELDS)}); default: columns named like them",
    )
    load.add_argument(
        "--skip-problems",
        action="store_true",
        help="load the good rows and leave out those with problems (without it, any problem loads nothing)",
    )
    load.add_argument("--json", action="store_true", help="print JSON")


def run(command: BaseCommand, action: str, options: dict[str, Any]) -> None:
    if not community_on():
        raise CommandError("community mode is off: set COFFEECHAT_COMMUNITY=true to load alumni")
    path: Path = options["file"]
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    try:
        found = open_alumni_file(path, path.name, max_bytes=NO_LIMIT)
        mapping = parse_map_option(options["map"]) if options["map"] else suggested_mapping(found.columns)
        result = alumni.load_alumni(found, mapping, skip_problems=options["skip_problems"])
    except ImportFileError as exc:
        raise CommandError(f"{path.name}: {exc}. Nothing was loaded.") from None
    except alumni.LoadRefused as refused:
        if options["json"]:
            write_json(
                command,
                {
                    "loaded": False,
                    "rows": refused.check.rows,
                    "bad_rows": refused.check.bad_rows,
                    "problems": refused.check.problem_lines(),
                },
            )
        lines = "\n".join(f"{path.name}: {p}" for p in refused.check.problem_lines())
        raise CommandError(
            f"{lines}\n{path.name}: {refused}: add --skip-problems to leave them out."
        ) from None
    if options["json"]:
        write_json(command, {"loaded": True, "file": path.name, **result.as_dict()})
        return
    command.stdout.write(
        f"{path.name}: {result.added:,} alumni added, {result.updated:,} updated, "
        f"{result.unchanged:,} already here, {result.skipped:,} rows skipped ({result.seconds:.1f} s)."
    )
    for problem in result.problems:
        command.stdout.write(f"Skipped {path.name}: {problem}")
