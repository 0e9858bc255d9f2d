import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person
from coffeechat.outreach.drafting import KINDS


class Profile(models.Model):
    """The user's own pitch, which messages draw on, and their follow-up rules."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    full_name = models.CharField("Your name", max_length=200, blank=True)
    email = models.EmailField("Your email", blank=True)
    background = models.TextField("Your background", blank=True)
    hopes = models.TextField("What you hope to learn", blank=True)
    pitch = models.TextField(
        "Your pitch", blank=True, help_text="Two or three sentences: who you are and what you are exploring."
    )
    signature = models.TextField(blank=True)
    resume_url = models.URLField("Resume link", blank=True, help_text="Shown only if someone asks for it.")
    next_person_after = models.PositiveSmallIntegerField(default=3, help_text="Business days without reply.")
    nudge_after = models.PositiveSmallIntegerField(default=7, help_text="Business days without reply.")
    give_up_after_nudge = models.PositiveSmallIntegerField(
        default=5, help_text="Business days after the nudge."
    )
    cool_down_days = models.PositiveSmallIntegerField(
        default=90, help_text="Days before asking someone again."
    )

    # What the user fills in (the profile form) and what a backup carries.
    USER_FIELDS = (
        "full_name",
        "email",
        "background",
        "hopes",
        "pitch",
        "signature",
        "resume_url",
        "next_person_after",
        "nudge_after",
        "give_up_after_nudge",
        "cool_down_days",
    )

    def __str__(self) -> str:
        return self.full_name or str(self.owner)


class MessageTemplate(models.Model):
    """The user's own wording of one kind of message, in place of the default."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=KINDS.items())
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "kind"], name="template_kind_unique")]

    def __str__(self) -> str:
        return self.kind


class Message(models.Model):
    """A message drafted, sent or marked sent: the person's timeline shows the sent ones."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        MAIL = "mail", "Mail"
        OTHER = "other", "Other"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="messages")
    exploration = models.ForeignKey(
        Exploration, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    about = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="For an introduction request or thanks: the person to be introduced to.",
    )
    kind = models.CharField(max_length=20, choices=KINDS.items())
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    sent = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent", "-created"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.person}"


class Meeting(models.Model):
    """The informational interview itself."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meetings")
    exploration = models.ForeignKey(
        Exploration, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    starts = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC")
    minutes = models.PositiveSmallIntegerField(default=30)
    place = models.CharField(max_length=300, blank=True)
    video_link = models.URLField(blank=True)
    phone = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts"]

    def __str__(self) -> str:
        return f"{self.person} at {self.starts:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:meeting", args=[self.pk])


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A private address for the user's calendar app: meetings and due follow-ups."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    def __str__(self) -> str:
        return f"calendar feed of {self.owner}"
