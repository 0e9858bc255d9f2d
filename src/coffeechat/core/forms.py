from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Fields laid out as Pico CSS expects: label, input, then help text and errors below."""

    field_template_name = "coffeechat/field.html"


@cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone this Python knows, sorted; old aliases ("US/Eastern") stay, as people type them."""
    return tuple(sorted(available_timezones()))


class TimeZoneInput(forms.TextInput):
    """A text box with the real zones as a searchable list: typing "Berlin" offers Europe/Berlin."""

    template_name = "coffeechat/time_zone_input.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = f"{widget_attrs.get('id') or name}-zones"
        widget_attrs.setdefault("autocomplete", "off")
        context["zones"] = time_zone_names()
        return context


class TimeZoneField(forms.CharField):
    widget = TimeZoneInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        name = super().clean(value).strip()
        if not name and not self.required:
            return name
        by_folded = {zone.casefold(): zone for zone in time_zone_names()}
        found = by_folded.get(name.replace(" ", "_").casefold())
        if found is None:
            raise ValidationError(
                f"{name!r} is not a time zone: pick one from the list, like Europe/Berlin or America/Chicago."
            )
        return found


def one_line(value: str) -> None:
    """For a field that becomes one line elsewhere (an email's subject or sender): no line break."""
    if "\n" in value or "\r" in value:
        raise ValidationError("Write this on one line: take out the line break.")
