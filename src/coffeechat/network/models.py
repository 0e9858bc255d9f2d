from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from coffeechat.core.addresses import address_of
from coffeechat.lib.links import LABELS, link_kind
from coffeechat.lib.phones import display_phone
from coffeechat.lib.text import name_key


class HowKnown(models.TextChoices):
    FRIEND = "friend", "Friend"
    RELATIVE = "relative", "Relative"
    NEIGHBOUR = "neighbour", "Neighbour"
    CLASSMATE = "classmate", "Classmate"
    PROFESSOR = "professor", "Professor"
    COLLEAGUE = "colleague", "Colleague"
    ALUMNI = "alumni", "Alumni"
    ONLINE = "online", "Online connection"
    REFERRAL = "referral", "Referral"
    OTHER = "other", "Other"


class SizeBand(models.TextChoices):
    SMALL = "small", "Small (under 50)"
    MEDIUM = "medium", "Medium (50-999)"
    LARGE = "large", "Large (1,000 and more)"


class TieStrength(models.IntegerChoices):
    WEAK = 1, "Weak: we have met"
    MEDIUM = 2, "Medium: they would answer me"
    STRONG = 3, "Strong: they would do me a favour"


STRENGTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(3)]


class Relation(models.TextChoices):
    SCHOOL = "school", "I studied there"
    EMPLOYER = "employer", "I work there"
    FORMER_EMPLOYER = "former_employer", "I worked there"


class Organization(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    website = models.URLField(max_length=500, blank=True)
    domain = models.CharField(max_length=253, blank=True)
    industry = models.CharField(max_length=120, blank=True)
    size_band = models.CharField(max_length=10, choices=SizeBand.choices, blank=True)
    relation = models.CharField(
        "Your connection to it",
        max_length=16,
        choices=Relation.choices,
        blank=True,
        help_text="People here share a school or an employer with you.",
    )
    notes = models.TextField(blank=True)
    sensitive = models.BooleanField(
        default=False,
        help_text="Never suggest or contact anyone here (e.g. your current employer).",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_key", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "name_key"], name="organization_name_unique")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return address_of("network:organization", self.pk)


class Tag(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)
    name_key = models.CharField(max_length=60, editable=False)

    class Meta:
        ordering = ["name_key"]
        constraints = [models.UniqueConstraint(fields=["owner", "name_key"], name="tag_name_unique")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class Person(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    title = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    location = models.CharField(max_length=200, blank=True)
    how_known = models.CharField(max_length=12, choices=HowKnown.choices, blank=True)
    known_since = models.DateField(null=True, blank=True)
    # The user's own (direct) tie to this person; null when the user does not know them
    # directly and can only be introduced through others.
    tie_strength = models.PositiveSmallIntegerField(
        choices=TieStrength.choices, null=True, blank=True, validators=STRENGTH_VALIDATORS
    )
    tie_context = models.CharField(max_length=200, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="people")
    notes = models.TextField(blank=True)
    sensitive = models.BooleanField(
        default=False,
        help_text="Never suggest, contact or ask for introductions (e.g. your colleagues).",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_key", "id"]
        indexes = [
            models.Index(fields=["owner", "name_key", "id"], name="person_owner_name"),
            models.Index(fields=["owner", "how_known"], name="person_owner_how_known"),
            # Suggestions read the distinct titles of a network and the people holding some.
            models.Index(fields=["owner", "title"], name="person_owner_title"),
            # Today's "Recently added": the newest few, read off the end of this index, not sorted.
            models.Index(fields=["owner", "created", "id"], name="person_owner_created"),
            # Today's "ask someone else at their organization": the strongest tie first, read in
            # order until one is free, instead of every colleague sorted for every waiting request.
            models.Index(fields=["organization", "-tie_strength", "name_key"], name="person_org_strongest"),
            # Today's count of people known directly: read off this index, not the table (9 ms on
            # PostgreSQL at 100,000 people, 2 ms through it).
            models.Index(
                fields=["owner"], condition=models.Q(tie_strength__isnull=False), name="person_owner_direct"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return address_of("network:person", self.pk)

    @property
    def is_direct(self) -> bool:
        return self.tie_strength is not None

    @property
    def was_edited(self) -> bool:
        """Changed after the moment it was added (saving tags and emails takes a few ms)."""
        return (self.updated - self.created).total_seconds() > 60


class EmailAddress(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField(max_length=254)
    address_key = models.CharField(max_length=254, db_index=True, editable=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.address

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.address_key = self.address.strip().lower()
        super().save(*args, **kwargs)


class PhoneNumber(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    raw = models.CharField(max_length=64, help_text="As the user typed it.")
    e164 = models.CharField(max_length=20, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return display_phone(self.e164)


class ProfileLink(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=500, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url

    @property
    def kind(self) -> str:
        return link_kind(self.url)

    @property
    def label(self) -> str:
        return LABELS[self.kind]


class PastPosition(models.Model):
    """A title or organization a person had before ("was Analyst at Initech until 2025")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="past_positions")
    title = models.CharField(max_length=200, blank=True)
    organization_name = models.CharField(max_length=200, blank=True)
    until = models.DateField()

    class Meta:
        ordering = ["-until", "-id"]

    def __str__(self) -> str:
        where = " at ".join(p for p in (self.title, self.organization_name) if p)
        return f"was {where} until {self.until:%b %Y}"


class Tie(models.Model):
    """Two people in the user's network who know each other ("Maria knows Dev").

    Knowing is mutual, so each pair is stored once, the lower id first.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    strength = models.PositiveSmallIntegerField(
        choices=TieStrength.choices, default=TieStrength.MEDIUM, validators=STRENGTH_VALIDATORS
    )
    context = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="tie_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="tie_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["person_b"], name="tie_person_b")]

    def __str__(self) -> str:
        return f"{self.person_a} knows {self.person_b}"

    def other(self, person: Person) -> Person:
        return self.person_b if self.person_a_id == person.pk else self.person_a


class SearchEntry(models.Model):
    """The folded text of a person that full-text search indexes (see network/search.py).

    On SQLite an FTS5 table mirrors this one through triggers; on PostgreSQL a generated
    tsvector column with a GIN index sits on it. Both are created in migration 0002.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, primary_key=True, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.TextField()
    title = models.TextField(blank=True)
    organization = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name
