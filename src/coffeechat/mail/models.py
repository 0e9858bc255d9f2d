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
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.address
