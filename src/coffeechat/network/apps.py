from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "coffeechat.network"
    label = "network"

    def ready(self) -> None:
        from coffeechat.network import signals  # noqa: F401
