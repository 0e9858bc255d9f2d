from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import QuerySet

from coffeechat.core.commandline import (
    account_from_options,
    add_account_arguments,
    write_json,
    write_table,
)
from coffeechat.network.access import people_for_user
from coffeechat.network.export import person_to_dict
from coffeechat.network.forms import PersonForm
from coffeechat.network.models import HowKnown, Person
from coffeechat.network.services import PersonDetails, save_person

FULL = ("organization",)
PREFETCH = ("emails", "phones", "links", "tags")


class Command(BaseCommand):
    help = "Add, list and show the people in your network."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,list,show}")
        add = actions.add_parser("add", help="add a person")
        add.add_argument("--name", required=True)
        add.add_argument("--title", default="")
        add.add_argument("--org", default="", help="organization (created if new)")
        add.add_argument("--email", action="append", default=[], help="may be repeated")
        add.add_argument("--phone", action="append", default=[], help="may be repeated")
        add.add_argument("--link", action="append", default=[], help="profile URL; may be repeated")
        add.add_argument("--tag", action="append", default=[], help="may be repeated")
        add.add_argument("--how", default="", choices=["", *HowKnown.values], help="how you know them")
        add.add_argument("--location", default="")
        add.add_argument("--notes", default="")
        add.add_argument("--sensitive", action="store_true", help="never suggest or contact")
        list_ = actions.add_parser("list", help="list people by name")
        list_.add_argument("--limit", type=int, default=0, help="at most this many (default: all)")
        show = actions.add_parser("show", help="show one person")
        show.add_argument("person_id", type=int)
        for sub in (add, list_, show):
            add_account_arguments(sub)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        owner = account_from_options(options)
        if action == "add":
            people = [add_person(owner, options)]
        elif action == "show":
            found = _full(people_for_user(owner)).filter(pk=options["person_id"]).first()
            if found is None:
                raise CommandError(f"there is no person with id {options['person_id']}")
            people = [found]
        else:
            everyone = _full(people_for_user(owner)).order_by("name_key", "id")
            people = list(everyone[: options["limit"]] if options["limit"] > 0 else everyone)
        if options["json"]:
            write_json(self, [person_to_dict(p) for p in people])
            return
        rows = [
            (
                p.pk,
                p.name,
                p.title,
                p.organization or "",
                ", ".join(e.address for e in p.emails.all()),
            )
            for p in people
        ]
        write_table(self, ["id", "name", "title", "organization", "email"], rows, empty="No people yet.")


def _full(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.select_related(*FULL).prefetch_related(*PREFETCH)


def add_person(owner: Any, options: dict[str, Any]) -> Person:
    """Validate as the web form does, so both say the same about bad input."""
    form = PersonForm(
        {
            "name": options["name"],
            "title": options["title"],
            "organization_name": options["org"],
            "emails": "\n".join(options["email"]),
            "phones": "\n".join(options["phone"]),
            "links": "\n".join(options["link"]),
            "tag_names": ",".join(options["tag"]),
            "how_known": options["how"],
            "location": options["location"],
            "notes": options["notes"],
            "sensitive": options["sensitive"],
            "tie_strength": "2",
        }
    )
    if not form.is_valid():
        flags = {
            "organization_name": "--org",
            "emails": "--email",
            "phones": "--phone",
            "links": "--link",
            "tag_names": "--tag",
            "how_known": "--how",
        }
        problems = [
            f"{flags.get(field, '--' + field)}: {' '.join(errors)}" for field, errors in form.errors.items()
        ]
        raise CommandError("; ".join(problems))
    data = form.cleaned_data
    details = PersonDetails(
        organization_name=data["organization_name"],
        emails=data["emails"],
        phones=data["phones"],
        links=data["links"],
        tags=data["tag_names"],
    )
    person = save_person(form.save(commit=False), owner, details)
    return _full(people_for_user(owner)).get(pk=person.pk)
