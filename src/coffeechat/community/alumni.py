"""Staff's alumni records: loaded in bulk from a CSV file, invited to volunteer, and joining or
saying no. The page and `coffeechat community alumni` are thin over these functions.

Loading is two passes over the file, each a stream: the check (every row's problems, by line and
column) and then the load, in one transaction, 5,000 rows at a time. A file with problems is
refused as a whole unless staff choose to skip the rows listed: nothing is ever half-loaded.
Loading the same file again adds no one twice: a row is the record with the same email address,
or without one, the same name, school and year (and fills in what the record lacked).
Loaded alumni are not volunteers: nothing here makes a directory entry until an alum says yes.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from coffeechat.community.alumni_files import FIELDS, AlumniFile, AlumniRow, read_alumni
from coffeechat.community.models import AlumniRecord, Invitation, Membership, VolunteerProfile
from coffeechat.imports.formats.records import Problem
from coffeechat.lib.text import fold

BATCH = 5_000
SHOWN_PROBLEMS = 100
DETAILS = ("title", "organization", "industry", "location", "school", "year")
INVITATION_DAYS = 30


class LoadRefused(Exception):
    """The file has rows with problems and staff did not choose to skip them."""

    def __init__(self, check: Check) -> None:
        super().__init__(
            f"{check.bad_rows} of {check.rows} rows have problems; nothing was loaded. "
            "Fix them, or choose to skip the rows listed"
        )
        self.check = check


@dataclass
class Check:
    """The first pass: how many rows, how many with problems, and the first problems to show."""

    rows: int = 0
    bad_rows: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def good_rows(self) -> int:
        return self.rows - self.bad_rows

    def problem_lines(self) -> list[str]:
        return [str(p) for p in self.problems]


@dataclass
class LoadResult:
    rows: int
    added: int
    updated: int
    unchanged: int
    skipped: int
    seconds: float
    problems: list[str]

    def as_dict(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 2),
            "problems": self.problems,
        }


def check_file(found: AlumniFile, mapping: dict[str, str]) -> Check:
    check = Check()
    for row in read_alumni(found, mapping):
        check.rows += 1
        if row.problems:
            check.bad_rows += 1
            room = SHOWN_PROBLEMS - len(check.problems)
            check.problems.extend(row.problems[: max(room, 0)])
    return check


def load_alumni(
    found: AlumniFile, mapping: dict[str, str], *, skip_problems: bool = False, batch: str = ""
) -> LoadResult:
    """Check the whole file, then load it in one transaction (or raise LoadRefused: nothing loaded)."""
    started = time.perf_counter()
    check = check_file(found, mapping)
    if check.bad_rows and not skip_problems:
        raise LoadRefused(check)
    added = updated = 0
    batch = (batch or found.name)[:100]
    good = (row for row in read_alumni(found, mapping) if not row.problems)
    with transaction.atomic():
        while chunk := list(islice(good, BATCH)):
            new, changed = _load_chunk(chunk, batch)
            added += new
            updated += changed
    return LoadResult(
        rows=check.rows,
        added=added,
        updated=updated,
        unchanged=check.good_rows - added - updated,
        skipped=check.bad_rows,
        seconds=time.perf_counter() - started,
        problems=check.problem_lines(),
    )


def _person_key(name: str, school: object, year: object) -> tuple[str, str, object]:
    return (fold(name), fold(str(school or "")), year or None)


def _load_chunk(chunk: list[AlumniRow], batch: str) -> tuple[int, int]:
    # One row per person within the chunk (a later row says more), then the records already there.
    by_email: dict[str, dict[str, object]] = {}
    by_person: dict[tuple[str, str, object], dict[str, object]] = {}
    for row in chunk:
        values = row.values
        key = _person_key(str(values["name"]), values.get("school"), values.get("year"))
        if values["email_key"]:
            by_email.setdefault(str(values["email_key"]), {}).update(_present(values))
        else:
            by_person.setdefault(key, {}).update(_present(values))
    existing: dict[int, AlumniRecord] = {}
    email_match: dict[str, AlumniRecord] = {}
    for record in AlumniRecord.objects.filter(email_key__in=list(by_email)):
        email_match[record.email_key] = record
        existing[record.pk] = record
    names = {str(v["name"]) for v in by_person.values()}
    names |= {str(v["name"]) for k, v in by_email.items() if k not in email_match}
    person_match: dict[tuple[str, str, object], AlumniRecord] = {}
    for record in AlumniRecord.objects.filter(name__in=list(names)):
        person_match.setdefault(_person_key(record.name, record.school, record.year), record)
        existing.setdefault(record.pk, record)
    new: list[AlumniRecord] = []
    changed: dict[int, AlumniRecord] = {}
    for email_key, values in by_email.items():
        record = email_match.get(email_key)
        if record is None:  # a record without an address may be this person's
            record = person_match.get(
                _person_key(str(values["name"]), values.get("school"), values.get("year"))
            )
            if record is not None and record.email_key:
                record = None
        _place(record, values, new, changed, batch)
        if record is None:  # a row without an address later in the chunk may be this person
            person_match.setdefault(
                _person_key(str(values["name"]), values.get("school"), values.get("year")), new[-1]
            )
    for key, values in by_person.items():
        _place(person_match.get(key), values, new, changed, batch)
    AlumniRecord.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        AlumniRecord.objects.bulk_update(
            list(changed.values()), ["email", "email_key", "name", *DETAILS], batch_size=1000
        )
    return len(new), len(changed)


def _present(values: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in values.items() if v not in ("", None)}


def _place(
    record: AlumniRecord | None,
    values: dict[str, object],
    new: list[AlumniRecord],
    changed: dict[int, AlumniRecord],
    batch: str,
) -> None:
    if record is None:
        new.append(
            AlumniRecord(batch=batch, **{k: v for k, v in values.items() if k in FIELDS or k == "email_key"})
        )
        return
    if record.pk is None:  # added earlier in this chunk
        return
    dirty = False
    for key, value in values.items():
        if (key in FIELDS or key == "email_key") and getattr(record, key) != value:
            setattr(record, key, value)
            dirty = True
    if dirty:
        changed[record.pk] = record


# --- inviting, joining, saying no -----------------------------------------------------------


def alumni_matching(
    *, school: str = "", year: int | None = None, industry: str = "", status: str = AlumniRecord.Status.LOADED
) -> QuerySet[AlumniRecord]:
    found = AlumniRecord.objects.filter(status=status).exclude(email_key="")
    if school:
        found = found.filter(school__iexact=school.strip())
    if year:
        found = found.filter(year=year)
    if industry:
        found = found.filter(industry__iexact=industry.strip())
    return found.order_by("id")


def token_hash(token: str) -> str:
    """As sign-in links keep theirs (accounts/signin.py): only a SHA-256 of the token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Invited:
    record: AlumniRecord
    token: str


