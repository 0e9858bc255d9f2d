from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coffeechat.core.commandline import account_from_options, write_output, write_output_in_chunks
from coffeechat.exports.backup import stream_backup
from coffeechat.exports.queries import people_to_export
from coffeechat.exports.writers import people_to_csv, people_to_vcards


class Command(BaseCommand):
    help = "Export people as vCard 3.0 or CSV, or everything you own as a JSON backup."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--format", choices=["json", "vcard", "csv"], default="json")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
        parser.add_argument("--ids", help="only these people (comma-separated ids; vCard and CSV)")
        parser.add_argument("--tag", default="", help="only people with this tag (vCard and CSV)")
        parser.add_argument("--user", metavar="NAME", help="the account (when there are several)")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = account_from_options(options)
        if options["format"] == "json":
            write_output_in_chunks(self, stream_backup(owner), options["output"])
            return
        try:
            ids = [int(i) for i in options["ids"].split(",")] if options["ids"] else None
        except ValueError:
            raise CommandError("--ids: give whole numbers separated by commas, e.g. 3,8,21") from None
        people = people_to_export(owner, ids, options["tag"]).order_by("name_key", "id")
        text = people_to_vcards(people) if options["format"] == "vcard" else people_to_csv(people)
        write_output(self, text, options["output"])
