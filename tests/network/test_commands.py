import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from coffeechat.network.models import Organization, Person

pytestmark = pytest.mark.django_db


def run_json(*args: str) -> Any:
    out = io.StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_people_add_validates_and_prints_the_new_person(user: User) -> None:
    [added] = run_json(
        "people",
        "add",
        "--name",
        "Maria Lopez",
        "--title",
        "UX Researcher",
        "--org",
        "Acme Health",
        "--email",
        "maria@example.org",
        "--phone",
        "+44 20 7946 0958",
        "--tag",
        "design",
    )
    assert added["name"] == "Maria Lopez" and added["organization"] == "Acme Health"
    assert added["phones"] == ["+442079460958"] and added["tags"] == ["design"]
    assert Person.objects.get(pk=added["id"]).owner == user


def test_people_add_names_the_bad_option_and_writes_nothing(user: User) -> None:
    with pytest.raises(CommandError, match="--email: Line 1: 'maria@' is not an email address"):
        call_command("people", "add", "--name", "Maria", "--org", "Acme", "--email", "maria@")
    assert not Person.objects.exists() and not Organization.objects.exists()


def test_people_add_refuses_a_malformed_link_by_name(user: User) -> None:
    for bad in ("https://www.linkedin.com:m/in/x", "http://[x"):
        with pytest.raises(CommandError, match=f"--link: Link 1: '{re.escape(bad)}' is not a web address"):
            call_command("people", "add", "--name", "Maria", "--link", bad)
    assert not Person.objects.exists()


def test_people_list_and_search_print_json_with_id_name_title_organization(
    user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Zoe Zhang", title="Nurse", org="St. Mary")
    make_person(user, "Adam Ames", title="Data engineer")
    listed = run_json("people", "list")
    assert [p["name"] for p in listed] == ["Adam Ames", "Zoe Zhang"]
    assert {"id", "name", "title", "organization"} <= set(listed[0])
    found = run_json("search", "engineering")
    assert [p["name"] for p in found["people"]] == ["Adam Ames"]
    assert {"id", "name", "title", "organization"} <= set(found["people"][0])


def test_commands_pick_the_account_with_user(
    user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    dev = make_person(user, "Dev Patel")
    with pytest.raises(CommandError, match="several accounts"):
        call_command("people", "list")
    assert run_json("people", "list", "--user", "sam") == []
    assert run_json("search", "dev", "--user", "sam") == {"people": [], "from_conversations": []}
    with pytest.raises(CommandError, match=f"there is no person with id {dev.pk}"):
        call_command("people", "show", str(dev.pk), "--user", "sam")
    with pytest.raises(CommandError, match="--user: there is no account named 'kim'"):
        call_command("people", "list", "--user", "kim")
    assert run_json("people", "show", str(dev.pk), "--user", "alex")[0]["name"] == "Dev Patel"


def test_people_list_prints_a_table(user: User, make_person: Callable[..., Person]) -> None:
    make_person(user, "Dev Patel", title="Engineer", org="Acme")
    out = io.StringIO()
    call_command("people", "list", stdout=out)
    assert "Dev Patel" in out.getvalue() and "Acme" in out.getvalue()
