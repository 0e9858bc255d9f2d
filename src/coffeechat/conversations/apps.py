from datetime import timedelta

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "coffeechat.conversations"
    label = "conversations"

    def ready(self) -> None:
        # Panels for lower apps' pages, the backup section and the merge hook register here.
        from coffeechat.conversations import hooks  # noqa: F401
        from coffeechat.core import periodic

        periodic.register("digest", timedelta(hours=1), _send_due_digests)


def _send_due_digests() -> None:
    from coffeechat.conversations.digest import send_due_digests  # read Today's modules only when run

    send_due_digests()
