from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

from coffeechat.core.commandline import (
    account_from_options,
    add_account_arguments,
    write_json,
    write_table,
)
from coffeechat.imports.applying import ImportRefused, apply_plan
from coffeechat.imports.formats.detect import FORMATS
from coffeechat.imports.formats.linkedin_export import read_folder
from coffeechat.imports.formats.records import ImportFileError
from coffeechat.imports.mappings import mapping_for
from coffeechat.imports.service import plan_summary, preview
from coffeechat.network.access import people_for_user

BAR_FROM_ROWS = 2000


class Command(BaseCommand):
    help = (
        "Import contacts: LinkedIn Connections.csv or the whole LinkedIn export (folder or .zip: "
        "messages and invitations too), Google or Outlook CSV, vCard, or any CSV."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS])
        parser.add_argument("--dry-run", action="store_true", help="show what would happen, write nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, report the rest"
        )
        parser.add_argument(
            "--network-of",
            metavar="PERSON_ID",
            type=int,
            help="the file is this person's contacts: import them as people they know",
        )
        parser.add_argument("--mapping", metavar="NAME", help="a saved column mapping (CSV format)")
        parser.add_argument(
            "--keep-texts",
            action="store_true",
            help="a LinkedIn export (folder or .zip): keep the messages' texts, not only who wrote and when",
        )
        add_account_arguments(parser)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        owner = account_from_options(options)
        network_of = None
        if options["network_of"] is not None:
            network_of = people_for_user(owner).filter(pk=options["network_of"]).first()
            if network_of is None:
                raise CommandError(f"--network-of: there is no person with id {options['network_of']}")
        mapping = mapping_for(owner, options["mapping"]) if options["mapping"] else None
        try:
            # A folder is LinkedIn's export unpacked: read in place, only the files it needs.
            export = read_folder(file, settings.IMPORT_MAX_BYTES) if file.is_dir() else None
            data = b"" if export else file.read_bytes()
            plan = preview(
                owner, data, fmt=options["format"], mapping=mapping, network_of=network_of, export=export
            )
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        except ImportFileError as exc:
            raise CommandError(f"{file.name}: {exc}") from None
        summary = plan_summary(plan, file.name)
        if plan.parsed.format == "csv" and not plan.rows:
            raise CommandError(
                f"{file.name}: no column holds a name; "
                f"columns are {', '.join(plan.parsed.columns)}. "
                "Map them in the web import, save the mapping, and pass --mapping NAME"
            )
        run = None
        if not options["dry_run"]:
            try:
                run = self._apply(plan, owner, file.name, options["skip_invalid"], options["keep_texts"])
            except ImportRefused as exc:
                self._report(summary, options)
                raise CommandError(f"{file.name}: {exc}; fix the lines above or use --skip-invalid") from None
        summary["import_id"] = run.pk if run else None
        if run is not None:
            summary["counts"] = run.counts  # with what a LinkedIn export's history recorded
        summary["dry_run"] = options["dry_run"]
        self._report(summary, options)

    def _apply(self, plan: Any, owner: Any, filename: str, skip_invalid: bool, keep_texts: bool) -> Any:
        if len(plan.rows) < BAR_FROM_ROWS:
            return apply_plan(plan, owner, filename, skip_invalid=skip_invalid, keep_texts=keep_texts)
        console = Console(stderr=True)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(f"Importing {filename}", total=None)

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, description=f"Importing {filename}: {stage}", completed=done, total=total)

            return apply_plan(
                plan, owner, filename, skip_invalid=skip_invalid, progress=progress, keep_texts=keep_texts
            )

    def _report(self, summary: dict[str, Any], options: dict[str, Any]) -> None:
        if options["json"]:
            write_json(self, summary)
            return
        self.stdout.write(f"{summary['file']}: {summary['format_name']}, {summary['encoding']}")
        if export := summary.get("export"):
            if export["ignored"]:
                self.stdout.write(f"Left aside: {', '.join(export['ignored'])}")
            for note in export["notes"]:
                self.stdout.write(note[0].upper() + note[1:] + ".")
        if summary["network_of"]:
            self.stdout.write(f"People {summary['network_of']} knows")
        self.stdout.write("  " + " · ".join(f"{k} {v}" for k, v in summary["counts"].items()))
        if summary["problems"]:
            self.stdout.write("Problems:")
            for problem in summary["problems"][:50]:
                self.stdout.write(f"  {'error' if problem['error'] else 'note '}  {problem['message']}")
            if len(summary["problems"]) > 50:
                self.stdout.write(f"  … and {len(summary['problems']) - 50} more")
        rows = [
            (
                r["where"],
                r["action"],
                r["name"],
                r["title"],
                r["organization"],
                "; ".join(r["changes"]),
            )
            for r in summary["rows"]
        ]
        if rows:
            self.stdout.write("First rows as they will be stored:")
            write_table(
                self,
                ["where", "action", "name", "title", "organization", "changes"],
                rows,
                empty="",
            )
        if run_id := summary.get("import_id"):
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported (import {run_id}; `coffeechat imports undo {run_id}` undoes it)"
                )
            )
        elif summary.get("dry_run"):
            self.stdout.write("Dry run: nothing was written.")
