from typing import Any

from django.apps import AppConfig


class ExploreConfig(AppConfig):
    name = "coffeechat.explore"
    label = "explore"

    def ready(self) -> None:
        from coffeechat.explore.graph import introduction_paths
        from coffeechat.network.panels import Panel, register_person_panel

        def paths(request: Any, person: Any) -> dict[str, Any] | None:
            if person.is_direct:
                return None
            return {"paths": [] if person.sensitive else introduction_paths(request.user, person)}

        register_person_panel(Panel("paths", "explore/_person_paths.html", paths, order=10))
