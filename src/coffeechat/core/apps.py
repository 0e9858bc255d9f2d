from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coffeechat.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from coffeechat.core import converters, lookups

        converters.register()
        lookups.register()
        connection_created.connect(_on_new_connection, dispatch_uid="compiled-timestamps")


def _on_new_connection(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        from coffeechat.core.pgtimes import use_compiled_timestamps

        use_compiled_timestamps(connection)
