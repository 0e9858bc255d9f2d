"""A LinkedIn export's messages and invitations, matched to people in the network and recorded.

Who a message is with: the person whose profile link (ProfileLink) is the sender's or recipient's
link, when exactly one person has it; else the one person in the network with exactly that name
(name_key: accents and case aside), unless that person has another LinkedIn profile (two profiles
are two people). Nobody is created from a message: people come from Connections.csv, which the same
import writes first. An invitation the user sent counts as answered when its invitee is a
connection since the day it was sent or later: an "accepted your invitation" record is added at
noon of that day (just after the invitation when it is the same day).

Recording belongs to the conversations app (its Interaction model is above this app): it registers
a recorder here when ready, as explore/status.py does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.imports.formats.linkedin_export import LinkedInExport
from coffeechat.imports.formats.linkedin_messages import (
    INVITATIONS,
    MESSAGES,
    RECEIVED,
    History,
    Said,
    read_invitations,
    read_messages,
    source_key,
)
from coffeechat.imports.formats.records import ContactRecord
from coffeechat.imports.models import ImportChange, ImportRun
from coffeechat.lib.text import name_key
from coffeechat.network.models import Person, ProfileLink

# Records what is not recorded yet and returns its keys; forgets by key (an import undone).
Recorder = Callable[[AbstractBaseUser, list[tuple[Said, int]], bool], list[str]]
Forgetter = Callable[[int, list[str]], int]
KEYS_PER_CHANGE = 5000  # the keys an import recorded, kept on its ImportChange rows for undoing


def _nothing_records(owner: AbstractBaseUser, said: list[tuple[Said, int]], keep_texts: bool) -> list[str]:
    return []


def _nothing_forgets(owner_id: int, keys: list[str]) -> int:
    return 0


_recorder: Recorder = _nothing_records
_forgetter: Forgetter = _nothing_forgets


def register_recorder(recorder: Recorder, forget: Forgetter) -> None:
    global _recorder, _forgetter
    _recorder, _forgetter = recorder, forget


def forget_history(owner_id: int, keys: list[str]) -> int:
    """Remove what an import recorded (undoing it); how many records went."""
    return _forgetter(owner_id, keys) if keys else 0


def recorded_keys(changes: Iterable[ImportChange]) -> list[str]:
    return [key for c in changes if c.kind == "created" for key in (c.before or {}).get("interactions", [])]


@dataclass
class HistoryPlan:
    export: LinkedInExport
    history: History
    matched: list[tuple[Said, int]] = field(default_factory=list)
    strangers: int = 0  # other people written with who are not in the network

    @property
    def invalid(self) -> list[Any]:
        return [p for p in self.history.problems if p.error]

    @property
    def counts(self) -> dict[str, int]:
        people = len({pid for _, pid in self.matched})
        counts = {
            "messages read": self.history.counts.get("messages", 0),
            "invitations read": self.history.counts.get("invitations", 0),
            "people you talked with": people,
            "not in your network": self.strangers,
        }
        if self.history.counts.get("drafts skipped"):
            counts["drafts skipped"] = self.history.counts["drafts skipped"]
        return counts


def read_history(export: LinkedInExport, max_bytes: int) -> History:
    """Invitations first: their Direction column names the user's own link for Messages.csv."""
    history = History()
    if INVITATIONS in export.files:
        read_invitations(export.files[INVITATIONS], max_bytes, history)
    if MESSAGES in export.files:
        read_messages(export.files[MESSAGES], max_bytes, history)
    return history


class PeopleIndex:
    """The owner's people by profile link and by name, with the day each became a connection."""

    def __init__(self) -> None:
        self.by_url: dict[str, list[int]] = {}
        self.by_name: dict[str, list[int]] = {}
        self.linkedin: dict[int, set[str]] = {}
        self.since: dict[int, date] = {}

    def add(self, pid: int, name: str, urls: Iterable[str], since: date | None) -> None:
        self.by_name.setdefault(name_key(name), []).append(pid)
        for url in urls:
            self.by_url.setdefault(url, []).append(pid)
            if "linkedin.com/" in url:
                self.linkedin.setdefault(pid, set()).add(url)
        if since:
            self.since[pid] = since

    def find(self, url: str, name: str) -> int | None:
        if url and len(ids := self.by_url.get(url, [])) == 1:
            return ids[0]
        ids = self.by_name.get(name_key(name), []) if name else []
        if len(ids) == 1 and not (url and self.linkedin.get(ids[0], {url}) - {url}):
            return ids[0]
        return None


def load_people(owner: AbstractBaseUser) -> PeopleIndex:
    index = PeopleIndex()
    links: dict[int, list[str]] = {}
    for pid, url in ProfileLink.objects.filter(person__owner_id=owner.pk).values_list("person_id", "url"):
        links.setdefault(pid, []).append(url)
    for pid, name, since in Person.objects.filter(owner_id=owner.pk).values_list("pk", "name", "known_since"):
        index.add(pid, name, links.get(pid, ()), since)
    return index


def add_planned(index: PeopleIndex, records: list[ContactRecord]) -> None:
    """People the same import's Connections.csv would add, under ids below zero (for the preview)."""
    known = set(index.by_url)
    for n, record in enumerate(records, start=1):
        if record.valid and not (set(record.urls) & known):
            index.add(-n, record.name, record.urls, record.connected_on)


def match(history: History, index: PeopleIndex) -> tuple[list[tuple[Said, int]], int]:
    """Each record with its person, acceptances added; and how many other people were written with."""
    matched = []
    strangers = set()
    for said in history.said:
        pid = index.find(said.other_url, said.other_name)
        if pid is None:
            strangers.add(said.other_url or name_key(said.other_name))
        else:
            matched.append((said, pid))
    for said, pid in list(matched):
        if said.kind != "invitation" or said.direction == RECEIVED or pid not in index.since:
            continue
        if (accepted := _accepted(said, index.since[pid])) is not None:
            matched.append((accepted, pid))
    return matched, len(strangers)


def _accepted(invitation: Said, since: date) -> Said | None:
    if since < invitation.at.date():
        return None
    at = max(datetime.combine(since, time(12), tzinfo=UTC), invitation.at + timedelta(minutes=1))
    return replace(
        invitation,
        key=source_key("a", invitation.key),
        at=at,
        direction=RECEIVED,
        subject="Accepted your invitation to connect",
        text="",
        kind="accepted",
    )


def plan_history(
    owner: AbstractBaseUser, export: LinkedInExport, max_bytes: int, connections: list[ContactRecord]
) -> HistoryPlan:
    history = read_history(export, max_bytes)
    index = load_people(owner)
    add_planned(index, connections)
    matched, strangers = match(history, index)
    return HistoryPlan(export, history, matched, strangers)


def record_history(
    owner: AbstractBaseUser, plan: HistoryPlan, keep_texts: bool, run: ImportRun
) -> dict[str, int]:
    """Match again (Connections.csv's people are written now) and record, keeping on the run what
    it recorded so that undoing the import removes it; counts for the run."""
    matched, plan.strangers = match(plan.history, load_people(owner))
    plan.matched = matched
    keys = _recorder(owner, matched, keep_texts)
    ImportChange.objects.bulk_create(
        ImportChange(run=run, kind="created", before={"interactions": keys[start : start + KEYS_PER_CHANGE]})
        for start in range(0, len(keys), KEYS_PER_CHANGE)
    )
    return {**plan.counts, "recorded": len(keys), "already recorded": len(matched) - len(keys)}
