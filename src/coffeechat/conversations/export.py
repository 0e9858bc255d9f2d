"""Plain-data forms of conversation records, for the commands' `--json` output."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from coffeechat.conversations.models import GiveBack, Meeting, Reflection


def meeting_status(meeting: Meeting) -> str:
    """A meeting's own state (not the conversation's stage, which only the lifecycle names)."""
    if meeting.cancelled is not None:
        return "cancelled"
    return "held" if meeting.held is not None else "upcoming"


def meeting_to_dict(meeting: Meeting) -> dict[str, Any]:
    """Times in the meeting's own time zone; expects person, organization and exploration selected."""
    zone = ZoneInfo(meeting.time_zone)
    organization = meeting.person.organization
    return {
        "id": meeting.pk,
        "person_id": meeting.person_id,
        "person": meeting.person.name,
        "organization": organization.name if organization else "",
        "exploration_id": meeting.exploration_id,
        "exploration": meeting.exploration.text if meeting.exploration else "",
        "starts": meeting.starts.astimezone(zone).isoformat(),
        "ends": meeting.ends.astimezone(zone).isoformat(),
        "time_zone": meeting.time_zone,
        "minutes": meeting.minutes,
        "place": meeting.place,
        "video_link": meeting.video_link,
        "phone": meeting.phone,
        "status": meeting_status(meeting),
        "held": meeting.held.isoformat() if meeting.held else None,
        "cancelled": meeting.cancelled.isoformat() if meeting.cancelled else None,
    }


def meeting_record_to_dict(meeting: Meeting) -> dict[str, Any]:
    """The meeting with what was prepared, noted and thought of it."""
    notes = getattr(meeting, "notes", None)
    reflection: Reflection | None = getattr(meeting, "reflection", None)
    return {
        **meeting_to_dict(meeting),
        "plan": [
            {
                "question_id": p.question_id,
                "theme": p.theme,
                "text": p.text,
                "minutes": p.minutes,
                "answer": p.answer,
            }
            for p in meeting.plan.all()
        ],
        "notes": notes.text if notes else "",
        "research": [{"label": r.label, "notes": r.notes} for r in meeting.research.all()],
        "reflection": {f: getattr(reflection, f) for f in Reflection.USER_FIELDS} if reflection else None,
        "referrals": [
            {"person_id": r.person_id, "person": r.person.name, "will_introduce": r.will_introduce}
            for r in meeting.referrals.select_related("person")
        ],
    }


def give_back_to_dict(give_back: GiveBack) -> dict[str, Any]:
    return {
        "id": give_back.pk,
        "person_id": give_back.person_id,
        "person": give_back.person.name,
        "date": give_back.on.isoformat(),
        "kind": give_back.kind,
        "kind_name": give_back.get_kind_display(),
        "note": give_back.note,
    }