def invite(records: Iterable[AlumniRecord], by: AbstractBaseUser) -> list[Invited]:
    """One invitation each (for this alum only, once), and their records marked invited."""
    now = timezone.now()
    invited = [Invited(record, secrets.token_urlsafe(32)) for record in records]
    with transaction.atomic():
        Invitation.objects.bulk_create(
            Invitation(
                token_hash=token_hash(one.token),
                role=Membership.Role.MEMBER,
                alumnus=one.record,
                email=one.record.email,
                note="Invitation to volunteer",
                created_by_id=by.pk,
                expires=now + timedelta(days=INVITATION_DAYS),
                max_uses=1,
            )
            for one in invited
        )
        ids = [one.record.pk for one in invited]
        AlumniRecord.objects.filter(pk__in=ids).update(status=AlumniRecord.Status.INVITED)
    return invited


def invitation_for_token(token: str) -> Invitation | None:
    """An alum's invitation still usable: not revoked, expired or used."""
    now = timezone.now()
    usable = Invitation.objects.filter(
        token_hash=token_hash(token), alumnus__isnull=False, revoked__isnull=True
    )
    found = usable.filter(expires__gt=now).select_related("alumnus").first()
    if found is None or (found.max_uses is not None and found.uses >= found.max_uses):
        return None
    return found


def accept(invitation: Invitation, user: AbstractBaseUser) -> VolunteerProfile:
    """The alum said yes (on joining through their link): a volunteer profile filled from their
    record, kept out of the directory (listed=False) until they confirm it on their profile page."""
    record = invitation.alumnus
    assert record is not None
    with transaction.atomic():
        profile = VolunteerProfile.objects.filter(user_id=user.pk).first()
        if profile is None:
            from coffeechat.community.access import the_community

            headline = " at ".join(v for v in (record.title, record.organization) if v) or record.name
            profile = VolunteerProfile.objects.create(
                user_id=user.pk,
                headline=headline[:200],
                title=record.title,
                organization=record.organization,
                industry=record.industry,
                location=record.location,
                school=record.school,
                year=record.year,
                monthly_cap=the_community().default_monthly_cap,
                listed=False,
            )
        AlumniRecord.objects.filter(pk=record.pk).update(status=AlumniRecord.Status.JOINED, user_id=user.pk)
    return profile


def decline(invitation: Invitation) -> None:
    """The alum said no: their record says so and the link stops working."""
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(revoked=timezone.now())
        AlumniRecord.objects.filter(pk=invitation.alumnus_id).update(status=AlumniRecord.Status.DECLINED)


def status_counts() -> dict[str, int]:
    counts = {status: 0 for status in AlumniRecord.Status.values}
    for row in AlumniRecord.objects.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def invitation_text(record: AlumniRecord, community: str, base_url: str, token: str) -> str:
    from django.urls import reverse

    join = base_url.rstrip("/") + reverse("community:join_invitation", args=[token])
    no = base_url.rstrip("/") + reverse("community:alumni_decline", args=[token])
    return (
        f"Dear {record.name},\n\n"
        f"{community} connects students and career changers with alumni who tell them about their "
        "work in a short informational interview. Would you be one of them? You choose how many "
        "requests a month you take (or pause any time), what your profile shows, and you answer "
        "each request yourself.\n\n"
        f"Yes, tell me more: {join}\n"
        "Your profile starts from what we know about you and is not shown to anyone until you "
        "confirm it.\n\n"
        f"No, thank you: {no}\n"
        f"The link works for {INVITATION_DAYS} days. If you do nothing, we will not write again "
        "about this.\n"
    )
