"""The conversations in a backup: list entries with their events, messages, meetings with what was
planned, noted and thought, referrals, give-backs and keep-in-touch settings."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.conversations import lifecycle
from coffeechat.conversations.models import (
    ConversationEvent,
    GiveBack,
    KeepInTouch,
    Meeting,
    MeetingNotes,
    Message,
    PipelineEntry,
    PlannedQuestion,
    Referral,
    Reflection,
    ResearchItem,
    TodayDecision,
)
from coffeechat.core.backups import CHUNK, IdMaps, Section, iso, parse_date, parse_datetime, register_section
from coffeechat.explore.backup import position_of
from coffeechat.interviews.backup import question_positions

MEETING_FIELDS = ("time_zone", "minutes", "place", "video_link", "phone", "sequence")


def dump(owner: AbstractBaseUser) -> dict[str, Any]:
    position = position_of(owner.pk)
    questions = question_positions(owner.pk)
    meetings = Meeting.objects.filter(owner_id=owner.pk).order_by("pk")
    meeting_position = {pk: n for n, pk in enumerate(meetings.values_list("pk", flat=True))}
    entries = (
        PipelineEntry.objects.filter(exploration__owner_id=owner.pk).order_by("pk").prefetch_related("events")
    )
    return {
        "pipeline": (
            {
                "exploration": position[e.exploration_id],
                "person": e.person_id,
                "stage": e.stage,
                "nudged": e.nudged,
                "before_exit": e.before_exit,
                "updated": iso(e.updated),
                "replied": iso(e.replied),
                "events": [
                    {
                        "kind": v.kind,
                        "at": iso(v.at),
                        "from": v.stage_before,
                        "to": v.stage_after,
                        "note": v.note,
                    }
                    for v in e.events.all()
                ],
            }
            for e in entries.iterator(CHUNK)
        ),
        "messages": (
            {
                "person": m.person_id,
                "exploration": position.get(m.exploration_id),
                "about": m.about_id,
                "meeting": meeting_position.get(m.meeting_id),
                "kind": m.kind,
                "channel": m.channel,
                "subject": m.subject,
                "body": m.body,
                "sent": iso(m.sent),
                "created": iso(m.created),
            }
            for m in Message.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
        ),
        "meetings": (
            _meeting(m, position, questions)
            for m in meetings.select_related("notes", "reflection")
            .prefetch_related("plan", "research", "referrals")
            .iterator(CHUNK)
        ),
        "give_backs": (
            {"person": g.person_id, "kind": g.kind, "note": g.note, "on": iso(g.on)}
            for g in GiveBack.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
        ),
        "keep_in_touch": (
            {"person": k.person_id, "every_months": k.every_months, "stopped": k.stopped}
            for k in KeepInTouch.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
        ),
        "today_decisions": (
            {"key": d.key, "snoozed_until": iso(d.snoozed_until), "dismissed": d.dismissed}
            for d in TodayDecision.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
        ),
    }


def _meeting(meeting: Meeting, position: dict[int, int], questions: dict[int, int]) -> dict[str, Any]:
    """One meeting, its notes and reflection joined in and its lists prefetched (no query here)."""
    reflection = getattr(meeting, "reflection", None)
    notes = getattr(meeting, "notes", None)
    return {
        "person": meeting.person_id,
        "exploration": position.get(meeting.exploration_id),
        "starts": iso(meeting.starts),
        **{f: getattr(meeting, f) for f in MEETING_FIELDS},
        "cancelled": iso(meeting.cancelled),
        "held": iso(meeting.held),
        "clock_started": iso(meeting.clock_started),
        "plan": [
            {
                "theme": p.theme,
                "text": p.text,
                "minutes": p.minutes,
                "answer": p.answer,
                "question": questions.get(p.question_id),
            }
            for p in meeting.plan.all()
        ],
        "notes": notes.text if notes else "",
        "research": [{"label": r.label, "notes": r.notes} for r in meeting.research.all()],
        "reflection": {f: getattr(reflection, f) for f in Reflection.USER_FIELDS} if reflection else None,
        "referrals": [
            {"person": r.person_id, "will_introduce": r.will_introduce} for r in meeting.referrals.all()
        ],
    }


def clear(owner: AbstractBaseUser) -> None:
    for model in (Message, Meeting, GiveBack, KeepInTouch, TodayDecision):
        model.objects.filter(owner_id=owner.pk).delete()
    PipelineEntry.objects.filter(exploration__owner_id=owner.pk).delete()


def load(owner: AbstractBaseUser, data: dict[str, Any], ids: IdMaps) -> None:
    _load_pipeline(data, ids)
    meetings = ids.table("meeting")
    for n, item in enumerate(data.get("meetings", [])):
        where = f"meetings[{n}]"
        meeting = Meeting.objects.create(
            owner_id=owner.pk,
            person_id=ids.get("person", item["person"], f"{where}.person"),
            exploration_id=_exploration(ids, item.get("exploration"), f"{where}.exploration"),
            starts=parse_datetime(item["starts"], f"{where}.starts"),
            cancelled=parse_datetime(item.get("cancelled"), f"{where}.cancelled"),
            held=parse_datetime(item.get("held"), f"{where}.held"),
            clock_started=parse_datetime(item.get("clock_started"), f"{where}.clock_started"),
            **{f: item[f] for f in MEETING_FIELDS if f in item},
        )
        meetings[n] = meeting.pk
        _load_meeting_records(meeting, item, ids, where)
    for n, item in enumerate(data.get("messages", [])):
        where = f"messages[{n}]"
        message = Message.objects.create(
            owner_id=owner.pk,
            person_id=ids.get("person", item["person"], f"{where}.person"),
            exploration_id=_exploration(ids, item.get("exploration"), f"{where}.exploration"),
            about_id=ids.get("person", item["about"], f"{where}.about") if item.get("about") else None,
            meeting_id=ids.get("meeting", item["meeting"], f"{where}.meeting")
            if item.get("meeting") is not None
            else None,
            kind=item["kind"],
            channel=item["channel"],
            subject=item["subject"],
            body=item["body"],
            sent=parse_datetime(item.get("sent"), f"{where}.sent"),
        )
        created = parse_datetime(item.get("created"), f"{where}.created")
        if created:
            Message.objects.filter(pk=message.pk).update(created=created)
    GiveBack.objects.bulk_create(
        GiveBack(
            owner_id=owner.pk,
            person_id=ids.get("person", g["person"], f"give_backs[{n}].person"),
            kind=g["kind"],
            note=g["note"],
            on=parse_date(g["on"], f"give_backs[{n}].on"),
        )
        for n, g in enumerate(data.get("give_backs", []))
    )
    KeepInTouch.objects.bulk_create(
        KeepInTouch(
            owner_id=owner.pk,
            person_id=ids.get("person", k["person"], f"keep_in_touch[{n}].person"),
            every_months=k["every_months"],
            stopped=k["stopped"],
        )
        for n, k in enumerate(data.get("keep_in_touch", []))
    )
    TodayDecision.objects.bulk_create(
        TodayDecision(
            owner_id=owner.pk,
            key=d["key"],
            snoozed_until=parse_date(d.get("snoozed_until"), f"today_decisions[{n}].snoozed_until"),
            dismissed=d["dismissed"],
        )
        for n, d in enumerate(data.get("today_decisions", []))
    )


def _exploration(ids: IdMaps, position: int | None, where: str) -> int | None:
    return ids.get("exploration", position, where) if position is not None else None


def _load_pipeline(data: dict[str, Any], ids: IdMaps) -> None:
    # Backups of version 1 kept each exploration's list inside the exploration.
    items = list(data.get("pipeline", []))
    for n, exploration in enumerate(data.get("explorations", [])):
        items += [{**p, "exploration": n} for p in exploration.get("pipeline", [])]
    for n, item in enumerate(items):
        where = f"pipeline[{n}]"
        stage = {"interviewed": lifecycle.MET}.get(item["stage"], item["stage"])
        entry = PipelineEntry.objects.create(
            exploration_id=ids.get("exploration", item["exploration"], f"{where}.exploration"),
            person_id=ids.get("person", item["person"], f"{where}.person"),
            stage=stage,
            nudged=item.get("nudged", False),
            before_exit=item.get("before_exit", ""),
            replied=parse_datetime(item.get("replied"), f"{where}.replied"),
        )
        updated = parse_datetime(item.get("updated"), f"{where}.updated")
        if updated:
            PipelineEntry.objects.filter(pk=entry.pk).update(updated=updated)
        ConversationEvent.objects.bulk_create(
            ConversationEvent(
                entry=entry,
                kind=v["kind"],
                at=parse_datetime(v["at"], f"{where}.events[{m}].at"),
                stage_before=v["from"],
                stage_after=v["to"],
                note=v.get("note", ""),
            )
            for m, v in enumerate(item.get("events", []))
        )


def _load_meeting_records(meeting: Meeting, item: dict[str, Any], ids: IdMaps, where: str) -> None:
    questions = ids.table("question")
    PlannedQuestion.objects.bulk_create(
        PlannedQuestion(
            meeting=meeting,
            position=n,
            question_id=questions.get(p.get("question")) if p.get("question") is not None else None,
            **{f: p[f] for f in ("theme", "text", "minutes", "answer")},
        )
        for n, p in enumerate(item.get("plan", []))
    )
    if item.get("notes"):
        MeetingNotes.objects.create(meeting=meeting, text=item["notes"])
    ResearchItem.objects.bulk_create(
        ResearchItem(meeting=meeting, position=n, **r) for n, r in enumerate(item.get("research", []))
    )
    if item.get("reflection"):
        Reflection.objects.create(meeting=meeting, **item["reflection"])
    for n, referral in enumerate(item.get("referrals", [])):
        Referral.objects.create(
            meeting=meeting,
            person_id=ids.get("person", referral["person"], f"{where}.referrals[{n}].person"),
            will_introduce=referral["will_introduce"],
        )


register_section(Section("conversations", 50, dump, load, clear))
