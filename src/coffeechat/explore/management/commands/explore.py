from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coffeechat.core.commandline import account_from_options, add_account_arguments, write_json, write_table
from coffeechat.explore.access import explorations_for_user
from coffeechat.explore.forms import ExplorationForm
from coffeechat.explore.service import exploration_to_dict


class Command(BaseCommand):
    help = (
        "Add and list explorations: the roles, fields, industries or organizations you want to learn about."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,list}")
        add = actions.add_parser("add", help="start an exploration")
        add.add_argument("text", help='what you want to explore, e.g. "UX research in health care"')
        add.add_argument("--why", default="", help="why it interests you")
        add.add_argument("--targets", default="", help="target organizations, separated by commas")
        list_ = actions.add_parser("list", help="your explorations")
        for sub in (add, list_):
            add_account_arguments(sub)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        owner = account_from_options(options)
        if action == "add":
            form = ExplorationForm(
                {
                    "text": options["text"],
                    "why": options["why"],
                    "status": "exploring",
                    "targets": options["targets"],
                }
            )
            if not form.is_valid():
                raise CommandError("; ".join(f"{field}: {' '.join(e)}" for field, e in form.errors.items()))
            found = [form.save_for(owner)]
        else:
            found = list(explorations_for_user(owner).prefetch_related("target_organizations"))
        if options["json"]:
            # `add` prints the new exploration (with its id); `list` prints them all.
            data = [exploration_to_dict(e) for e in found]
            write_json(self, data[0] if action == "add" else data)
            return
        rows = [
            (e.pk, e.text, e.get_status_display(), ", ".join(o.name for o in e.target_organizations.all()))
            for e in found
        ]
        write_table(self, ["id", "exploration", "status", "targets"], rows, empty="No explorations yet.")
