from django.conf import settings
from django.db import models
from django.urls import reverse

from coffeechat.network.models import Organization, Person


class ImportRun(models.Model):
    """One file imported: where it came from, what it did, and how to undo it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=20)
    encoding = models.CharField(max_length=40, blank=True)
    network_of = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Whose list this was: imported people are ties of this person, not yours.",
    )
    skip_invalid = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)
    problems = models.JSONField(default=list)
    created = models.DateTimeField(auto_now_add=True)
    undone = models.DateTimeField(null=True, blank=True)
    # Rebuilt from a backup: the history and its pending matches only, without what the import
    # changed, so it cannot be undone.
    restored = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("imports:run", args=[self.pk])


class ImportChange(models.Model):
    """What one import did to one record, kept so the import can be undone as a whole."""

    class Kind(models.TextChoices):
        CREATED = "created"
        UPDATED = "updated"
        ORGANIZATION = "organization"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, related_name="+")
    # For an update: the fields as they were and the ids of every row the import added.
    before = models.JSONField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.person_id or self.organization_id}"


class ImportReview(models.Model):
    """A row that may be someone already in the network: the user says same or different."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="reviews")
    record = models.JSONField()
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    decision = models.CharField(max_length=10, blank=True)  # "same", "different"

    def __str__(self) -> str:
        return f"{self.record.get('name')} ~ {self.candidate_id}"


class ColumnMapping(models.Model):
    """Which columns of a CSV hold which fields, saved to read the next such file."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    columns = models.JSONField()  # the header it was made for
    mapping = models.JSONField()  # field -> column
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="mapping_name_unique")]

    def __str__(self) -> str:
        return self.name


class PendingUpload(models.Model):
    """An uploaded file between its preview and the user's go-ahead (or cancel)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    format = models.CharField(max_length=20, default="auto")
    network_of = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    mapping = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("imports:pending", args=[self.pk])
