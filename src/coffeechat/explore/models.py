from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

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
