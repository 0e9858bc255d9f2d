from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "coffeechat.imports"
    label = "imports"

    def ready(self) -> None:
        from coffeechat.imports import signals  # noqa: F401
