from django.apps import AppConfig


class ExploreConfig(AppConfig):
    name = "coffeechat.explore"
    label = "explore"
