"""A complete backup of everything an account owns, and rebuilding it from one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from coffeechat.explore.models import Exploration, OrganizationInterest, PipelineEntry
from coffeechat.imports.models import ColumnMapping, ImportRun
from coffeechat.interviews.models import (
    MeetingNotes,
    PlannedQuestion,
    Question,
    Referral,
    Reflection,
    ResearchItem,
)
from coffeechat.lib.text import name_key
from coffeechat.network.models import (
    EmailAddress,
    Organization,
    PastPosition,
    Person,
    PhoneNumber,
    ProfileLink,
    Tag,
    Tie,
)
from coffeechat.network.search import refresh_search_entries
from coffeechat.outreach.models import Meeting, Message, MessageTemplate, Profile

FORMAT = "coffeechat-backup"
VERSION = 1
PERSON_FIELDS = (
    "name",
    "title",
    "location",
    "how_known",
    "tie_strength",
    "tie_context",
    "notes",
    "sensitive",
)
ORGANIZATION_FIELDS = (
    "name",
    "website",
    "domain",
    "industry",
    "size_band",
    "relation",
    "notes",
    "sensitive",
)


class BackupError(ValueError):
    pass


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def make_backup(owner: AbstractBaseUser) -> dict[str, Any]:
    # Explorations are listed in id order; messages and meetings point at them by position.
    exploration_ids = (
        Exploration.objects.filter(owner_id=owner.pk).order_by("pk").values_list("pk", flat=True)
    )
    position = {pk: index for index, pk in enumerate(exploration_ids)}
    people = Person.objects.filter(owner_id=owner.pk).prefetch_related(
        "emails", "phones", "links", "tags", "past_positions"
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": timezone.now().isoformat(),
        "account": owner.get_username(),
        "organizations": [
            {
                "id": o.pk,
                **{f: getattr(o, f) for f in ORGANIZATION_FIELDS},
                "created": _iso(o.created),
            }
            for o in Organization.objects.filter(owner_id=owner.pk).order_by("pk")
        ],
        "tags": [t.name for t in Tag.objects.filter(owner_id=owner.pk).order_by("pk")],
        "people": [
            {
                "id": p.pk,
                **{f: getattr(p, f) for f in PERSON_FIELDS},
                "organization": p.organization_id,
                "known_since": _iso(p.known_since),
                "created": _iso(p.created),
                "emails": [e.address for e in p.emails.all()],
                "phones": [{"raw": ph.raw, "e164": ph.e164} for ph in p.phones.all()],
                "links": [link.url for link in p.links.all()],
                "tags": [t.name for t in p.tags.all()],
                "past_positions": [
                    {
                        "title": pp.title,
                        "organization": pp.organization_name,
                        "until": _iso(pp.until),
                    }
                    for pp in p.past_positions.all()
                ],
            }
            for p in people.order_by("pk")
        ],
        "ties": [
            {"a": t.person_a_id, "b": t.person_b_id, "strength": t.strength, "context": t.context}
            for t in Tie.objects.filter(owner_id=owner.pk).order_by("pk")
        ],
        "explorations": [
            {
                "text": e.text,
                "why": e.why,
                "status": e.status,
                "created": _iso(e.created),
                "target_organizations": [o.pk for o in e.target_organizations.all()],
                "excluded_organizations": [o.pk for o in e.excluded_organizations.all()],
                "excluded_people": [p.pk for p in e.excluded_people.all()],
                "interests": [
                    {"organization": i.organization_id, "score": i.score} for i in e.interests.all()
                ],
                "pipeline": [
                    {"person": p.person_id, "stage": p.stage, "updated": _iso(p.updated)}
                    for p in e.pipeline.all()
                ],
            }
            for e in Exploration.objects.filter(owner_id=owner.pk)
            .order_by("pk")
            .prefetch_related(
                "target_organizations", "excluded_organizations", "excluded_people", "interests", "pipeline"
            )
        ],
        "profile": _profile(owner),
        "message_templates": [
            {"kind": t.kind, "subject": t.subject, "body": t.body}
            for t in MessageTemplate.objects.filter(owner_id=owner.pk).order_by("kind")
        ],
        "messages": [
            {
                "person": m.person_id,
                "exploration": position.get(m.exploration_id),
                "about": m.about_id,
                "kind": m.kind,
                "channel": m.channel,
                "subject": m.subject,
                "body": m.body,
                "sent": _iso(m.sent),
                "created": _iso(m.created),
            }
            for m in Message.objects.filter(owner_id=owner.pk).order_by("pk")
        ],
        "meetings": [
            {
                "person": m.person_id,
                "exploration": position.get(m.exploration_id),
                "starts": _iso(m.starts),
                "time_zone": m.time_zone,
                "minutes": m.minutes,
                "place": m.place,
                "video_link": m.video_link,
                "phone": m.phone,
                **_conversation(m),
            }
            for m in Meeting.objects.filter(owner_id=owner.pk).order_by("pk")
        ],
        "questions": [
            {
                "theme": q.theme,
                "text": q.text,
                "minutes": q.minutes,
                "research_first": q.research_first,
                "archived": q.archived,
                "position": q.position,
            }
            for q in Question.objects.filter(owner_id=owner.pk).order_by("position", "pk")
        ],
        "column_mappings": [
            {"name": m.name, "columns": m.columns, "mapping": m.mapping}
            for m in ColumnMapping.objects.filter(owner_id=owner.pk).order_by("pk")
        ],
        "imports": [
            {
                "file": r.filename,
                "format": r.format,
                "created": _iso(r.created),
                "counts": r.counts,
                "undone": _iso(r.undone),
            }
            for r in ImportRun.objects.filter(owner_id=owner.pk).order_by("pk")
        ],
    }


def _profile(owner: AbstractBaseUser) -> dict[str, Any] | None:
    profile = Profile.objects.filter(owner_id=owner.pk).first()
    return {f: getattr(profile, f) for f in Profile.USER_FIELDS} if profile else None


def _conversation(meeting: Meeting) -> dict[str, Any]:
    """What was planned, noted and thought about one meeting."""
    reflection = Reflection.objects.filter(meeting=meeting).first()
    notes = MeetingNotes.objects.filter(meeting=meeting).first()
    return {
        "plan": [
            {"theme": p.theme, "text": p.text, "minutes": p.minutes, "answer": p.answer}
            for p in meeting.plan.all()
        ],
        "notes": notes.text if notes else "",
        "research": [{"label": r.label, "notes": r.notes} for r in meeting.research.all()],
        "reflection": {f: getattr(reflection, f) for f in Reflection.USER_FIELDS} if reflection else None,
        "referrals": [
            {"person": r.person_id, "will_introduce": r.will_introduce} for r in meeting.referrals.all()
        ],
    }


def owns_anything(owner: AbstractBaseUser) -> bool:
    return (
        Person.objects.filter(owner_id=owner.pk).exists()
        or Organization.objects.filter(owner_id=owner.pk).exists()
    )


@transaction.atomic
def restore_backup(owner: AbstractBaseUser, data: Any, *, replace: bool = False) -> dict[str, int]:
    """Rebuild an account from a backup. The account must be empty unless `replace` is given."""
    _check(data)
    if owns_anything(owner):
        if not replace:
            raise BackupError(
                "this account already has people or organizations; restore into an empty "
                "account, or use --replace to delete them first"
            )
        Person.objects.filter(owner_id=owner.pk).delete()
        Organization.objects.filter(owner_id=owner.pk).delete()
        Tag.objects.filter(owner_id=owner.pk).delete()
        Exploration.objects.filter(owner_id=owner.pk).delete()
        MessageTemplate.objects.filter(owner_id=owner.pk).delete()
        Question.objects.filter(owner_id=owner.pk).delete()
        ColumnMapping.objects.filter(owner_id=owner.pk).delete()
    org_ids: dict[int, int] = {}
    for item in data["organizations"]:
        org = Organization.objects.create(
            owner_id=owner.pk, **{f: item.get(f, "") for f in ORGANIZATION_FIELDS}
        )
        if item.get("created"):
            Organization.objects.filter(pk=org.pk).update(created=datetime.fromisoformat(item["created"]))
        org_ids[item["id"]] = org.pk
    tags: dict[str, Tag] = {}
    for name in data["tags"]:
        tags[name_key(name)] = Tag.objects.create(owner_id=owner.pk, name=name)
    people: dict[int, Person] = {}
    for item in data["people"]:
        person = Person(owner_id=owner.pk, **{f: item.get(f) for f in PERSON_FIELDS})
        person.name_key = name_key(person.name)
        person.organization_id = org_ids.get(item["organization"]) if item.get("organization") else None
        person.known_since = date.fromisoformat(item["known_since"]) if item.get("known_since") else None
        people[item["id"]] = person
    Person.objects.bulk_create(list(people.values()), batch_size=1000)
    for item in data["people"]:
        if item.get("created"):
            people[item["id"]].created = datetime.fromisoformat(item["created"])
    Person.objects.bulk_update(list(people.values()), ["created"], batch_size=1000)  # kept as it was
    through = Person.tags.through
    emails, phones, links, tag_links, positions = [], [], [], [], []
    for item in data["people"]:
        pid = people[item["id"]].pk
        emails += [EmailAddress(person_id=pid, address=a, address_key=a.lower()) for a in item["emails"]]
        phones += [PhoneNumber(person_id=pid, raw=p["raw"], e164=p["e164"]) for p in item["phones"]]
        links += [ProfileLink(person_id=pid, url=u) for u in item["links"]]
        for name in item["tags"]:
            tag = tags.get(name_key(name)) or tags.setdefault(
                name_key(name), Tag.objects.create(owner_id=owner.pk, name=name)
            )
            tag_links.append(through(person_id=pid, tag_id=tag.pk))
        positions += [
            PastPosition(
                person_id=pid,
                title=p["title"],
                organization_name=p["organization"],
                until=date.fromisoformat(p["until"]),
            )
            for p in item.get("past_positions", [])
        ]
    for model, objects in (
        (EmailAddress, emails),
        (PhoneNumber, phones),
        (ProfileLink, links),
        (through, tag_links),
        (PastPosition, positions),
    ):
        model.objects.bulk_create(objects, batch_size=1000)
    ties = []
    for item in data["ties"]:
        a, b = people[item["a"]].pk, people[item["b"]].pk
        ties.append(
            Tie(
                owner_id=owner.pk,
                person_a_id=min(a, b),
                person_b_id=max(a, b),
                strength=item["strength"],
                context=item["context"],
            )
        )
    Tie.objects.bulk_create(ties, batch_size=1000)
    explorations: list[Exploration] = []
    for item in data.get("explorations", []):
        exploration = Exploration.objects.create(
            owner_id=owner.pk, text=item["text"], why=item["why"], status=item["status"]
        )
        Exploration.objects.filter(pk=exploration.pk).update(created=datetime.fromisoformat(item["created"]))
        explorations.append(exploration)
        exploration.target_organizations.set([org_ids[o] for o in item["target_organizations"]])
        exploration.excluded_organizations.set([org_ids[o] for o in item["excluded_organizations"]])
        exploration.excluded_people.set([people[p].pk for p in item["excluded_people"]])
        OrganizationInterest.objects.bulk_create(
            [
                OrganizationInterest(
                    exploration=exploration, organization_id=org_ids[i["organization"]], score=i["score"]
                )
                for i in item["interests"]
            ]
        )
        entries = PipelineEntry.objects.bulk_create(
            [
                PipelineEntry(exploration=exploration, person_id=people[p["person"]].pk, stage=p["stage"])
                for p in item["pipeline"]
            ]
        )
        for entry, p in zip(entries, item["pipeline"], strict=True):
            PipelineEntry.objects.filter(pk=entry.pk).update(updated=datetime.fromisoformat(p["updated"]))
    _restore_outreach(owner, data, people, explorations)
    for item in data.get("column_mappings", []):
        ColumnMapping.objects.create(
            owner_id=owner.pk, name=item["name"], columns=item["columns"], mapping=item["mapping"]
        )
    for item in data.get("imports", []):
        run = ImportRun.objects.create(
            owner_id=owner.pk, filename=item["file"], format=item["format"], counts=item["counts"]
        )
        ImportRun.objects.filter(pk=run.pk).update(
            created=datetime.fromisoformat(item["created"]),
            undone=datetime.fromisoformat(item["undone"]) if item.get("undone") else None,
        )
    refresh_search_entries([p.pk for p in people.values()])
    return {"people": len(people), "organizations": len(org_ids), "ties": len(ties)}


def _restore_outreach(
    owner: AbstractBaseUser, data: dict[str, Any], people: dict[int, Person], explorations: list[Exploration]
) -> None:
    if data.get("profile"):
        Profile.objects.update_or_create(owner_id=owner.pk, defaults=data["profile"])
    Question.objects.bulk_create(Question(owner_id=owner.pk, **q) for q in data.get("questions", []))
    for item in data.get("message_templates", []):
        MessageTemplate.objects.create(owner_id=owner.pk, **item)

    def exploration(index: int | None) -> Exploration | None:
        return explorations[index] if index is not None else None

    for item in data.get("messages", []):
        message = Message.objects.create(
            owner_id=owner.pk,
            person=people[item["person"]],
            exploration=exploration(item["exploration"]),
            about=people[item["about"]] if item.get("about") in people else None,
            kind=item["kind"],
            channel=item["channel"],
            subject=item["subject"],
            body=item["body"],
            sent=datetime.fromisoformat(item["sent"]) if item.get("sent") else None,
        )
        Message.objects.filter(pk=message.pk).update(created=datetime.fromisoformat(item["created"]))
    for item in data.get("meetings", []):
        meeting = Meeting.objects.create(
            owner_id=owner.pk,
            person=people[item["person"]],
            exploration=exploration(item["exploration"]),
            starts=datetime.fromisoformat(item["starts"]),
            time_zone=item["time_zone"],
            minutes=item["minutes"],
            place=item["place"],
            video_link=item["video_link"],
            phone=item["phone"],
        )
        _restore_conversation(meeting, item, people)


def _restore_conversation(meeting: Meeting, item: dict[str, Any], people: dict[int, Person]) -> None:
    PlannedQuestion.objects.bulk_create(
        PlannedQuestion(meeting=meeting, position=n, **p) for n, p in enumerate(item.get("plan", []))
    )
    if item.get("notes"):
        MeetingNotes.objects.create(meeting=meeting, text=item["notes"])
    ResearchItem.objects.bulk_create(
        ResearchItem(meeting=meeting, position=n, **r) for n, r in enumerate(item.get("research", []))
    )
    if item.get("reflection"):
        Reflection.objects.create(meeting=meeting, **item["reflection"])
    for referral in item.get("referrals", []):
        Referral.objects.create(
            meeting=meeting, person=people[referral["person"]], will_introduce=referral["will_introduce"]
        )


def _check(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("this is not a coffeechat backup (its 'format' is not coffeechat-backup)")
    if data.get("version") != VERSION:
        raise BackupError(
            f"backup version {data.get('version')!r} is not one this coffeechat reads ({VERSION})"
        )
    for key in ("organizations", "tags", "people", "ties"):
        if not isinstance(data.get(key), list):
            raise BackupError(f"the backup has no {key!r} list")
    ids = {p.get("id") for p in data["people"]}
    for tie in data["ties"]:
        if tie.get("a") not in ids or tie.get("b") not in ids:
            raise BackupError(f"a tie names a person the backup does not have ({tie})")
