from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from coffeechat.conversations.access import give_backs_for_user
from coffeechat.conversations.export import give_back_to_dict
from coffeechat.conversations.forms import GiveBackForm
from coffeechat.conversations.give_backs import log_give_back
from coffeechat.conversations.models import GiveBack
from coffeechat.core import clock
from coffeechat.core.commandline import (
    account_from_options,
    add_actions,
    form_problems,
    get_or_fail,
    write_json,
    write_table,
)
from coffeechat.network.access import people_for_user


class Command(BaseCommand):
    help = "List and log give-backs: what you did in return for the people who helped you."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = add_actions(
            parser, {"list": "your give-backs, latest first", "add": "log one; it counts as keeping in touch"}
        )
        actions["list"].add_argument("--person", type=int, metavar="PERSON_ID", help="only for this person")
        add = actions["add"]
        add.add_argument("person_id", type=int)
        kinds = ", ".join(f"{value} ({label.lower()})" for value, label in GiveBack.Kind.choices)
        add.add_argument("--kind", choices=GiveBack.Kind.values, default=GiveBack.Kind.OTHER, help=kinds)
        add.add_argument("--note", default="", help="what exactly, e.g. the article you sent")
        add.add_argument("--date", help="when, as 2026-03-14 (default: today)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        owner = account_from_options(options)
        owned = give_backs_for_user(owner).select_related("person")
        if action == "add":
            person = get_or_fail(people_for_user(owner), options["person_id"], "person")
            form = GiveBackForm(
                {"kind": options["kind"], "note": options["note"], "on": options["date"] or clock.localdate()}
            )
            if not form.is_valid():
                raise form_problems(form, {"on": "--date"})
            found = [owned.get(pk=log_give_back(owner, person, form.save(commit=False)).pk)]
        else:
            if options["person"] is not None:
                owned = owned.filter(person_id=options["person"])
            found = list(owned)
        if options["json"]:
            # `add` prints the new give-back (with its id); `list` prints them all.
            data = [give_back_to_dict(g) for g in found]
            write_json(self, data[0] if action == "add" else data)
            return
        rows = [(g.pk, g.on.isoformat(), g.person.name, g.get_kind_display(), g.note) for g in found]
        write_table(self, ["id", "date", "for", "what", "details"], rows, empty="No give-backs yet.")
