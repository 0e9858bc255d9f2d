from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coffeechat.core.commandline import account_from_options, add_account_arguments, write_json
from coffeechat.explore.graph import introduction_paths
from coffeechat.explore.service import describe_path, paths_to_dict
from coffeechat.network.access import people_for_user


class Command(BaseCommand):
    help = "The best chains of introductions to a person you do not know directly."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("person_id", type=int)
        add_account_arguments(parser)

    def handle(self, *args: Any, person_id: int, **options: Any) -> None:
        owner = account_from_options(options)
        person = people_for_user(owner).filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"there is no person with id {person_id}")
        paths = introduction_paths(owner, person) if person.tie_strength is None else []
        if options["json"]:
            write_json(self, paths_to_dict(person, paths))
        elif person.tie_strength is not None:
            self.stdout.write(f"You know {person.name} directly.")
        elif person.sensitive:
            self.stdout.write(f"{person.name} is marked sensitive: no paths are looked for.")
        elif not paths:
            self.stdout.write(f"No one you know is known to know {person.name}, within three steps.")
        else:
            for path in paths:
                self.stdout.write(describe_path(path))
