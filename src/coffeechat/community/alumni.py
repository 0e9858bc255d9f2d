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

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from coffeechat.community.alumni_files import AlumniFile, AlumniRow, read_alumni
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


def _tally(check: Check, row: AlumniRow) -> None:
    check.rows += 1
    if row.problems:
        check.bad_rows += 1
        room = SHOWN_PROBLEMS - len(check.problems)
        check.problems.extend(row.problems[: max(room, 0)])


def check_file(found: AlumniFile, mapping: dict[str, str]) -> Check:
    """The preview: every row read and checked, nothing written."""
    check = Check()
    for row in read_alumni(found, mapping):
        _tally(check, row)
    return check


class _Refusing(Exception):
    """Raised inside the transaction so that it rolls back."""


def load_alumni(
    found: AlumniFile, mapping: dict[str, str], *, skip_problems: bool = False, batch: str = ""
) -> LoadResult:
    """Read, check and load the file in one pass and one transaction. A row with a problem, unless
    staff chose to skip such rows, rolls it all back (the rest is still read, so every problem is
    listed) and raises LoadRefused: nothing is loaded."""
    started = time.perf_counter()
    check = Check()
    added = updated = 0
    batch = (batch or found.name)[:100]
    pending: list[AlumniRow] = []
    try:
        with transaction.atomic():
            for row in read_alumni(found, mapping):
                _tally(check, row)
                if check.bad_rows and not skip_problems:
                    pending.clear()  # only reading on, for the list of problems
                elif not row.problems:
                    pending.append(row)
                    if len(pending) == BATCH:
                        added, updated = _add(_load_chunk(pending, batch), added, updated)
                        pending.clear()
            if check.bad_rows and not skip_problems:
                raise _Refusing
            if pending:
                added, updated = _add(_load_chunk(pending, batch), added, updated)
    except _Refusing:
        raise LoadRefused(check) from None
    return LoadResult(
        rows=check.rows,
        added=added,
        updated=updated,
        unchanged=check.good_rows - added - updated,
        skipped=check.bad_rows,
        seconds=time.perf_counter() - started,
        problems=check.problem_lines(),
    )


def _add(counts: tuple[int, int], added: int, updated: int) -> tuple[int, int]:
    return added + counts[0], updated + counts[1]


PersonKey = tuple[str, str, object]
KEPT = ("name", "email", "email_key", *DETAILS)  # what a row sets; the rest is the record's own


def _person_key(name: object, school: object, year: object) -> PersonKey:
    return (fold(str(name)), fold(str(school or "")), year or None)


def _load_chunk(chunk: list[AlumniRow], batch: str) -> tuple[int, int]:
    """One chunk written: one row per person (a later row fills in what an earlier one lacked),
    each the record with their address or, without one, their name, school and year."""
    by_email: dict[str, dict[str, object]] = {}
    by_person: dict[PersonKey, dict[str, object]] = {}
    for row in chunk:
        values = row.values
        email_key = str(values["email_key"])
        if email_key:
            known = by_email.get(email_key)
        else:
            key = _person_key(values["name"], values.get("school"), values.get("year"))
            known = by_person.get(key)
        if known is None:
            (by_email if email_key else by_person)[email_key or key] = values  # type: ignore[index]
        else:
            known.update({k: v for k, v in values.items() if v not in ("", None)})
    # The records already there, as plain values: id first, then KEPT.
    records: dict[int, list[object]] = {}
    email_match: dict[str, int] = {}
    for record in _records_where("email_key", list(by_email)):
        records[record[0]] = list(record)
        email_match[str(record[3])] = record[0]
    unmatched = [v for k, v in by_email.items() if k not in email_match]
    # A row with an address may be a record loaded without one (only looked for when there is one).
    looking = [*by_person.values(), *unmatched] if by_person or _addressless() else []
    person_match: dict[PersonKey, int] = {}
    if looking:
        names = list({str(v["name"]) for v in looking})
        for record in _records_where("name", names):
            records.setdefault(record[0], list(record))
            person_match.setdefault(_person_key(record[1], record[8], record[9]), record[0])
    new: list[dict[str, object]] = []
    changed: set[int] = set()
    for email_key, values in by_email.items():
        pk = email_match.get(email_key)
        if pk is None and looking:
            pk = person_match.get(_person_key(values["name"], values.get("school"), values.get("year")))
            if pk is not None and (pk == -1 or records[pk][3]):
                pk = None  # that record has an address of its own: another person
        _place(pk, values, records, new, changed)
        if pk is None and looking:  # a row without an address later in the chunk may be this person
            person_match.setdefault(_person_key(values["name"], values.get("school"), values.get("year")), -1)
    for key, values in by_person.items():
        _place(person_match.get(key), values, records, new, changed)
    _insert(new, batch)
    if changed:
        AlumniRecord.objects.bulk_update(
            [AlumniRecord(**dict(zip(("id", *KEPT), records[pk], strict=True))) for pk in changed],
            list(KEPT),
            batch_size=1000,
        )
    return len(new), len(changed)


def _records_where(column: str, values: list[str]) -> list[tuple[object, ...]]:
    """(id, *KEPT) of the records whose column holds one of the values. PostgreSQL is sent one
    array (`= ANY`): 5,000 separate parameters took ten times as long to send and plan."""
    if connection.vendor != "postgresql":
        return list(AlumniRecord.objects.filter(**{f"{column}__in": values}).values_list("id", *KEPT))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("id", *KEPT))
    table = quote(AlumniRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {quote(column)} = ANY(%s)", [values])
        return cursor.fetchall()


def _addressless() -> bool:
    return AlumniRecord.objects.filter(email_key="").exists()


def _place(
    pk: int | None,
    values: dict[str, object],
    records: dict[int, list[object]],
    new: list[dict[str, object]],
    changed: set[int],
) -> None:
    if pk is None:
        new.append(values)
        return
    if pk == -1:  # added earlier in this chunk
        return
    record = records[pk]
    for at, key in enumerate(KEPT, start=1):
        value = values.get(key)
        if value not in ("", None) and record[at] != value:
            record[at] = value
            changed.add(pk)


INSERTED = (*KEPT, "batch", "status", "loaded")


def _insert(new: list[dict[str, object]], batch: str) -> None:
    """New records written as the database loads rows fastest (COPY on PostgreSQL, executemany on
    SQLite): Django's bulk_create spent most of a million-row load preparing each value."""
    if not new:
        return
    tail = (batch, AlumniRecord.Status.LOADED.value, connection.ops.adapt_datetimefield_value(timezone.now()))
    rows = [(*(values.get(key, "") for key in KEPT[:-1]), values.get("year"), *tail) for values in new]
    table = connection.ops.quote_name(AlumniRecord._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in INSERTED)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(INSERTED))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


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
