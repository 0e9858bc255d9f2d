"""How fast the insights pages answer with 500 conversations over 20 explorations."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.conversations import lifecycle
from coffeechat.conversations.events import record_event
from coffeechat.conversations.models import (
    Meeting,
    MeetingNotes,
    Message,
    PipelineEntry,
    PlannedQuestion,
    Referral,
    Reflection,
)
from coffeechat.explore.bench import EXPLORATIONS
from coffeechat.explore.models import Exploration
from coffeechat.interviews.bank import QUESTIONS
from coffeechat.network.bench import Timing
from coffeechat.network.models import Person
from coffeechat.network.sample import make_sample_network

SKILLS = [
    "SQL",
    "storytelling",
    "statistics",
    "user interviews",
    "budgeting",
    "coaching",
    "Python",
    "writing",
]


def make_conversations(
    owner: User,
    conversations: int,
    explorations: int,
    rng: random.Random,
    people: int = 0,
    ties_per_person: int = 2,
) -> None:
    """`conversations` held meetings with their messages, plans, notes and reflections, over a new
    network of `people` (at least four per conversation and 200)."""
    make_sample_network(owner, max(people, conversations * 4, 200), ties_per_person=ties_per_person)
    people = list(Person.objects.filter(owner=owner).values_list("pk", flat=True))
    topics = [
        Exploration.objects.create(owner=owner, text=EXPLORATIONS[i % len(EXPLORATIONS)])
        for i in range(explorations)
    ]
    now = timezone.now()
    chosen = rng.sample(people, conversations)
    for n, pid in enumerate(chosen):
        topic = topics[n % len(topics)]
        asked = now - timedelta(days=rng.randrange(5, 120))
        kind = rng.choice(["direct_request", "referred_request", "intro_request"])
        Message.objects.create(owner=owner, person_id=pid, exploration=topic, kind=kind, body="…", sent=asked)
        entry = PipelineEntry.objects.create(exploration=topic, person_id=pid)
        record_event(entry, lifecycle.REQUEST_SENT_EVENT, at=asked)
        record_event(entry, lifecycle.REPLY_RECORDED, at=asked + timedelta(days=rng.randrange(0, 10)))
        starts = asked + timedelta(days=rng.randrange(10, 20))
        meeting = Meeting.objects.create(
            owner=owner,
            person_id=pid,
            exploration=topic,
            starts=starts,
            held=starts + timedelta(minutes=30),
        )
        PlannedQuestion.objects.bulk_create(
            PlannedQuestion(
                meeting=meeting,
                theme=theme,
                text=text,
                minutes=minutes,
                position=i,
                answer=", ".join(rng.sample(SKILLS, 2)),
            )
            for i, (theme, minutes, _, text) in enumerate(rng.sample(QUESTIONS, 8))
        )
        MeetingNotes.objects.create(
            meeting=meeting, text="Join the local association; read the trade journal."
        )
        Reflection.objects.create(
            meeting=meeting,
            fit=rng.randint(1, 5),
            pursue=rng.choice(["yes", "maybe", "no"]),
            appealed="The people",
            skills_to_build=rng.choice(SKILLS),
        )
        if n and rng.random() < 0.3:
            Referral.objects.create(meeting=meeting, person_id=rng.choice(chosen[:n]))


def run_insights_bench(
    conversations: int, explorations: int, rounds: int, progress: Callable[[str], None]
) -> dict[str, Any]:
    owner = User.objects.create_user("bench-insights")
    started = time.perf_counter()
    make_conversations(owner, conversations, explorations, random.Random(17))
    seconds = time.perf_counter() - started
    progress(f"made {conversations} conversations over {explorations} explorations in {seconds:.1f} s")
    client = Client()
    client.force_login(owner)
    first = Exploration.objects.filter(owner=owner).order_by("pk").first()
    pages = {
        "insights overview": "/insights/",
        "insights of one exploration": f"/insights/explorations/{first.pk}/",
        "report (Markdown)": "/insights/report/?format=md",
    }
    timings = []
    for name, url in pages.items():
        client.get(url)
        samples = []
        for _ in range(rounds):
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.append(Timing(name, samples).as_dict())
    return {
        "conversations": conversations,
        "explorations": explorations,
        "rounds": rounds,
        "timings": timings,
    }
