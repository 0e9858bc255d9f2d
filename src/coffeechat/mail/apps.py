from django.apps import AppConfig


class MailConfig(AppConfig):
    """The user's own mailbox and mail server: sending through it, and noticing replies in it."""

    name = "coffeechat.mail"
    label = "mail"
