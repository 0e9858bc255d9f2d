"""Invented but realistic networks, for benchmarks and demos. Every name here is made up."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from coffeechat.lib.text import name_key
from coffeechat.network.bulk import insert_rows
from coffeechat.network.models import EmailAddress, HowKnown, Organization, Person, Tag, Tie
from coffeechat.network.search import refresh_search_entries

FIRST_NAMES = (
    "Ada Adrián Aiko Akua Alejandro Aleksandr Amara Ana Anders André Aniket Anna Arjun Astrid Aylin "
    "Bao Beatriz Ben Björn Camille Carlos Chen Chiara Chidi Chloé Daniel Daria Dev Diego Divya Elena "
    "Elif Emeka Emma Erik Fatima Felipe Femi François Gabriel Giulia Grace Hana Hannah Hiroshi Ibrahim "
    "Ingrid Isabel Ivan Jae Jamal James Javier Jia Jonas José Julia Kai Kamala Karim Katarzyna Kenji "
    "Kofi Lars Laura Layla Leila Liam Lin Lucía Luis Maja Malik María Mariam Mateo Mei Mehmet Mia "
    "Miguel Mohammed Nadia Naledi Nikhil Nina Noah Noor Olga Omar Oscar Paula Pedro Priya Rafael Ravi "
    "Rosa Sakura Samir Sara Sebastián Sofia Sven Tariq Thanh Tomás Uma Valentina Victor Wei Yara Yusuf "
    "Zainab Zoë Zofia"
).split()
LAST_NAMES = (
    "Abe Adeyemi Ahmed Alvarez Andersson Bakker Banerjee Becker Bianchi Brown Castillo Chen Costa Cruz "
    "Dąbrowski Da Silva Demir Dubois Eze Fernández Fischer Fontaine García Gómez Gonzalez Gupta Haddad "
    "Hansen Hernández Hoang Hughes Ibrahim Ito Jansen Jensen Johansson Kaya Khan Kim Kowalski Kumar "
    "Larsen Laurent Lee Li Lindqvist Liu López Martin Martínez Mendoza Mensah Moreau Müller Nakamura "
    "Nguyen Novak Nowak Okafor Okonkwo Olsen Osei Park Patel Pereira Petrov Popescu Quispe Rahman Reyes "
    "Rossi Ruiz Sánchez Santos Sato Schmidt Schneider Sharma Silva Singh Smith Sokolov Suzuki Takahashi "
    "Tanaka Taylor Torres Tran Vargas Wagner Wang Weber Williams Wójcik Yamamoto Yilmaz Zhang Zhou"
).split()
ROLES = (
    "Software Engineer|Data Scientist|Product Manager|UX Researcher|UX Designer|Nurse Practitioner|"
    "Registered Nurse|Physician Assistant|Pharmacist|Civil Engineer|Mechanical Engineer|Accountant|"
    "Financial Analyst|Investment Banker|Marketing Manager|Content Strategist|Copywriter|Teacher|"
    "School Counselor|Professor of Economics|Research Chemist|Lab Technician|Policy Analyst|Lawyer|"
    "Paralegal|Architect|Urban Planner|Social Worker|Physical Therapist|Sales Director|Recruiter|"
    "HR Business Partner|Operations Manager|Supply Chain Analyst|Journalist|Editor|Photographer|"
    "Graphic Designer|Data Engineer|Site Reliability Engineer|Security Analyst|Game Designer|"
    "Veterinarian|Dentist|Chef|Event Planner|Grant Writer|Program Officer|Librarian|Statistician"
).split("|")
SENIORITY = ["", "", "", "Senior ", "Lead ", "Junior ", "Principal ", "Associate "]
ORG_WORDS = (
    "Acme Apex Atlas Beacon Blue Bright Cedar Civic Clear Coastal Crest Delta Evergreen First Forge "
    "Golden Granite Harbor Horizon Keystone Lighthouse Maple Meridian North Nova Oak Orbit Pacific "
    "Pioneer Prairie Quantum River Summit Sun Terra Union Valley Vista West"
).split()
ORG_KINDS = (
    "Health|Labs|Analytics|Partners|Bank|Capital|University|College|Hospital|Studio|Foundation|"
    "Systems|Logistics|Energy|Media|Consulting|Robotics|Foods|Legal|Design|Insurance|Pharma"
).split("|")
INDUSTRIES = (
    "Health care|Software|Finance|Education|Manufacturing|Government|Nonprofit|Media|Retail|Energy|"
    "Consulting|Legal|Logistics|Biotech"
).split("|")
CITIES = (
    "Lisbon|Lyon|Berlin|Toronto|Chicago|Austin|Nairobi|Lagos|Bengaluru|Seoul|Osaka|Melbourne|"
    "São Paulo|Mexico City|Warsaw|Stockholm|Manchester|Dublin|Boston|Seattle"
).split("|")
TAGS = (
    "alumni|mentor|design|health|data|finance|policy|climbing club|book club|former team|conference|"
    "volunteer|hiring manager|startup|public sector|research|teaching|writing|remote|career changer"
).split("|")
NOTES = (
    "",
    "",
    "Met at a meetup; happy to talk about how they moved into the field.",
    "Studied together; switched careers after five years in teaching.",
    "Introduced by a former manager. Prefers email over phone.",
    "Gave a great talk on user research in clinics.",
    "Knows many people in public health; offered to make introductions.",
)


def _people(owner_id: int, count: int, org_ids: list[int], rng: random.Random) -> Iterator[Person]:
    today = date(2026, 1, 1)
    for _ in range(count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        direct = rng.random() < 0.7
        yield Person(
            owner_id=owner_id,
            name=name,
            name_key=name_key(name),
            title=rng.choice(SENIORITY) + rng.choice(ROLES),
            organization_id=rng.choice(org_ids) if rng.random() < 0.9 else None,
            location=rng.choice(CITIES),
            how_known=rng.choice(HowKnown.values) if direct else HowKnown.REFERRAL,
            known_since=today - timedelta(days=rng.randrange(30, 6000)) if direct else None,
            tie_strength=rng.choice([1, 1, 2, 2, 3]) if direct else None,
            notes=rng.choice(NOTES),
        )


@transaction.atomic
def make_sample_network(
    owner: AbstractBaseUser, people: int, seed: int = 7, ties_per_person: int = 2
) -> None:
    """Fill the owner's network with `people` invented people, their organizations and ties."""
    rng = random.Random(seed)
    org_names = sorted(
        {f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)}" for _ in range(max(people // 25, 10))}
    )
    Organization.objects.bulk_create(
        [
            Organization(owner_id=owner.pk, name=n, name_key=name_key(n), industry=rng.choice(INDUSTRIES))
            for n in org_names
        ],
        batch_size=1000,
    )
    org_ids = list(Organization.objects.filter(owner_id=owner.pk).values_list("pk", flat=True))
    Tag.objects.bulk_create([Tag(owner_id=owner.pk, name=t, name_key=name_key(t)) for t in TAGS])
    tag_ids = list(Tag.objects.filter(owner_id=owner.pk).values_list("pk", flat=True))

    batch: list[Person] = []
    for person in _people(owner.pk, people, org_ids, rng):
        batch.append(person)
        if len(batch) == 2000:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)
    ids = list(Person.objects.filter(owner_id=owner.pk).order_by("pk").values_list("pk", flat=True))

    through = Person.tags.through
    links = {(pid, rng.choice(tag_ids)) for pid in ids if rng.random() < 0.5}
    through.objects.bulk_create([through(person_id=p, tag_id=t) for p, t in links], batch_size=5000)
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(
                person_id=pid,
                address=f"person{pid}@example.org",
                address_key=f"person{pid}@example.org",
            )
            for pid in ids
            if rng.random() < 0.4
        ],
        batch_size=5000,
    )
    pairs = set()
    for _ in range(people * ties_per_person):
        a, b = rng.sample(ids, 2) if len(ids) > 1 else (0, 0)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    insert_rows(
        Tie,
        ("owner", "person_a", "person_b", "strength", "context", "created"),
        [(owner.pk, a, b, rng.choice([1, 2, 3]), "", now) for a, b in sorted(pairs)],
    )
    refresh_search_entries(ids)
