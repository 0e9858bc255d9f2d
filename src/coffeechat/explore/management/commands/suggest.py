from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coffeechat.core.commandline import account_from_options, add_account_arguments, write_json, write_table
from coffeechat.explore.access import explorations_for_user
from coffeechat.explore.service import suggestion_to_dict
from coffeechat.explore.suggest import suggest_people


class Command(BaseCommand):
    help = "Whom to talk to for an exploration, best first, with the reasons and the way to reach them."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("exploration_id", type=int)
        parser.add_argument("--limit", type=int, default=20)
        add_account_arguments(parser)

    def handle(self, *args: Any, exploration_id: int, limit: int, **options: Any) -> None:
        owner = account_from_options(options)
        exploration = explorations_for_user(owner).filter(pk=exploration_id).first()
        if exploration is None:
            raise CommandError(
                f"there is no exploration with id {exploration_id} (see `coffeechat explore list`)"
            )
        if limit < 1:
            raise CommandError("--limit must be at least 1")
        suggestions = suggest_people(exploration, limit=limit)
        if options["json"]:
            write_json(self, [suggestion_to_dict(s) for s in suggestions])
            return
        rows = [(s.person_id, s.name, f"{s.score:.2f}", " · ".join(s.reasons)) for s in suggestions]
        write_table(
            self, ["id", "name", "score", "why"], rows, empty="No one in your network matches this yet."
        )
