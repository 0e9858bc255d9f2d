"""Suggestions and paths on a real (test) database, with the shipped embedding model."""

import io
import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from coffeechat.conversations.models import PipelineEntry
from coffeechat.explore import semantic
from coffeechat.explore.graph import introduction_paths
from coffeechat.explore.models import Exploration
from coffeechat.explore.suggest import suggest_people, warm_up
from coffeechat.network.models import Organization, Person
from coffeechat.network.services import connect

pytestmark = pytest.mark.django_db


def names(exploration: Exploration) -> list[str]:
    return [s.name for s in suggest_people(exploration)]


def test_people_are_matched_by_meaning_not_only_words(user: User, make_person: Callable[..., Person]) -> None:
    make_person(user, "Uma UX", title="UX Researcher")
    make_person(user, "Dana Design", title="Design Researcher")
    make_person(user, "Chris Chemist", title="Research Chemist")
    make_person(user, "Sam Software", title="Software Engineer")
    found = names(Exploration.objects.create(owner=user, text="user experience research"))
    assert set(found[:2]) == {"Uma UX", "Dana Design"}
    assert "Chris Chemist" not in found and "Sam Software" not in found


def test_tags_and_notes_count_too(user: User, make_person: Callable[..., Person]) -> None:
    make_person(user, "Nora Notes", title="Consultant", notes="Runs usability studies in hospitals")
    make_person(user, "Other", title="Consultant")
    assert names(Exploration.objects.create(owner=user, text="usability studies")) == ["Nora Notes"]


def test_a_sensitive_perfect_match_is_never_suggested_nor_an_introducer(
    user: User, make_person: Callable[..., Person]
) -> None:
    boss = make_person(user, "Bea Boss", title="UX Researcher", sensitive=True)
    colleague = make_person(user, "Cole League", title="UX Researcher", org="Current Employer")
    Organization.objects.filter(name="Current Employer").update(sensitive=True)
    target = make_person(user, "Tara Target", title="UX Research Lead", tie_strength=None)
    connect(boss, target, 3, "")
    connect(colleague, target, 3, "")
    exploration = Exploration.objects.create(owner=user, text="UX research")
    found = suggest_people(exploration)
    assert [s.name for s in found] == ["Tara Target"]
    assert found[0].path == [] and "can introduce you" not in " ".join(found[0].reasons)
    assert introduction_paths(user, target) == []
    friend = make_person(user, "Fay Friend", title="Teacher", tie_strength=3)
    connect(friend, target, 2, "")
    assert suggest_people(exploration)[0].path == [friend.pk, target.pk]
    assert [[p.name for p in path.people] for path in introduction_paths(user, target)] == [
        ["Fay Friend", "Tara Target"]
    ]


def test_people_excluded_from_one_exploration_stay_suggested_for_others(
    user: User, make_person: Callable[..., Person]
) -> None:
    uma = make_person(user, "Uma UX", title="UX Researcher")
    first = Exploration.objects.create(owner=user, text="UX research")
    second = Exploration.objects.create(owner=user, text="user research")
    first.excluded_people.add(uma)
    assert names(first) == [] and names(second) == ["Uma UX"]


def test_warmth_and_courtesy_change_the_order(user: User, make_person: Callable[..., Person]) -> None:
    make_person(user, "Stranger", title="Pharmacist", tie_strength=None)
    make_person(user, "Friend", title="Pharmacist", tie_strength=3)
    asked = make_person(user, "Asked Already", title="Pharmacist", tie_strength=3)
    met = make_person(user, "Met Already", title="Pharmacist", tie_strength=3)
    exploration = Exploration.objects.create(owner=user, text="hospital pharmacy")
    PipelineEntry.objects.create(exploration=exploration, person=asked, stage="request_sent")
    PipelineEntry.objects.create(exploration=exploration, person=met, stage="met")
    # Waiting for an answer puts them below even a stranger; after the meeting they are gone.
    assert names(exploration) == ["Friend", "Stranger", "Asked Already"]


def test_a_three_hop_chain_is_found_and_explained(user: User, make_person: Callable[..., Person]) -> None:
    maria = make_person(user, "Maria", title="Teacher", tie_strength=3)
    dev = make_person(user, "Dev", title="Accountant", tie_strength=None)
    priya = make_person(user, "Priya", title="Nurse Practitioner", tie_strength=None)
    connect(maria, dev, 3, "")
    connect(dev, priya, 2, "")
    [suggestion] = suggest_people(Exploration.objects.create(owner=user, text="nursing"))
    assert suggestion.path == [maria.pk, dev.pk, priya.pk]
    assert "Maria can ask Dev to introduce you" in suggestion.reasons


