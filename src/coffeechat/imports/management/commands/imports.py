from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coffeechat.core.commandline import (
    account_from_options,
    add_account_arguments,
    write_json,
    write_table,
)
from coffeechat.imports.access import runs_for_user
from coffeechat.imports.undoing import CannotUndo, undo_import


class Command(BaseCommand):
    help = "List past imports, or undo one as a whole."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{list,undo}")
        list_ = actions.add_parser("list", help="past imports, newest first")
        undo = actions.add_parser(
            "undo", help="undo an import: remove whom it added, restore what it changed"
        )
        undo.add_argument("import_id", type=int)
        for sub in (list_, undo):
            add_account_arguments(sub)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        owner = account_from_options(options)
        if action == "undo":
            run = runs_for_user(owner).filter(pk=options["import_id"]).first()
            if run is None:
                raise CommandError(f"there is no import with id {options['import_id']}")
            try:
                result = undo_import(run)
            except CannotUndo as exc:
                raise CommandError(str(exc)) from None
            if options["json"]:
                write_json(self, {"id": run.pk, **result})
            else:
                self.stdout.write(
                    f"Undid the import of {run.filename}: removed {result['deleted']} people, "
                    f"restored {result['restored']}"
                    + (
                        f", removed {result['said']} LinkedIn messages and invitations."
                        if result["said"]
                        else "."
                    )
                )
                for kept in result["kept"]:
                    self.stdout.write(f"Kept {kept['name']} (id {kept['id']}): {kept['why']}.")
            return
        runs = list(runs_for_user(owner)[:200])
        data = [
            {
                "id": r.pk,
                "file": r.filename,
                "format": r.format,
                "created": r.created.isoformat(),
                "counts": r.counts,
                "undone": r.undone.isoformat() if r.undone else None,
                "restored": r.restored,
            }
            for r in runs
        ]
        if options["json"]:
            write_json(self, data)
            return
        rows = [
            (
                d["id"],
                d["created"][:16],
                d["file"],
                d["format"],
                " · ".join(f"{k} {v}" for k, v in d["counts"].items() if v),
                "undone" if d["undone"] else "restored, cannot be undone" if d["restored"] else "",
            )
            for d in data
        ]
        write_table(self, ["id", "when", "file", "format", "counts", ""], rows, empty="No imports yet.")
