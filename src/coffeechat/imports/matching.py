"""Who in the network an imported record is: pure logic over an in-memory index."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from coffeechat.lib.text import name_key

FUZZY_CUTOFF = 86  # token_sort_ratio of the folded names, within one organization


@dataclass(slots=True)  # slots: planning a 100,000-row import holds one per row
class KnownPerson:
    id: int
    name: str
    name_key: str
    title: str = ""
    org_key: str = ""
    organization: str = ""
    location: str = ""
    notes: str = ""
    how_known: str = ""
    known_since: date | None = None
    tie_strength: int | None = None
    # Read only once made, each without repeats, and short: tuples, the empty ones all the one
    # empty tuple (a set takes 216 bytes even empty, and an import holds one person per row).
    emails: Collection[str] = ()  # lower-cased
    phones: Collection[str] = ()  # E.164
    urls: Collection[str] = ()
    tag_keys: Collection[str] = ()
    tied_to: Collection[int] = ()  # ids of people they have a tie with


@dataclass(slots=True)
class Match:
    kind: str  # "new", "certain", "uncertain"
    person_id: int | None = None
    score: float = 0.0
    reason: str = ""


NEW = Match("new")  # the same answer for every new person (a plan holds one per row): never changed


class NetworkIndex:
    """Everyone the owner has, looked up by email, profile link, phone and name."""

    def __init__(self, people: list[KnownPerson]) -> None:
        self.people: dict[int, KnownPerson] = {}
        self.by_email: dict[str, list[int]] = {}
        self.by_phone: dict[str, list[int]] = {}
        self.by_url: dict[str, list[int]] = {}
        self.by_org: dict[str, dict[str, list[int]]] = {}
        self.fuzzy_org: dict[str, list[str]] = {}  # names open to a fuzzy match, per organization
        self.by_name: dict[str, list[int]] = {}
        for person in people:
            self.add(person)

    def add(self, person: KnownPerson, *, fuzzy: bool = True) -> None:
        """Index a person; `fuzzy=False` (rows earlier in the same file) allows exact matches only:
        two similar names in one export are two people, and asking would be noise."""
        self.people[person.id] = person
        for email in person.emails:
            self.by_email.setdefault(email, []).append(person.id)
        for phone in person.phones:
            self.by_phone.setdefault(phone, []).append(person.id)
        for url in person.urls:
            self.by_url.setdefault(url, []).append(person.id)
        same_org = self.by_org.setdefault(person.org_key, {})
        if fuzzy and person.name_key not in same_org:
            self.fuzzy_org.setdefault(person.org_key, []).append(person.name_key)
        same_org.setdefault(person.name_key, []).append(person.id)
        if fuzzy:
            self.by_name.setdefault(person.name_key, []).append(person.id)

    def match(self, key: str, org: str, emails: list[str], phones: list[str], urls: list[str]) -> Match:
        """Certain: a shared profile link, email or phone with the same name, or the same name
        at the same organization, or a shared identifier with a name that agrees (a new
        surname). Uncertain: anything weaker, for the user to decide."""
        shared = self._sharing_identifier(emails, phones, urls)
        for pid, reason in shared:
            if self.people[pid].name_key == key:
                return Match("certain", pid, 100, reason)
        org_key = name_key(org)
        same_org = self.by_org.get(org_key, {})
        if same_org.get(key):
            ids = same_org[key]
            if len(ids) == 1 and _other_profile(urls, self.people[ids[0]].urls):
                # Two LinkedIn profiles are two people, however alike their names.
                return Match("uncertain", ids[0], 60, "same name and organization, another profile")
            if len(ids) == 1:
                return Match("certain", ids[0], 100, "same name and organization")
            return Match("uncertain", ids[0], 100, "several people with this name and organization")
        for pid, reason in shared:
            if names_agree(key, self.people[pid].name_key):
                return Match("certain", pid, 95, f"{reason}, similar name")
        if shared:
            return Match("uncertain", shared[0][0], 50, f"{shared[0][1]} but another name")
        if same_org and org_key:
            found = process.extractOne(
                key, list(same_org), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF
            )
            if found:
                return Match("uncertain", same_org[found[0]][0], found[1], "similar name, same organization")
        if self.by_name.get(key):
            return Match("uncertain", self.by_name[key][0], 90, "same name, another organization")
        return NEW

    def _sharing_identifier(
        self, emails: list[str], phones: list[str], urls: list[str]
    ) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        seen: set[int] = set()
        for values, table, reason in (
            (urls, self.by_url, "same profile link"),
            (emails, self.by_email, "same email"),
            (phones, self.by_phone, "same phone"),
        ):
            for value in values:
                for pid in table.get(value.lower() if table is self.by_email else value, ()):
                    if pid not in seen:
                        seen.add(pid)
                        found.append((pid, reason))
        return found


def _other_profile(urls: list[str], known: set[str]) -> bool:
    mine = {u for u in urls if "linkedin.com/" in u}
    theirs = {u for u in known if "linkedin.com/" in u}
    return bool(mine and theirs and not mine & theirs)


def names_agree(one: str, other: str) -> bool:
    """Whether two name keys can be the same person: a shared email with another surname is
    still them (a marriage), with another first name it is a mistake in the data."""
    if not one or not other or one == other:
        return True
    if one.split()[0] == other.split()[0]:
        return True
    return fuzz.token_sort_ratio(one, other) >= FUZZY_CUTOFF
