"""The conversation with one person: where it stands, what was said, planned, noted and done."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from coffeechat.conversations import lifecycle
from coffeechat.explore.models import Exploration
from coffeechat.interviews.bank import THEMES
from coffeechat.interviews.models import Question
from coffeechat.network.models import Person
from coffeechat.outreach.drafting import KINDS
from coffeechat.outreach.models import new_feed_token


class PipelineEntry(models.Model):
    """Where the user stands with one person for one exploration: only `record_event` moves it."""

    exploration = models.ForeignKey(Exploration, on_delete=models.CASCADE, related_name="pipeline")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pipeline")
    stage = models.CharField(max_length=20, choices=lifecycle.CHOICES, default=lifecycle.IDENTIFIED)
    nudged = models.BooleanField(default=False)
    before_exit = models.CharField(max_length=20, blank=True)
    updated = models.DateTimeField(auto_now=True)
    # When they first answered (replied, scheduled or met): how long replies take.
    replied = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exploration", "person"], name="pipeline_unique")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_stage_display()}"

    @property
    def state(self) -> lifecycle.State:
        return lifecycle.State(self.stage, self.nudged, self.before_exit)

    @property
    def next_step(self) -> str:
        return lifecycle.NEXT_STEP[self.stage]


class ConversationEvent(models.Model):
    """Something that happened in a conversation, and the stage it moved it from and to."""

    entry = models.ForeignKey(PipelineEntry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=lifecycle.EVENT_CHOICES)
    at = models.DateTimeField()
    stage_before = models.CharField(max_length=20, choices=lifecycle.CHOICES)
    stage_after = models.CharField(max_length=20, choices=lifecycle.CHOICES)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.stage_before} → {self.stage_after})"


class Message(models.Model):
    """A message drafted, sent or marked sent: the person's timeline shows the sent ones."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        MAIL = "mail", "Mail"
        OTHER = "other", "Other"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="messages", help_text="Who the message goes to."
    )
    exploration = models.ForeignKey(
        Exploration, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    about = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For an introduction request or thanks: the person to be introduced to.",
    )
    meeting = models.ForeignKey(
        "Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        help_text="For a thank-you: the conversation it thanks them for.",
    )
    kind = models.CharField(max_length=20, choices=KINDS.items())
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    sent = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # The Message-ID header it went out with (no angle brackets): set when sent by SMTP or downloaded
    # as a draft, so a reply's In-Reply-To, or the copy in the Sent folder, matches it exactly.
    message_id = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        ordering = ["-sent", "-created"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.person}"


class Interaction(models.Model):
    """Something said between the user and a person outside the app's own sent messages: mail read
    from the mailbox, a LinkedIn message or invitation. It counts for keeping in touch; it moves a
    conversation only when recorded as the reply to a request (then `reply_to` names the request)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        LINKEDIN = "linkedin", "LinkedIn"

    class Direction(models.TextChoices):
        SENT = "sent", "You wrote"
        RECEIVED = "received", "They wrote"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interactions")
    at = models.DateTimeField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)  # kept only when the user chose to keep it, or a reply's new text
    # The Message-ID, or a key made from the LinkedIn row: the same thing read twice is one row.
    source_key = models.CharField(max_length=300)
    reply_to = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["owner", "source_key"], name="interaction_once")]
        indexes = [models.Index(fields=["person", "at"], name="interaction_person_at")]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} ({self.get_channel_display()}) {self.at:%Y-%m-%d}"


class Meeting(models.Model):
    """The informational interview itself."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="meetings")
    exploration = models.ForeignKey(
        Exploration, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    starts = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC")
    minutes = models.PositiveSmallIntegerField(default=30)
    place = models.CharField(max_length=300, blank=True)
    # Teams and Zoom links with their passcodes run past 200 characters.
    video_link = models.URLField(max_length=1000, blank=True)
    phone = models.CharField(max_length=64, blank=True)
    # A calendar app recognises a changed or cancelled meeting by its UID and a higher SEQUENCE.
    sequence = models.PositiveIntegerField(default=0)
    # The same for an invitation someone sent (invitations.py): its UID, and the SEQUENCE last read.
    invitation_uid = models.CharField(max_length=300, blank=True)
    invitation_sequence = models.PositiveIntegerField(default=0)
    cancelled = models.DateTimeField(null=True, blank=True)
    held = models.DateTimeField(null=True, blank=True)
    # When the conversation actually began (the live-notes clock), kept here so that a reload or
    # a second device counts down from the same moment.
    clock_started = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "invitation_uid"],
                condition=~models.Q(invitation_uid=""),
                name="meeting_invitation_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.starts:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("conversations:meeting", args=[self.pk])

    @property
    def ends(self) -> datetime:
        return self.starts + timedelta(minutes=self.minutes)


class CalendarFeed(models.Model):
    """A private address for the user's calendar app: meetings and due follow-ups."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    def __str__(self) -> str:
        return f"calendar feed of {self.owner}"


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
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    will_introduce = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.person} (from {self.meeting.person})"


class GiveBack(models.Model):
    """Something the user did for someone in return: it keeps the relationship two-way."""

    class Kind(models.TextChoices):
        ARTICLE = "article", "Sent an article or a resource"
        INTRODUCTION = "introduction", "Introduced them to someone"
        NEWS = "news", "Told them how their advice helped"
        INTERVIEW = "interview", "Gave an informational interview in turn"
        OTHER = "other", "Something else"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="give_backs")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    note = models.TextField(blank=True)
    on = models.DateField("Date")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person}"


class KeepInTouch(models.Model):
    """How often to check in with one person, when the user changes the default or stops it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="keep_in_touch")
    every_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="Empty: three times in the first year after you met, then twice a year.",
    )
    stopped = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"keep in touch with {self.person}"


class TodayDecision(models.Model):
    """An item of Today the user snoozed to a date or dismissed; the key names the item."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    snoozed_until = models.DateField(null=True, blank=True)
    dismissed = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="today_decision_unique")]

    def __str__(self) -> str:
        return self.key
