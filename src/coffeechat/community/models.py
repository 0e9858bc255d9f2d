"""Community mode: one server for a career center or an alumni association.

What lives here is shared by the community: who belongs and in what role, the volunteers' public
profiles, the requests between members and volunteers, the notices about them, and staff's bulk
alumni records. A member's own coffeechat (people, notes, reflections) stays in the other apps,
owned by them alone; nothing here points into it except a request's copy of what the member chose
to send (pitch, exploration words, message) and, once accepted, the person it became in their
network (theirs to keep).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


class Community(models.Model):
    """The community's name and rules: one row (pk 1), set by staff."""

    class Joining(models.TextChoices):
        INVITATION = "invitation", "By invitation link only"
        DOMAINS = "domains", "Anyone with an email address at the listed domains, or an invitation"

    name = models.CharField(max_length=200, default="Our community")
    joining = models.CharField(max_length=20, choices=Joining.choices, default=Joining.INVITATION)
    email_domains = models.TextField(
        blank=True, help_text="One per line or separated by commas, such as alumni.example.edu."
    )
    open_requests_per_member = models.PositiveSmallIntegerField(
        default=3, help_text="Requests a member may have waiting at once."
    )
    remind_after_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days without an answer before the volunteer is reminded, once."
    )
    expire_after_days = models.PositiveSmallIntegerField(
        default=3, help_text="Days after the reminder before an unanswered request expires."
    )
    default_monthly_cap = models.PositiveSmallIntegerField(
        default=4, help_text="Requests a month a new volunteer takes, until they choose."
    )
    groups = models.TextField(
        blank=True,
        help_text="Groups members may say they belong to, one per line (first-generation student, "
        "career changer…); staff see answer rates by group, never for fewer than five people.",
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "community"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in the community: member or staff, and how they want to hear from it."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        STAFF = "staff", "Staff"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    display_name = models.CharField(max_length=200)
    email = models.EmailField(help_text="Where the community's notices go.")
    group = models.CharField(max_length=100, blank=True, help_text="Only if you choose to say.")
    daily_digest = models.BooleanField(default=False, help_text="One email a day instead of one per notice.")
    unsubscribed = models.BooleanField(default=False, help_text="No notices by email at all.")
    unsubscribe_token = models.CharField(max_length=64, unique=True)
    joined = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"


class Invitation(models.Model):
    """A link that lets people join: for anyone who has it (up to `max_uses`), or for one alum."""

    token_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    alumnus = models.ForeignKey(
        "AlumniRecord", on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    email = models.EmailField(blank=True)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    max_uses = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: any number.")
    uses = models.PositiveIntegerField(default=0)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The links emailed to one address lately (a few an hour at most), read on every sign-up
        # by email, however many alumni have been invited.
        indexes = [models.Index(fields=["email", "created"], name="invitation_email_created")]

    def __str__(self) -> str:
        return f"invitation ({self.role}) until {self.expires:%Y-%m-%d}"


class AlumniRecord(models.Model):
    """An alum loaded in bulk by staff: kept out of the directory until they say yes."""

    class Status(models.TextChoices):
        LOADED = "loaded", "Loaded"
        INVITED = "invited", "Invited to volunteer"
        JOINED = "joined", "Volunteering"
        DECLINED = "declined", "Said no"

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    email_key = models.CharField(max_length=254, blank=True, db_index=True)  # lower-cased, for matching
    title = models.CharField(max_length=200, blank=True)
    organization = models.CharField(max_length=200, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=200, blank=True)
    school = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    batch = models.CharField(max_length=100, blank=True, help_text="Which load it came from.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LOADED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    loaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        # name: a record without an email address is found again by name, school and year
        indexes = [models.Index(fields=["status", "id"]), models.Index(fields=["name"], name="alumni_name")]

    def __str__(self) -> str:
        return self.name


# What the directory filters on (each the shown value, folded; empty when hidden).
FILTER_KEYS = ("industry_key", "organization_key", "location_key", "school_key", "year_key", "ways_key")


class VolunteerProfile(models.Model):
    """What a volunteer chooses to show, and how much of their time they give."""

    # The fields a volunteer may show or hide; `shown` lists the ones they show.
    SHOWABLE = (
        "headline",
        "title",
        "organization",
        "industry",
        "location",
        "school",
        "year",
        "earlier_roles",
        "topics",
        "ways",
        "languages",
    )

    class Way(models.TextChoices):
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteering"
    )
    headline = models.CharField(max_length=200, help_text="One line: what you do and what you can help with.")
    title = models.CharField("Current title", max_length=200, blank=True)
    organization = models.CharField(max_length=200, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=200, blank=True)
    school = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("Graduation year", null=True, blank=True)
    earlier_roles = models.TextField(blank=True, help_text="One per line.")
    topics = models.TextField("Glad to talk about", blank=True, help_text="One per line.")
    ways = models.JSONField(default=list, blank=True, help_text="How you like to meet.")
    languages = models.CharField(max_length=200, blank=True)
    monthly_cap = models.PositiveSmallIntegerField(default=4, help_text="Requests a month, at most.")
    paused_until = models.DateField(null=True, blank=True)
    shown = models.JSONField(default=list, blank=True)
    listed = models.BooleanField(default=True, help_text="In the directory.")
    booking_link = models.URLField(blank=True, help_text="A scheduling page members may use once you accept.")
    # The profile's words as a unit vector (float16 bytes) for ranking by meaning, and what they were.
    vector = models.BinaryField(null=True, blank=True)
    vector_text = models.TextField(blank=True)
    # What the directory may match, written on save from the shown fields only (volunteering.py):
    # folded for the filters (empty when hidden) and all the shown words for word overlap.
    industry_key = models.CharField(max_length=100, blank=True)
    organization_key = models.CharField(max_length=200, blank=True)
    location_key = models.CharField(max_length=200, blank=True)
    school_key = models.CharField(max_length=200, blank=True)
    year_key = models.PositiveSmallIntegerField(null=True, blank=True)
    ways_key = models.CharField(max_length=40, blank=True)  # " video phone ", the shown ways in order
    search_text = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["listed", "id"]),
            models.Index(fields=["listed", "updated"]),
            # The directory's filters: listed volunteers only, by the start of a value (LIKE 'x%'
            # on PostgreSQL needs the pattern operators), each holding the id and the other
            # filters' keys, so that any mix of filters reads one index and never the table.
            *(
                models.Index(
                    fields=[f"{field}_key"],
                    name=f"volunteer_{field}",
                    opclasses=["varchar_pattern_ops"],
                    condition=Q(listed=True),
                    include=["id", *(k for k in FILTER_KEYS if k != f"{field}_key")],
                )
                for field in ("industry", "organization", "location", "school")
            ),
            *(
                models.Index(
                    fields=[key],
                    name=f"volunteer_{key.removesuffix('_key')}",
                    condition=Q(listed=True),
                    include=["id", *(k for k in FILTER_KEYS if k != key)],
                )
                for key in ("year_key", "ways_key")
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args: Any, **kwargs: Any) -> None:
        from coffeechat.community.volunteering import prepare  # numpy and the model load only here

        prepare(self)
        if kwargs.get("update_fields") is not None:
            # `updated` too: the directory's per-process matrix notices changes by it.
            kwargs["update_fields"] = {*kwargs["update_fields"], *DERIVED_FIELDS, "updated"}
        super().save(*args, **kwargs)


# Written by VolunteerProfile.save() from the shown fields.
DERIVED_FIELDS = (
    "vector",
    "vector_text",
    "industry_key",
    "organization_key",
    "location_key",
    "school_key",
    "year_key",
    "ways_key",
    "search_text",
)


class Request(models.Model):
    """A member asking a volunteer for an informational interview, through the platform."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Null once the volunteer has left the community: the member keeps the record of asking.
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.SET_NULL, null=True, related_name="requests"
    )
    volunteer_name = models.CharField(max_length=200)
    # What the member chose to send, copied: their private records stay theirs.
    exploration = models.ForeignKey(
        "explore.Exploration", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exploration_text = models.CharField(max_length=300)
    pitch = models.TextField()
    message = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created = models.DateTimeField()
    answered = models.DateTimeField(null=True, blank=True)
    reminded = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=40, blank=True)  # the ready-made answer chosen, or why
    answer = models.TextField(blank=True)  # the volunteer's words: times proposed, a note
    meeting_starts = models.DateTimeField(null=True, blank=True)
    meeting_minutes = models.PositiveSmallIntegerField(default=30)
    way = models.CharField(max_length=10, choices=VolunteerProfile.Way.choices, blank=True)
    # The volunteer as a person in the member's own network, once accepted.
    person = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "volunteer"], condition=Q(status="open"), name="one_open_request_per_pair"
            )
        ]
        indexes = [
            models.Index(fields=["volunteer", "created"]),
            models.Index(fields=["member", "status"]),
            models.Index(fields=["status", "created"]),
        ]

    def __str__(self) -> str:
        return f"request {self.pk} ({self.status})"


class Notice(models.Model):
    """A notice to a member about a request, kept until mailed (or folded into their digest)."""

    class Kind(models.TextChoices):
        NEW_REQUEST = "new_request", "New request"
        ACCEPTED = "accepted", "Accepted"
        REMINDER = "reminder", "Reminder"
        EXPIRED = "expired", "Expired"
        DECLINED = "declined", "Declined"
        INVITATION = "invitation", "Invitation"
        WITHDRAWN = "withdrawn", "Withdrawn"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    request = models.ForeignKey(
        Request, on_delete=models.SET_NULL, null=True, blank=True, related_name="notices"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    sent = models.DateTimeField(null=True, blank=True)
    read = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent", "created"]), models.Index(fields=["recipient", "created"])]

    def __str__(self) -> str:
        return self.subject


class JobRun(models.Model):
    """Scheduled work done once: a (job, period) row is claimed in the database before the work,
    so several workers and servers never run the same job for the same period twice."""

    job = models.CharField(max_length=50)
    period = models.CharField(max_length=40)  # "2026-11-29", "2026-11-29T14:05"
    claimed_by = models.CharField(max_length=100)
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="one_run_per_job_and_period")]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"
