"""The person page is assembled from panels that each area provides.

`network` sits low in the layers and cannot import the areas above it (explorations,
conversations); they register here instead, when their app is ready. A panel is a template and
a function giving its context; timeline sources give dated lines for the person's timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from coffeechat.network.models import Person


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[HttpRequest, Person], dict[str, Any] | None]  # None: nothing to show
    order: int = 50


@dataclass(frozen=True)
class TimelineLine:
    when: datetime | date
    text: str
    url: str = ""


_panels: dict[str, Panel] = {}
_timeline_sources: dict[str, Callable[[Person], list[TimelineLine]]] = {}


def register_person_panel(panel: Panel) -> None:
    _panels[panel.name] = panel


def register_timeline(name: str, source: Callable[[Person], list[TimelineLine]]) -> None:
    _timeline_sources[name] = source


def person_panels(request: HttpRequest, person: Person) -> list[SafeString]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request, person)
        if context is not None:
            rendered.append(render_to_string(panel.template, {"person": person, **context}, request))
    return rendered


def _sort_key(line: TimelineLine) -> datetime:
    when = line.when
    if isinstance(when, datetime):
        return when.replace(tzinfo=None)
    return datetime(when.year, when.month, when.day, 12)


def person_timeline(person: Person) -> list[TimelineLine]:
    lines = [line for source in _timeline_sources.values() for line in source(person)]
    if person.was_edited:
        lines.append(TimelineLine(person.updated, "details last changed"))
    lines.append(TimelineLine(person.created, "added to your network"))
    return sorted(lines, key=_sort_key, reverse=True)
