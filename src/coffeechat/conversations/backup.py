"""The conversations in a backup: list entries with their events, messages, meetings with what was
planned, noted and thought, referrals, give-backs, keep-in-touch settings and interactions
(mail and LinkedIn messages)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.conversations import lifecycle
from coffeechat.conversations.models import (
    ConversationEvent,
    GiveBack,
    Interaction,
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
from coffeechat.core.backups import (
    CHUNK,
    BackupError,
    IdMaps,
    Section,
    Shape,
    column,
    columns_of,
    iso,
    list_of,
    optional,
    reference,
    register_section,
    text,
    time_zone,
)
from coffeechat.explore.backup import position_of
from coffeechat.interviews.backup import question_positions

MEETING_FIELDS = (
    "time_zone",
    "minutes",
    "place",
    "video_link",
    "phone",
    "sequence",
    "invitation_uid",
    "invitation_sequence",
)


def dump(owner: AbstractBaseUser) -> dict[str, Any]:
    position = position_of(owner.pk)
    questions = question_positions(owner.pk)
    meetings = Meeting.objects.filter(owner_id=owner.pk).order_by("pk")
    meeting_position = {pk: n for n, pk in enumerate(meetings.values_list("pk", flat=True))}
    entries = (
        PipelineEntry.objects.filter(exploration__owner_id=owner.pk).order_by("pk").prefetch_related("events")
    )
    messages = Message.objects.filter(owner_id=owner.pk).order_by("pk")
    message_position = {pk: n for n, pk in enumerate(messages.values_list("pk", flat=True))}
    positions = {
        "pipeline": {pk: n for n, pk in enumerate(entries.values_list("pk", flat=True))},
        "meeting": meeting_position,
    }
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
                "message_id": m.message_id,
            }
            for m in messages.iterator(CHUNK)
        ),
        "interactions": (
            {
                "person": i.person_id,
                "at": iso(i.at),
                "channel": i.channel,
                "direction": i.direction,
                "subject": i.subject,
                "text": i.text,
                "source_key": i.source_key,
                "reply_to": message_position.get(i.reply_to_id),
            }
            for i in Interaction.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
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
            {"key": key, "snoozed_until": iso(d.snoozed_until), "dismissed": d.dismissed}
            for d in TodayDecision.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
            if (key := _key_in_file(d.key, positions)) is not None
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
    for model in (Interaction, Message, Meeting, GiveBack, KeepInTouch, TodayDecision):
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
            exploration_id=_optional(ids, "exploration", item, where),
            **_only(item, "starts", "cancelled", "held", "clock_started", *MEETING_FIELDS),
        )
        meetings[n] = meeting.pk
        _load_meeting_records(meeting, item, ids, where)
    messages = ids.table("message")
    for n, item in enumerate(data.get("messages", [])):
        where = f"messages[{n}]"
        message = Message.objects.create(
            owner_id=owner.pk,
            person_id=ids.get("person", item["person"], f"{where}.person"),
            exploration_id=_optional(ids, "exploration", item, where),
            about_id=_optional(ids, "person", item, where, key="about"),
            meeting_id=_optional(ids, "meeting", item, where),
            **_only(item, "kind", "channel", "subject", "body", "sent", "message_id"),
        )
        messages[n] = message.pk
        if item.get("created"):
            Message.objects.filter(pk=message.pk).update(created=item["created"])
    for model, key in ((GiveBack, "give_backs"), (KeepInTouch, "keep_in_touch")):
        model.objects.bulk_create(
            model(
                owner_id=owner.pk,
                person_id=ids.get("person", item["person"], f"{key}[{n}].person"),
                **{k: v for k, v in item.items() if k != "person"},
            )
            for n, item in enumerate(data.get(key, []))
        )
    Interaction.objects.bulk_create(
        Interaction(
            owner_id=owner.pk,
            person_id=ids.get("person", item["person"], f"interactions[{n}].person"),
            reply_to_id=_optional(ids, "message", item, f"interactions[{n}]", key="reply_to"),
            **_only(item, "at", "channel", "direction", "subject", "text", "source_key"),
        )
        for n, item in enumerate(data.get("interactions", []))
    )
    TodayDecision.objects.bulk_create(
        TodayDecision(
            owner_id=owner.pk, **{**d, "key": _key_in_database(d["key"], ids, f"today_decisions[{n}].key")}
        )
        for n, d in enumerate(data.get("today_decisions", []))
    )


def _only(item: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: item[k] for k in keys if k in item}


def _optional(ids: IdMaps, kind: str, item: dict[str, Any], where: str, key: str = "") -> int | None:
    """The new id of an optional reference (`kind` is also its key unless `key` says otherwise)."""
    key = key or kind
    return ids.get(kind, item[key], f"{where}.{key}") if item.get(key) is not None else None


# Today's items are named by the row they are about ("nudge:<entry id>"); the file names that row
# the way it names everything else (a position, or a person's id in the file).
TODAY_REFERENCES = {
    "nudge": "pipeline",
    "give_up": "pipeline",
    "next": "pipeline",
    "meeting": "meeting",
    "thank": "meeting",
    "thank_introducer": "meeting",
    "reflect": "meeting",
    "check_in": "person",
}


def _key_in_file(key: str, positions: dict[str, dict[int, int]]) -> str | None:
    kind, _, rest = key.partition(":")
    pk, colon, tail = rest.partition(":")
    table = TODAY_REFERENCES.get(kind)
    if table is None or not pk.isascii() or not pk.isdigit():
        return None
    found = int(pk) if table == "person" else positions[table].get(int(pk))
    return None if found is None else f"{kind}:{found}{colon}{tail}"  # None: its row is gone


def _key_in_database(key: str, ids: IdMaps, where: str) -> str:
    kind, _, rest = key.partition(":")
    ref, colon, tail = rest.partition(":")
    table = TODAY_REFERENCES.get(kind)
    if table is None:
        raise BackupError(f"{where}: {kind!r} is not an item of Today")
    if not (ref.isascii() and ref.isdigit() and len(ref) < 19):
        raise BackupError(f"{where}: {ref[:40]!r} is not a number")
    return f"{kind}:{ids.get(table, int(ref), where)}{colon}{tail}"


def _load_pipeline(data: dict[str, Any], ids: IdMaps) -> None:
    table = ids.table("pipeline")
    for n, item in enumerate(data.get("pipeline", [])):
        where = f"pipeline[{n}]"
        entry = PipelineEntry.objects.create(
            exploration_id=ids.get("exploration", item["exploration"], f"{where}.exploration"),
            person_id=ids.get("person", item["person"], f"{where}.person"),
            **_only(item, "stage", "nudged", "before_exit", "replied"),
        )
        table[n] = entry.pk
        if item.get("updated"):
            PipelineEntry.objects.filter(pk=entry.pk).update(updated=item["updated"])
        ConversationEvent.objects.bulk_create(
            ConversationEvent(
                entry=entry,
                stage_before=v.get("from", ""),
                stage_after=v.get("to", ""),
                **_only(v, "kind", "at", "note"),
            )
            for v in item.get("events", [])
        )


def _load_meeting_records(meeting: Meeting, item: dict[str, Any], ids: IdMaps, where: str) -> None:
    PlannedQuestion.objects.bulk_create(
        PlannedQuestion(
            meeting=meeting,
            position=n,
            question_id=_optional(ids, "question", p, f"{where}.plan[{n}]"),
            **_only(p, "theme", "text", "minutes", "answer"),
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
            will_introduce=referral.get("will_introduce", False),
        )


def _stage_or_empty(value: Any, where: str) -> str:
    if text(value, where) and value not in lifecycle.STAGES:
        raise BackupError(f"{where}: {value[:40]!r} is not a stage")
    return value


EVENT = Shape(
    {
        "kind": column(ConversationEvent, "kind"),
        "at": column(ConversationEvent, "at"),
        "from": column(ConversationEvent, "stage_before"),
        "to": column(ConversationEvent, "stage_after"),
        "note": column(ConversationEvent, "note"),
    },
    frozenset({"kind", "at", "from", "to"}),
)


def _stage(value: Any, where: str) -> str:
    # Version 1 called having met someone "interviewed".
    return column(PipelineEntry, "stage")(lifecycle.MET if value == "interviewed" else value, where)


PIPELINE_ENTRY = Shape(
    columns_of(
        PipelineEntry,
        "nudged",
        "replied",
        "updated",
        exploration=reference,
        person=reference,
        stage=_stage,
        before_exit=_stage_or_empty,
        events=list_of(EVENT),
    ),
    frozenset({"exploration", "person"}),
)
MESSAGE = Shape(
    columns_of(
        Message,
        "kind",
        "channel",
        "subject",
        "body",
        "sent",
        "created",
        "message_id",
        person=reference,
        exploration=optional(reference),
        about=optional(reference),
        meeting=optional(reference),
    ),
    frozenset({"person", "kind", "body"}),
)
MEETING = Shape(
    columns_of(
        Meeting,
        "starts",
        "cancelled",
        "held",
        "clock_started",
        *MEETING_FIELDS,
        person=reference,
        exploration=optional(reference),
        time_zone=lambda value, where: column(Meeting, "time_zone")(time_zone(value, where), where),
        plan=list_of(
            Shape(
                columns_of(
                    PlannedQuestion, "theme", "text", "minutes", "answer", question=optional(reference)
                ),
                frozenset({"theme", "text"}),
            )
        ),
        notes=column(MeetingNotes, "text"),
        research=list_of(Shape(columns_of(ResearchItem, "label", "notes"), frozenset({"label"}))),
        reflection=optional(Shape(columns_of(Reflection, *Reflection.USER_FIELDS))),
        referrals=list_of(
            Shape(columns_of(Referral, "will_introduce", person=reference), frozenset({"person"}))
        ),
    ),
    frozenset({"person", "starts"}),
)
KEYS = {
    "pipeline": list_of(PIPELINE_ENTRY, {"person": lambda p: (p["exploration"], p["person"])}),
    "messages": list_of(MESSAGE),
    "meetings": list_of(MEETING),
    "give_backs": list_of(
        Shape(columns_of(GiveBack, "kind", "note", "on", person=reference), frozenset({"person", "on"}))
    ),
    "keep_in_touch": list_of(
        Shape(columns_of(KeepInTouch, "every_months", "stopped", person=reference), frozenset({"person"})),
        {"person": lambda k: k["person"]},
    ),
    "interactions": list_of(
        Shape(
            columns_of(
                Interaction,
                "at",
                "channel",
                "direction",
                "subject",
                "text",
                "source_key",
                person=reference,
                reply_to=optional(reference),
            ),
            frozenset({"person", "at", "channel", "direction", "source_key"}),
        ),
        {"source_key": lambda i: i["source_key"]},
    ),
    "today_decisions": list_of(
        Shape(columns_of(TodayDecision, "key", "snoozed_until", "dismissed"), frozenset({"key"})),
        {"key": lambda d: d["key"]},
    ),
}


register_section(Section("conversations", 50, dump, load, clear, KEYS))