def test_suggest_and_path_commands_print_json(
    user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "Maria", title="Teacher", tie_strength=3)
    priya = make_person(user, "Priya", title="Nurse Practitioner", org="City Hospital", tie_strength=None)
    connect(maria, priya, 2, "")
    out = io.StringIO()
    call_command("explore", "add", "nursing", "--json", "--user", "alex", stdout=out)
    exploration_id = json.loads(out.getvalue())["id"]
    out = io.StringIO()
    call_command("suggest", str(exploration_id), "--json", "--user", "alex", stdout=out)
    [item] = json.loads(out.getvalue())
    assert {k: item[k] for k in ("person_id", "name", "title", "organization", "path")} == {
        "person_id": priya.pk,
        "name": "Priya",
        "title": "Nurse Practitioner",
        "organization": "City Hospital",
        "path": [maria.pk, priya.pk],
    }
    assert item["score"] > 0 and "Maria can introduce you" in item["reasons"]
    out = io.StringIO()
    call_command("path", str(priya.pk), "--json", "--user", "alex", stdout=out)
    assert json.loads(out.getvalue())["paths"] == [
        [{"person_id": maria.pk, "name": "Maria"}, {"person_id": priya.pk, "name": "Priya"}]
    ]
    with pytest.raises(CommandError, match=f"no exploration with id {exploration_id}"):
        call_command("suggest", str(exploration_id), "--user", "sam")
    with pytest.raises(CommandError, match=f"no person with id {priya.pk}"):
        call_command("path", str(priya.pk), "--user", "sam")
    with pytest.raises(CommandError, match="text: This field is required"):
        call_command("explore", "add", "   ", "--user", "alex")


def test_a_colleague_with_a_title_of_the_same_meaning_at_a_target_organization_is_suggested(
    user: User, make_person: Callable[..., Person]
) -> None:
    for n in range(12):
        make_person(user, f"Filler {n}", title=("Accountant", "Chef", "Pilot")[n % 3], org=f"Org {n % 4}")
    make_person(
        user, "Kim Park", title="Design Researcher", org="Boston Children's Hospital", how_known="colleague"
    )
    make_person(user, "Al Books", title="Accountant", org="Boston Children's Hospital")
    exploration = Exploration.objects.create(owner=user, text="UX research in health care")
    assert [s.name for s in suggest_people(exploration)] == []  # "Design Researcher" alone is too far
    exploration.target_organizations.add(Organization.objects.get(name="Boston Children's Hospital"))
    [kim] = suggest_people(exploration)  # the accountant there is still not suggested
    assert kim.name == "Kim Park" and "at one of your target organizations" in kim.reasons


def test_after_start_the_first_suggestions_embed_only_the_new_exploration(
    user: User, make_person: Callable[..., Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_person(user, "Uma Quant", title="Quantitative User Researcher", org="Warm Start Labs")
    make_person(user, "Otto Orchard", title="Orchard Keeper", org="Warm Start Farms")
    Exploration.objects.create(owner=user, text="fruit growing")
    warm_up(wait=True)  # what serve does at start
    model, encoded = semantic._load(), []
    encode = model.encode
    monkeypatch.setattr(model, "encode", lambda texts, **kw: (encoded.extend(texts), encode(texts, **kw))[1])
    exploration = Exploration.objects.create(owner=user, text="quantitative user research")
    assert [s.name for s in suggest_people(exploration)] == ["Uma Quant"]
    assert encoded == ["quantitative user research"]  # not every title and organization


@pytest.mark.parametrize("probed", [5000, 3])
def test_a_clear_match_ranks_first_among_many_titles_counted_a_few_at_a_time(
    user: User, make_person: Callable[..., Person], monkeypatch: pytest.MonkeyPatch, probed: int
) -> None:
    # Few people per batch of matching titles, and (with 3) more titles than are read one by one.
    monkeypatch.setattr("coffeechat.explore.suggest.TITLES_COUNTED", 2)
    monkeypatch.setattr("coffeechat.explore.suggest.CANDIDATES", 4)
    monkeypatch.setattr("coffeechat.explore.suggest.TITLES_PROBED", probed)
    for n, title in enumerate(["Researcher", "Designer", "Product Designer", "Nurse", "Chef", "Pilot"]):
        make_person(user, f"Filler {n}", title=title)
        make_person(user, f"Other {n}", title=title)
    make_person(user, "Uma UX", title="UX Researcher")
    exploration = Exploration.objects.create(owner=user, text="UX researcher")
    found = names(exploration)
    assert found[0] == "Uma UX"
    assert not {"Filler 5", "Other 5"} & set(found)  # a pilot is no UX researcher
