"""Mutated backups (hypothesis): every one is restored or refused naming a record and field, and a
refused one changes nothing."""

import contextlib
import copy
import json
import re
from collections import Counter
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.conversations.models import Meeting
from coffeechat.core.backups import BackupError
from coffeechat.exports.backup import make_backup, restore_backup
from coffeechat.network.models import Organization, Person
from tests.exports.filling import fill_account

pytestmark = pytest.mark.django_db
EXAMPLES = 150
# "people[3].emails[0]: ...", "meetings[0].plan[1].question: ..."
NAMED = re.compile(r"^[a-z_]+(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*)*: \S")

ODD_TEXT = [
    "",
    "x" * 5000,
    "\x00",
    "a\ud800b",
    "\u202eevil",
    "２０２６-０１-０１",
    "Mars/Olympus",
    "javascript:alert(1)",
    "data:text/html,x",
    "ftp://files.example",
    "hired",
    "2026-02-30",
    "2026-01-01T25:00",
    "9999-12-31T23:59:59-14:00",
    "check_in:999999:2026-01-01",
    "nudge:5",
]


def paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at] if at else []
    if isinstance(value, dict):
        for key, item in value.items():
            if not (at == () and key == "format"):
                found += paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*at, index))
    return found


def values(foreign: list[int]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.sampled_from([0, -1, 1, 2, 3, 999999, 10**30, *foreign]),
        st.floats(allow_nan=True),
        st.text(max_size=20),
        st.sampled_from(ODD_TEXT),
        st.just([[[]]]),
        st.just({"owner_id": foreign[0], "id": 1}),
        st.just([]),
        st.just({}),
    )


def mutate(data: dict[str, Any], where: tuple[Any, ...], how: str, value: Any, key: str) -> None:
    *parent_path, last = where
    parent: Any = data
    for step in parent_path:
        parent = parent[step]
    if how == "drop" and isinstance(parent, dict):
        del parent[last]
    elif how == "drop":
        parent.pop(last)
    elif how == "add key" and isinstance(parent, dict):
        parent[key] = value
    elif how == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    else:
        parent[last] = value


def table_sizes() -> dict[str, int]:
    return {
        m._meta.label_lower: m._default_manager.count()
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in ("sessions", "contenttypes")
    }


def test_mutated_backups_restore_or_are_refused_by_name_and_change_nothing(
    user: User, other_user: User, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_account(user)
    fill_account(other_user)
    backup = json.loads(json.dumps(make_backup(user)))
    foreign = [
        *Person.objects.filter(owner=other_user).values_list("pk", flat=True),
        *Organization.objects.filter(owner=other_user).values_list("pk", flat=True),
        *Meeting.objects.filter(owner=other_user).values_list("pk", flat=True),
    ]
    where = paths(backup)
    before = table_sizes()
    outcomes: Counter[str] = Counter()
    mutation = st.tuples(
        st.sampled_from(where),
        st.sampled_from(["set", "set", "set", "drop", "add key", "duplicate"]),
        values(foreign),
        st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.lists(mutation, min_size=1, max_size=3))
    def restore_mutated(mutations: list[tuple[Any, ...]]) -> None:
        data = copy.deepcopy(backup)
        for where_, how, value, key in mutations:
            # An earlier mutation may have removed or replaced this place.
            with contextlib.suppress(KeyError, IndexError, TypeError):
                mutate(data, where_, how, value, key)
        savepoint = transaction.savepoint()
        try:
            restore_backup(user, data, replace=True)
            outcomes["restored"] += 1
        except BackupError as exc:
            outcomes["refused"] += 1
            assert NAMED.match(str(exc)), str(exc)
            assert table_sizes() == before  # restore's own transaction undid everything
        finally:
            transaction.savepoint_rollback(savepoint)

    restore_mutated()
    total = sum(outcomes.values())
    with capsys.disabled():
        print(
            f"\nrestore fuzz: {total} mutated backups, {outcomes['restored']} restored, "
            f"{outcomes['refused']} refused by record and field"
        )
    assert total >= EXAMPLES * 0.9 and outcomes["refused"] > outcomes["restored"] > 0
