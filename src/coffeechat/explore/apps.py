from typing import Any

from django.apps import AppConfig


class ExploreConfig(AppConfig):
    name = "coffeechat.explore"
    label = "explore"

    def ready(self) -> None:
        from coffeechat.network.panels import Panel, register_person_panel

        def paths(request: Any, person: Any) -> dict[str, Any] | None:
            # The paths load after the page (explore.views.person_paths): walking the neighbours'
            # neighbours takes longer than the rest of the page together.
            return None if person.is_direct else {"later": True}

        register_person_panel(Panel("paths", "explore/_person_paths.html", paths, order=10))
