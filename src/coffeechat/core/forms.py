from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class FormRenderer(TemplatesSetting):
    """Fields laid out as Pico CSS expects: label, input, then help text and errors below."""

    field_template_name = "coffeechat/field.html"


_PLAIN_INPUTS = (forms.TextInput, forms.DateInput, forms.NumberInput, forms.EmailInput, forms.URLInput)


def drawn_in_python(form: forms.BaseForm) -> SafeString:
    """The form's fields as `as_div` lays them out with field.html, drawn without templates.

    Django renders each field, widget and select option through a template of its own: the person
    page's tie form took ~2 ms of the page that way, and is opened rarely. Text-like inputs and
    single selects only (a checkbox, a multiple select or a custom widget keeps its template).
    """
    return mark_safe("".join(_field_html(bound) for bound in form))


def _field_html(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    attrs = bound.build_widget_attrs({})
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    drawn = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    if type(widget) is forms.Select:
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _, group, _ in drawn["optgroups"]
                for option in group
            ),
        )
        control = format_html(
            '<select name="{}"{}>{}</select>', drawn["name"], flatatt(drawn["attrs"]), options
        )
    elif type(widget) in _PLAIN_INPUTS:
        value = format_html(' value="{}"', drawn["value"]) if drawn["value"] is not None else ""
        control = format_html(
            '<input type="{}" name="{}"{}{}>', drawn["type"], drawn["name"], value, flatatt(drawn["attrs"])
        )
    else:
        return format_html("<div>{}</div>", bound.as_field_group())  # its own template, as as_div would
    label = format_html('<label for="{}">{}</label>', bound.id_for_label, bound.label) if bound.label else ""
    help_text = (
        format_html('<small id="{}_helptext">{}</small>', bound.auto_id, mark_safe(bound.help_text))
        if bound.help_text
        else ""
    )
    errors = (
        format_html(
            '<small class="field-error" id="{}_error">{}</small>', bound.auto_id, " ".join(bound.errors)
        )
        if bound.errors
        else ""
    )
    return format_html("<div>{}{}{}{}</div>", label, control, help_text, errors)


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
