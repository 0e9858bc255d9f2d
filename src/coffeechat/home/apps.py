from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site's top: the home page with Today, and commands that span every app."""

    name = "coffeechat.home"
    label = "home"
