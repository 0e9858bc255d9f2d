"""Insights worth reading, written inside the server's database by its own interpreter
(`coffeechat shell -c`): five explorations with long names, ten conversations whose answers are
full of asides, semicolons, tools and organizations (and one unbroken 50-letter word), and
reflections of whole sentences."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from coffeechat.conversations.meetings import MeetingDetails, mark_held, schedule_meeting
from coffeechat.conversations.models import MeetingNotes, PlannedQuestion, Reflection
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person
from coffeechat.network.services import PersonDetails, save_person

TOPICS = [
    "UX research in health care, especially patient portals and clinical workflows in hospitals",
    "Data analysis for public health departments and community clinics across the state",
    "Product management in small health-tech startups compared with large corporations",
    "Nursing informatics leadership",
    "Service design for city government and civic technology nonprofits",
]
ANSWERS = {
    "skills": "Figma (mostly for prototypes); SQL for pulling data, and "
    "Interoperabilitystandardsforelectronichealthrecords",
    "education": "A UX certificate (Google's is fine) or a master's in HCI: not required though.",
    "reading": "The NN/g newsletter, Erika Hall's 'Just Enough Research' — and Mercy Health's design blog",
    "groups": "UXPA Boston; the local ResearchOps meetup (monthly)",
    "culture": "Small teams, lots of autonomy; decisions are made with clinicians in the room, which "
    "slows things down but builds trust.",
}
ORGANIZATIONS = ["Mercy Health", "Figma", "City of Boston"]


def fill(username: str) -> None:
    owner = get_user_model().objects.get(username=username)
    now = timezone.now()
    n = 0
    for text in TOPICS:
        exploration = Exploration.objects.create(owner=owner, text=text)
        for _ in range(2):
            n += 1
            org = ORGANIZATIONS[n % 3]
            name = f"Person Number{n} Longlastname-Doublebarrelled"
            person = save_person(Person(name=name), owner, PersonDetails(organization_name=org))
            when = MeetingDetails(now - timedelta(days=30 - n), "UTC", 30, exploration=exploration)
            meeting = schedule_meeting(owner, person, when)
            mark_held(meeting)
            for i, (theme, answer) in enumerate(ANSWERS.items()):
                PlannedQuestion.objects.create(
                    meeting=meeting, theme=theme, text=f"{theme}?", position=i, answer=answer
                )
            MeetingNotes.objects.create(
                meeting=meeting, text=f"{org} is hiring; Figma everywhere. Talk to Dana at Mercy Health."
            )
            Reflection.objects.create(
                meeting=meeting,
                fit=1 + n % 5,
                pursue=["yes", "maybe", "no"][n % 3],
                entry="certificate",
                appealed="Working directly with nurses and patients on tools they use every day; seeing "
                "research change a decision within weeks rather than years.",
                not_appealing="Procurement cycles that last eighteen months, and the amount of compliance "
                "paperwork before any study can start.",
                skills_to_build="Stakeholder management: the hardest part. Also SQL; and Python (pandas).",
            )
