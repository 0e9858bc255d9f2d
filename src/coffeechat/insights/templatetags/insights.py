from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from coffeechat.insights.aggregate import Conversation

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, [])


_SOME_ID = 987654321


@register.simple_tag
def meeting_links(talks: list[Conversation]) -> SafeString:
    """Each conversation as a link to its meeting, comma-separated. The page lists thousands, so
    the address is reversed once and each id put into it (a reverse per link took most of the page)."""
    address = escape(reverse("conversations:meeting", args=[_SOME_ID])).replace(str(_SOME_ID), "{}")
    links = (f'<a href="{address.format(t.meeting_id)}">{escape(t.person)}</a>' for t in talks)
    return mark_safe(", ".join(links))  # the address and every name are escaped above
