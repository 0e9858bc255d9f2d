from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coffeechat.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from coffeechat.core import converters, pgtimes

        converters.register()
        connection_created.connect(pgtimes.use_compiled_timestamps, dispatch_uid="compiled-timestamps")
