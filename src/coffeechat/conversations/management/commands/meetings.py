from argparse import ArgumentParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db.models import QuerySet

from coffeechat.conversations.access import meetings_for_user
from coffeechat.conversations.events import Refused
from coffeechat.conversations.export import meeting_record_to_dict, meeting_status, meeting_to_dict
from coffeechat.conversations.forms import MeetingForm
from coffeechat.conversations.invitations import NEEDS_PERSON, REFUSED, take_invitation
from coffeechat.conversations.meetings import (
    MeetingRefused,
    change_meeting,
    mark_past_meetings_held,
    schedule_meeting,
)
from coffeechat.conversations.models import Meeting
from coffeechat.core import clock
from coffeechat.core.commandline import (
    account_from_options,
    add_actions,
    form_problems,
    get_or_fail,
    write_json,
    write_table,
)
from coffeechat.explore.access import explorations_for_user
from coffeechat.network.access import people_for_user

# The form's fields under the options that fill them.
OPTIONS = {
    "date": "--at",
    "time": "--at",
    "time_zone": "--time-zone",
    "minutes": "--minutes",
    "place": "--where",
    "video_link": "--video",
    "phone": "--phone",
    "exploration": "--exploration",
}


class Command(BaseCommand):
    help = "List, schedule, change and show your meetings, with their plan, notes and reflection."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = add_actions(
            parser,
            {
                "list": "your meetings, earliest first",
                "add": "schedule a meeting, or log one that took place",
                "change": "reschedule a meeting or change where it is",
                "show": "one meeting with its plan, notes and reflection",
                "invitation": "add, move or cancel a meeting from a calendar invitation you received (.ics)",
            },
        )
        when = actions["list"].add_mutually_exclusive_group()
        when.add_argument("--upcoming", action="store_true", help="only those still to come (not cancelled)")
        when.add_argument("--past", action="store_true", help="only those whose end has passed")
        actions["list"].add_argument("--person", type=int, metavar="PERSON_ID", help="only with this person")
        add, change = actions["add"], actions["change"]
        add.add_argument("person_id", type=int)
        add.add_argument("--exploration", type=int, metavar="ID", help="the exploration it is for")
        change.add_argument("meeting_id", type=int)
        actions["show"].add_argument("meeting_id", type=int)
        actions["invitation"].add_argument("file", type=Path, metavar="FILE", help="the invitation (.ics)")
        actions["invitation"].add_argument(
            "--person", type=int, metavar="PERSON_ID", help="whom it is with, when no address matches"
        )
        for sub in (add, change):
            sub.add_argument(
                "--at", required=sub is add, metavar="WHEN", help='date and time, e.g. "2026-12-03 15:00"'
            )
            sub.add_argument("--time-zone", help=f"e.g. Europe/Berlin (default: {settings.TIME_ZONE})")
            sub.add_argument("--minutes", type=int, help="length (default 30)")
            sub.add_argument("--where", help="the place")
            sub.add_argument("--video", help="a video call link")
            sub.add_argument("--phone", help="a phone number to call")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        owner = account_from_options(options)
        mark_past_meetings_held(owner)  # a meeting whose end has passed counts as held, as on Today
        meetings = meetings_for_user(owner).select_related("person__organization", "exploration")
        if action == "invitation":
            self._invitation(owner, meetings, options)
            return
        if action == "list":
            found = _listed(meetings, options)
            if options["json"]:
                write_json(self, [meeting_to_dict(m) for m in found])
                return
            rows = [
                (m.pk, _when(m), m.minutes, m.person.name, m.exploration or "", meeting_status(m))
                for m in found
            ]
            columns = ["id", "when", "min", "with", "exploration", "status"]
            write_table(self, columns, rows, empty="No meetings.")
            return
        if action == "add":
            meeting = _add(owner, options)
        elif action == "change":
            meeting = _change(get_or_fail(meetings, options["meeting_id"], "meeting"), owner, options)
        else:
            meeting = get_or_fail(meetings, options["meeting_id"], "meeting")
        meeting = meetings.get(pk=meeting.pk)
        if options["json"]:
            write_json(self, meeting_record_to_dict(meeting))
        else:
            self.stdout.write(_as_text(meeting_record_to_dict(meeting), meeting))

    def _invitation(self, owner: User, meetings: QuerySet[Meeting], options: dict[str, Any]) -> None:
        """Read the invitation; a refusal, or no one to hold it, fails with what to do."""
        path: Path = options["file"]
        try:
            ics = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from None
        person = None
        if options["person"] is not None:
            person = get_or_fail(people_for_user(owner), options["person"], "person", "--person")
        outcome = take_invitation(owner, ics, person=person)
        if outcome.kind == REFUSED:
            raise CommandError(f"{path}: {outcome.message}")
        if outcome.kind == NEEDS_PERSON:
            raise CommandError(f"{path}: {outcome.message} Give --person ID (see `coffeechat people list`).")
        meeting = meetings.get(pk=outcome.meeting.pk) if outcome.meeting else None
        if options["json"]:
            record = {"outcome": outcome.kind, "message": outcome.message, "notes": list(outcome.notes)}
            write_json(self, {**record, "meeting": meeting_to_dict(meeting) if meeting else None})
            return
        self.stdout.write("\n".join((outcome.message, *outcome.notes)))


