"""User data where markup is read: `|md` in Markdown templates, `{% outside_link %}` for stored links."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from coffeechat.lib.markup import escape_markdown, safe_link

register = template.Library()


@register.filter
def md(value: object) -> str:
    """Literal text in a Markdown file (the templates render with autoescape off)."""
    return "" if value is None else escape_markdown(value)


@register.simple_tag
def outside_link(url: str | None, text: str = "", new_tab: bool = True) -> SafeString:
    """A link to a stored address; one a browser could run (javascript:, data:) is shown as text."""
    shown = text or url or ""
    target = safe_link(url)
    if target is None:
        return format_html('<span class="muted">{}</span>', shown if shown == url else f"{shown}: {url}")
    if new_tab:
        return format_html('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', target, shown)
    return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', target, shown)
