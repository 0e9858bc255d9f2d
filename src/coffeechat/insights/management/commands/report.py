from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from coffeechat.core.commandline import account_from_options, get_or_fail, write_output
from coffeechat.explore.access import explorations_for_user
from coffeechat.insights.report import report_markdown


class Command(BaseCommand):
    help = "Write the report of what your conversations taught you, in Markdown (as on Insights → Report)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--exploration", type=int, metavar="ID", help="only this exploration")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
        parser.add_argument("--user", metavar="NAME", help="the account to act for (when there are several)")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = account_from_options(options)
        exploration = None
        if options["exploration"] is not None:
            exploration = get_or_fail(
                explorations_for_user(owner), options["exploration"], "exploration", "--exploration"
            )
        write_output(self, report_markdown(owner, exploration), options["output"])