def _listed(meetings: QuerySet[Meeting], options: dict[str, Any]) -> list[Meeting]:
    if options["person"] is not None:
        meetings = meetings.filter(person_id=options["person"])
    found, now = list(meetings.order_by("starts", "id")), clock.now()
    if options["upcoming"]:
        # A meeting under way has not ended: it is still to come.
        return [m for m in found if m.cancelled is None and m.ends > now]
    if options["past"]:
        return [m for m in found if m.ends <= now]
    return found


def _form(owner: User, options: dict[str, Any], start: dict[str, Any]) -> MeetingForm:
    """The web form, filled from what is there (`start`) and the options given."""
    data = dict(start)
    if options.get("at") is not None:
        parts = options["at"].replace("T", " ").split()
        if len(parts) != 2:
            raise CommandError(
                f"--at: write a date and a time, like 2026-12-03 15:00 (not {options['at']!r})"
            )
        data["date"], data["time"] = parts
    given = {
        "time_zone": options["time_zone"],
        "minutes": options["minutes"],
        "place": options["where"],
        "video_link": options["video"],
        "phone": options["phone"],
    }
    data.update({field: value for field, value in given.items() if value is not None})
    form = MeetingForm(data, owner=owner)
    if not form.is_valid():
        raise form_problems(form, OPTIONS)
    return form


def _add(owner: User, options: dict[str, Any]) -> Meeting:
    person = get_or_fail(people_for_user(owner), options["person_id"], "person")
    start: dict[str, Any] = {"time_zone": settings.TIME_ZONE, "minutes": 30}
    if options["exploration"] is not None:
        exploration = get_or_fail(
            explorations_for_user(owner), options["exploration"], "exploration", "--exploration"
        )
        start["exploration"] = exploration.pk
    form = _form(owner, options, start)
    try:
        return schedule_meeting(owner, person, form.details())
    except Refused as exc:
        raise CommandError(f"not saved: {exc}") from None


def _change(meeting: Meeting, owner: User, options: dict[str, Any]) -> Meeting:
    form = _form(owner, options, MeetingForm.initial_for(meeting))
    try:
        return change_meeting(meeting, form.details())
    except MeetingRefused as exc:
        raise CommandError(str(exc)) from None


def _when(meeting: Meeting) -> str:
    local = meeting.starts.astimezone(ZoneInfo(meeting.time_zone))
    return f"{local:%Y-%m-%d %H:%M} {meeting.time_zone}"


def _as_text(record: dict[str, Any], meeting: Meeting) -> str:
    """The meeting as a person reads it: when and where, the plan with answers, notes, reflection."""
    org = f" ({record['organization']})" if record["organization"] else ""
    lines = [
        f"Meeting {record['id']}: {record['person']}{org}",
        f"  {_when(meeting)}, {record['minutes']} minutes, {record['status']}",
    ]
    lines += [
        f"  {label}: {record[key]}"
        for label, key in (
            ("Exploration", "exploration"),
            ("Where", "place"),
            ("Video", "video_link"),
            ("Phone", "phone"),
        )
        if record[key]
    ]
    if record["plan"]:
        planned = sum(p["minutes"] for p in record["plan"])
        lines += ["", f"Plan ({planned} minutes of questions):"]
        for n, p in enumerate(record["plan"], 1):
            lines.append(f"  {n}. {p['text']} ({p['minutes']} min)")
            lines += [f"     > {line}" for line in p["answer"].splitlines() if line.strip()]
    if record["notes"].strip():
        lines += ["", "Notes:", *(f"  {line}" for line in record["notes"].splitlines())]
    reflection = getattr(meeting, "reflection", None)
    if reflection is not None:
        lines += ["", "Reflection:"]
        for field, value in record["reflection"].items():
            if value not in ("", None):
                label = str(reflection._meta.get_field(field).verbose_name)
                lines.append(f"  {label}{'' if label.endswith('?') else ':'} {_shown(reflection, field)}")
    if record["referrals"]:
        lines += ["", "Referred you to:"]
        lines += [
            f"  {r['person']} (person {r['person_id']}){', will introduce' if r['will_introduce'] else ''}"
            for r in record["referrals"]
        ]
    return "\n".join(lines)


def _shown(reflection: Any, field: str) -> str:
    display = getattr(reflection, f"get_{field}_display", None)
    return str(display() if display else getattr(reflection, field))
