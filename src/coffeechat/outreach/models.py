import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

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
    # Business days skip this country's public holidays (outreach/days_off.py checks the codes).
    holiday_country = models.CharField(
        "Public holidays of", max_length=2, blank=True, help_text="Business days skip them."
    )
    holiday_subdivision = models.CharField(
        "State or province", max_length=60, blank=True, help_text="Its own holidays too, e.g. BY, CA, ON."
    )
    # Today by email each morning (conversations/digest.py), at this hour of the server's time zone.
    digest = models.BooleanField("Email me Today each morning", default=False)
    digest_hour = models.PositiveSmallIntegerField(
        "At", default=8, validators=[MaxValueValidator(23)], help_text="Hour of the day, 0-23."
    )
    digest_email = models.EmailField("To", blank=True, help_text="Your email above when empty.")

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
        "holiday_country",
        "holiday_subdivision",
        "digest",
        "digest_hour",
        "digest_email",
    )

    def __str__(self) -> str:
        return self.full_name or str(self.owner)


class Digest(models.Model):
    """The day's digest of Today for one user (conversations/digest.py): claimed before it is
    worked out, so one process sends it; `sent` false when nothing was newly due."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    sent = models.BooleanField(default=False)
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "on"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.owner} {self.on}"


class DigestItem(models.Model):
    """A Today item (its key) a digest carried, kept while it stays due: it is not news again."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    carried_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="digest_item_once")]

    def __str__(self) -> str:
        return self.key


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


def new_feed_token() -> str:
    """A calendar feed's secret (kept here: the first migrations point at it by this name)."""
    return secrets.token_urlsafe(24)
