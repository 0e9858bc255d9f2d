from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from coffeechat.core.commandline import (
    account_from_options,
    add_account_arguments,
    write_json,
    write_table,
)
from coffeechat.lib.textsearch import plain
from coffeechat.network.export import person_to_dict
from coffeechat.network.models import Person
from coffeechat.network.search import search_people
from coffeechat.network.search_sources import search_texts


class Command(BaseCommand):
    help = (
        "Search your network (names, titles, organizations, tags and notes) and what you wrote "
        "about your conversations (meeting notes, answers, reflections, research), best match first."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("query", nargs="+")
        parser.add_argument("--limit", type=int, default=20)
        add_account_arguments(parser)

    def handle(self, *args: Any, query: list[str], limit: int, **options: Any) -> None:
        owner = account_from_options(options)
        text = " ".join(query)
        ranked = search_people(owner, text, limit=max(limit, 1))
        # The ids are the owner's already; loading by primary key alone keeps SQLite on rowid.
        found = (
            Person.objects.order_by()
            .select_related("organization")
            .prefetch_related("emails", "phones", "links", "tags")
            .in_bulk(ranked)
        )
        people = [found[pk] for pk in ranked if pk in found]
        hits = search_texts(owner, text, limit=max(limit, 1))
        if options["json"]:
            data = {
                "people": [person_to_dict(p) for p in people],
                "from_conversations": [h.to_dict() for h in hits],
            }
            write_json(self, data)
            return
        rows = [(p.pk, p.name, p.title, p.organization or "") for p in people]
        write_table(self, ["id", "name", "title", "organization"], rows, empty="No one matches.")
        if hits:
            self.stdout.write("\nFrom your conversations:")
            rows = [(h.meeting_date, h.person_name, h.kind, plain(h.snippet)) for h in hits]
            write_table(self, ["meeting", "person", "what", "words"], rows, empty="")
