"""The user's own mail servers: where coffeechat sends their messages and reads their replies."""

from django.conf import settings
from django.db import models


class Security(models.TextChoices):
    SSL = "ssl", "SSL/TLS"
    STARTTLS = "starttls", "STARTTLS"
    NONE = "none", "None (only on this machine or a trusted network)"


class MailAccount(models.Model):
    """One user's mailbox (IMAP) and outgoing server (SMTP). Passwords are stored encrypted and
    never leave in a backup; a restored account has `password_needed` until they are typed again."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    address = models.EmailField("Your address", help_text="The address people write back to.")
    imap_host = models.CharField("IMAP server", max_length=255, blank=True)
    imap_port = models.PositiveIntegerField("IMAP port", default=993)
    imap_security = models.CharField(max_length=10, choices=Security.choices, default=Security.SSL)
    imap_user = models.CharField("IMAP user name", max_length=255, blank=True)
    imap_password = models.TextField(blank=True)  # encrypted
    smtp_host = models.CharField("SMTP server", max_length=255, blank=True)
    smtp_port = models.PositiveIntegerField("SMTP port", default=587)
    smtp_security = models.CharField(max_length=10, choices=Security.choices, default=Security.STARTTLS)
    smtp_user = models.CharField("SMTP user name", max_length=255, blank=True)
    smtp_password = models.TextField(blank=True)  # encrypted
    sync_enabled = models.BooleanField("Notice replies in this mailbox", default=False)
    password_needed = models.BooleanField(default=False)
    last_sync = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # The mailbox sync's lease: set by the one sync running (a conditional UPDATE), cleared at its end;
    # one older than sync.LEASE is taken to be a sync that died, and may be taken over.
    sync_started = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.address


class MailFolder(models.Model):
    """How far the sync has read one folder: messages with a UID above `last_uid` are new as long as
    the folder's UIDVALIDITY is the one remembered. Saved with each batch of what it recorded."""

    account = models.ForeignKey(MailAccount, on_delete=models.CASCADE, related_name="folders")
    name = models.CharField(max_length=300)
    uidvalidity = models.PositiveBigIntegerField(default=0)
    last_uid = models.PositiveBigIntegerField(default=0)
    synced = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="mail_folder_once")]

    def __str__(self) -> str:
        return f"{self.name} up to {self.last_uid}"


class MailQuestion(models.Model):
    """A reply from a person with two or more requests waiting, matched only by their address: the
    user says which conversation it answers (or none). The new text is kept until then."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("network.Person", on_delete=models.CASCADE, related_name="+")
    requests = models.ManyToManyField("conversations.Message", related_name="+")
    source_key = models.CharField(max_length=300)  # the Message-ID: asked once, recorded once
    at = models.DateTimeField()
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "source_key"], name="mail_question_once")]

    def __str__(self) -> str:
        return f"Which request does “{self.subject}” answer?"


class AddressOffer(models.Model):
    """An address a known person replied from that they do not have yet: one click adds it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("network.Person", on_delete=models.CASCADE, related_name="+")
    address = models.EmailField(max_length=254)
    at = models.DateTimeField()
    subject = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "person", "address"], name="mail_address_offer_once")
        ]

    def __str__(self) -> str:
        return f"Add {self.address} to {self.person}?"
