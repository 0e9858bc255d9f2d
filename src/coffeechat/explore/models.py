from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coffeechat.network.models import Organization, Person


class Exploration(models.Model):
    """What the user wants to learn about: a role, a field, an industry or an organization."""

    class Status(models.TextChoices):
        EXPLORING = "exploring", "Exploring"
        PURSUING = "pursuing", "Pursuing"
        SET_ASIDE = "set_aside", "Set aside"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(
        "What you want to explore",
        max_length=300,
        help_text='In your own words: "UX research in health care".',
    )
    why = models.TextField("Why it interests you", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.EXPLORING)
    target_organizations = models.ManyToManyField(Organization, blank=True, related_name="+")
    excluded_people = models.ManyToManyField(Person, blank=True, related_name="+")
    excluded_organizations = models.ManyToManyField(Organization, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "-updated", "-id"]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("explore:exploration", args=[self.pk])


class OrganizationInterest(models.Model):
    """How much the user wants to learn about an organization for one exploration (1-5)."""

    exploration = models.ForeignKey(Exploration, on_delete=models.CASCADE, related_name="interests")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exploration", "organization"], name="interest_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.score}/5"


class PipelineEntry(models.Model):
    """Where the user is with one person for one exploration."""

    class Stage(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        INTRODUCTION_ASKED = "intro_asked", "Introduction asked"
        REQUEST_SENT = "request_sent", "Request sent"
        REPLIED = "replied", "Replied"
        SCHEDULED = "scheduled", "Scheduled"
        INTERVIEWED = "interviewed", "Interviewed"
        THANKED = "thanked", "Thanked"
        DECLINED = "declined", "Declined"
        NO_ANSWER = "no_answer", "No answer"

    exploration = models.ForeignKey(Exploration, on_delete=models.CASCADE, related_name="pipeline")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pipeline")
    stage = models.CharField(max_length=14, choices=Stage.choices, default=Stage.IDENTIFIED)
    updated = models.DateTimeField(auto_now=True)
    # When they first answered (replied, scheduled or met): how long replies take.
    replied = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exploration", "person"], name="pipeline_unique")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_stage_display()}"

    ANSWERED = ("replied", "scheduled", "interviewed", "thanked", "declined")

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.replied is None and self.stage in self.ANSWERED:
            self.replied = timezone.now()
        super().save(*args, **kwargs)
