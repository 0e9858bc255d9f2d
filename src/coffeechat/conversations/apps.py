from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "coffeechat.conversations"
    label = "conversations"

    def ready(self) -> None:
        # Panels for lower apps' pages, the backup section and the merge hook register here.
        from coffeechat.conversations import hooks  # noqa: F401
