from datetime import timedelta

from django.apps import AppConfig


class MailConfig(AppConfig):
    """The user's own mailbox and mail server: sending through it, and noticing replies in it."""

    name = "coffeechat.mail"
    label = "mail"

    def ready(self) -> None:
        from coffeechat.core import periodic

        # Polling: every few minutes one worker (of any server on this database) reads new mail.
        periodic.register("mail-sync", timedelta(minutes=5), _sync_mailboxes)


def _sync_mailboxes() -> None:
    from coffeechat.mail.sync import sync_all  # IMAPClient loads only when the job runs

    sync_all()
