from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "coffeechat.imports"
    label = "imports"

    def ready(self) -> None:
        from coffeechat.imports.models import ImportChange
        from coffeechat.network.references import register_merge

        # What an import changed on the duplicate is not undone on the person kept: when the
        # duplicate goes, its change records lose their person (SET_NULL) and undo skips them.
        register_merge(ImportChange, lambda rows, duplicate, keep: None)
