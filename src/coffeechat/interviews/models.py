from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from coffeechat.interviews.bank import THEMES
from coffeechat.network.models import Person
from coffeechat.outreach.models import Meeting


class Question(models.Model):
    """A question in the user's bank, first copied from coffeechat's, then theirs to change."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    theme = models.CharField(max_length=12, choices=THEMES.items())
    text = models.CharField(max_length=500)
    minutes = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    research_first = models.BooleanField(
        "Research first", default=False, help_text="The answer can usually be found before the meeting."
    )
    archived = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class PlannedQuestion(models.Model):
    """A question chosen for one meeting, with the answer noted during it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="plan")
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, related_name="+")
    theme = models.CharField(max_length=12, choices=THEMES.items())
    text = models.CharField(max_length=500)
    minutes = models.PositiveSmallIntegerField(default=2)
    position = models.PositiveIntegerField(default=0)
    answer = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class MeetingNotes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"notes of {self.meeting}"


class ResearchItem(models.Model):
    """One line of the research checklist before a meeting, with what the user found."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="research")
    label = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class Reflection(models.Model):
    """What the user thought right after the conversation."""

    class Pursue(models.TextChoices):
        YES = "yes", "Yes"
        MAYBE = "maybe", "Maybe"
        NO = "no", "No"

    class Entry(models.TextChoices):
        NOW = "now", "I can enter at entry level with what I have"
        EXPERIENCE = "experience", "I need more experience first"
        CLASS = "class", "A targeted class would do"
        CERTIFICATE = "certificate", "I need a professional certificate"
        DEGREE = "degree", "I need a degree"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="reflection")
    appealed = models.TextField("What appealed", blank=True)
    not_appealing = models.TextField("What did not", blank=True)
    pursue = models.CharField("Pursue this path?", max_length=5, choices=Pursue.choices, blank=True)
    entry = models.CharField("Can you get in?", max_length=12, choices=Entry.choices, blank=True)
    skills_to_build = models.TextField("Skills to build", blank=True)
    already_bring = models.TextField("What you already bring", blank=True)
    fit = models.PositiveSmallIntegerField(
        "Overall fit (1-5)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impressions = models.TextField("First impressions", blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # What the user fills in (the reflection form) and what a backup carries.
    USER_FIELDS = (
        "appealed",
        "not_appealing",
        "pursue",
        "entry",
        "skills_to_build",
        "already_bring",
        "fit",
        "impressions",
    )

    def __str__(self) -> str:
        return f"reflection on {self.meeting}"


class Referral(models.Model):
    """Someone suggested during a conversation: the next person to talk to."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="referrals")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    will_introduce = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.person} (from {self.meeting.person})"
