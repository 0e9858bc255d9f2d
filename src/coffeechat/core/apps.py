from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coffeechat.core"
    label = "core"

    def ready(self):
        from coffeechat.core import converters

        converters.register()
