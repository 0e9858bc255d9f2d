from django.apps import AppConfig


class RunsConfig(AppConfig):
    """The one table of the built-in periodic runner (core/periodic.py): which job ran for which
    period. Kept in an app of its own, beside core, which has no models."""

    name = "coffeechat.runs"
    label = "runs"
