from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Fields laid out as Pico CSS expects: label, input, then help text and errors below."""

    field_template_name = "coffeechat/field.html"
