"""Invented volunteers for measuring the directory (and for `bench community` to reuse).

`make_volunteers(n)` writes n accounts, memberships and listed profiles in bulk, their meaning
words embedded in batches; `time_directory()` times searches, filtered searches and rankings for
explorations through the directory page itself, as a member would ask.
"""

from __future__ import annotations

import random
import secrets
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from coffeechat.community.models import Membership, VolunteerProfile
from coffeechat.community.volunteering import MEANING_FIELDS, meaning_vectors, prepare, shown_text

ROLES = {
    "Health care": [
        "Registered Nurse",
        "Design Researcher",
        "Hospital Administrator",
        "Physician Assistant",
        "Clinical Data Analyst",
        "Health Policy Advisor",
        "Physical Therapist",
    ],
    "Software": [
        "Software Engineer",
        "UX Researcher",
        "Product Manager",
        "Data Scientist",
        "UX Designer",
        "Engineering Manager",
        "Site Reliability Engineer",
        "Technical Writer",
    ],
    "Finance": ["Financial Analyst", "Accountant", "Investment Banker", "Risk Manager", "Auditor"],
    "Education": [
        "High School Teacher",
        "Instructional Designer",
        "School Counselor",
        "Professor of History",
    ],
    "Law": ["Patent Attorney", "Paralegal", "Public Defender", "Compliance Officer"],
    "Consulting": ["Management Consultant", "Market Research Analyst", "Strategy Associate"],
    "Government": ["Policy Analyst", "City Planner", "Diplomat", "Program Officer"],
    "Nonprofit": ["Grant Writer", "Volunteer Coordinator", "Development Director", "Community Organizer"],
    "Media": ["Journalist", "Editor", "Podcast Producer", "Social Media Manager"],
    "Chemicals": ["Research Chemist", "Process Engineer", "Lab Technician", "Quality Manager"],
    "Energy": ["Solar Project Developer", "Electrical Engineer", "Energy Analyst"],
    "Retail": ["Store Manager", "Merchandiser", "Supply Chain Analyst", "Buyer"],
}
TOPICS = [
    "switching careers",
    "getting a first job",
    "graduate school",
    "portfolios",
    "interviewing patients",
    "usability testing",
    "working abroad",
    "negotiating an offer",
    "remote work",
    "leading a team",
    "public speaking",
    "freelancing",
    "data visualisation",
    "writing grants",
    "licensing exams",
    "night shifts",
    "startups",
    "large companies",
    "working in government",
    "networking as an introvert",
]
CITIES = [
    "Boston",
    "Denver",
    "Chicago",
    "Austin",
    "Seattle",
    "Toronto",
    "London",
    "Berlin",
    "Atlanta",
    "San Francisco",
    "New York",
    "Lisbon",
    "Nairobi",
    "Remote",
]
SCHOOLS = ["State University", "Tufts", "City College", "Northeastern", "Community College", "Tech Institute"]
ORG_WORDS = ["Acme", "Blue", "North", "Summit", "River", "Bright", "Harbor", "Pioneer", "Union", "Cedar"]
ORG_KINDS = ["Health", "Labs", "Partners", "Bank", "Group", "Systems", "Foundation", "Hospital", "Media"]
BATCH = 5000


def invented_profile(rng: random.Random) -> dict[str, object]:
    industry = rng.choice(list(ROLES))
    title = rng.choice(ROLES[industry])
    earlier = rng.sample([t for ts in ROLES.values() for t in ts], 2)
    hidden = rng.sample(["organization", "school", "year", "location", "earlier_roles"], rng.randint(0, 2))
    return {
        "headline": f"{title} in {industry.lower()}, glad to talk about {rng.choice(TOPICS)}",
        "title": title,
        "organization": f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)} {rng.randint(1, 60)}",
        "industry": industry,
        "location": rng.choice(CITIES),
        "school": rng.choice(SCHOOLS),
        "year": rng.randint(1985, 2024),
        "earlier_roles": "\n".join(earlier),
        "topics": "\n".join(rng.sample(TOPICS, 3)),
        "ways": rng.sample(["video", "phone", "in_person"], rng.randint(1, 3)),
        "languages": rng.choice(["English", "English, Spanish", "English, French", "Portuguese"]),
        "monthly_cap": rng.randint(1, 6),
        "shown": [f for f in VolunteerProfile.SHOWABLE if f not in hidden],
    }


def make_volunteers(n: int, seed: int = 14, prefix: str = "volunteer") -> int:
    """n volunteers (accounts, memberships, listed profiles), written BATCH at a time."""
    rng = random.Random(seed)
    users = get_user_model()
    start = users.objects.filter(username__startswith=prefix).count()
    for first in range(start, start + n, BATCH):
        count = min(BATCH, start + n - first)
        with transaction.atomic():
            made = users.objects.bulk_create(
                [users(username=f"{prefix}{first + i}", password="!") for i in range(count)]
            )
            Membership.objects.bulk_create(
                Membership(
                    user=u,
                    display_name=f"Volunteer {u.username[len(prefix) :]}",
                    email=f"{u.username}@example.org",
                    unsubscribe_token=secrets.token_urlsafe(24),
                )
                for u in made
            )
            profiles = [VolunteerProfile(user=u, **invented_profile(rng)) for u in made]  # type: ignore[arg-type]
            for profile, vector in zip(profiles, meaning_vectors(profiles), strict=True):
                profile.vector_text, profile.vector = shown_text(profile, MEANING_FIELDS), vector
                prepare(profile)  # the filter keys and words; the vector is already made
            VolunteerProfile.objects.bulk_create(profiles)
    return n


@dataclass
class Timing:
    what: str
    times: list[float]

    def line(self) -> str:
        ms = sorted(t * 1000 for t in self.times)
        p95 = ms[min(len(ms) - 1, round(0.95 * len(ms)) - 1)]
        median = statistics.median(ms)
        return f"{self.what}: n={len(ms)} median {median:.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms"


QUERIES = [
    "UX research",
    "nursing",
    "patent law",
    "data science",
    "teaching",
    "hospital administration",
    "grant writing",
    "switching careers into software",
    "finance",
    "journalism",
    "solar energy",
    "supply chain",
    "policy",
    "chemistry",
    "product management",
    "design",
    "consulting",
    "counseling",
    "startups",
    "physical therapy",
]
FILTERS = [
    {"industry": "health"},
    {"location": "boston"},
    {"way": "in_person"},
    {"school": "tufts", "year": "2015"},
    {"organization": "acme"},
    {"industry": "software", "way": "video"},
]
EXPLORATIONS = [
    "UX research in health care",
    "moving from nursing into product design",
    "becoming a patent attorney after a chemistry degree",
    "data science in public policy",
    "working in renewable energy project development",
    "teaching high school history",
]


def time_directory(get: Callable[[str, dict[str, object]], object], rounds: int = 3) -> list[Timing]:
    """Times `get(path, params)` (a signed-in client's GET) over searches, filtered searches and
    explorations' rankings; `get` returns after reading the whole page."""

    def timed(what: str, asks: list[dict[str, object]]) -> Timing:
        times = []
        for _ in range(rounds):
            for params in asks:
                began = time.perf_counter()
                get("/community/directory/", params)
                times.append(time.perf_counter() - began)
        return Timing(what, times)

    return [
        timed("search", [{"q": q} for q in QUERIES]),
        timed("search with filters", [{"q": q, **f} for q, f in zip(QUERIES, FILTERS * 4, strict=False)]),
        timed("filters only", [dict(f) for f in FILTERS] + [{"page": 50}]),
    ]
