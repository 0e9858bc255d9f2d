from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from coffeechat.conversations.today import today_items
from coffeechat.core.commandline import account_from_options, add_account_arguments, write_json, write_table


class Command(BaseCommand):
    help = "What is due today and overdue: nudges, next people to ask, meetings, thank-yous, check-ins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_account_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        owner = account_from_options(options)
        items = today_items(owner)
        if options["json"]:
            write_json(
                self,
                [
                    {
                        "kind": i.kind,
                        "due": i.due.isoformat(),
                        "overdue": i.overdue,
                        "text": i.text,
                        "person_id": i.person.pk,
                        "exploration_id": i.exploration.pk if i.exploration else None,
                    }
                    for i in items
                ],
            )
            return
        rows = [(i.due.isoformat() + (" (overdue)" if i.overdue else ""), i.text) for i in items]
        write_table(self, ["due", "what"], rows, empty="Nothing is due today.")
