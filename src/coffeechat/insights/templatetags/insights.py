from html import escape  # Django's escape with a lazy wrapper, costly a few thousand times
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from coffeechat.insights.aggregate import Conversation

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, [])


_SOME_ID = 987654321


def _address(name: str) -> str:
    """The escaped address of the named page with {} for its id: the pages list hundreds of links,
    so the address is reversed once and each id put into it (a reverse per link took a third)."""
    return escape(reverse(name, args=[_SOME_ID])).replace(str(_SOME_ID), "{}")


@register.simple_tag
def meeting_links(talks: list[Conversation]) -> SafeString:
    """Each conversation as a link to its meeting, comma-separated."""
    address = _address("conversations:meeting")
    links = (f'<a href="{address.format(t.meeting_id)}">{escape(t.person)}</a>' for t in talks)
    return mark_safe(", ".join(links))  # the address and every name are escaped above


@register.simple_tag
def referral_tree(roots: list[dict[str, Any]]) -> SafeString:
    """Who led to whom, as nested lists of links to each person."""
    address = _address("network:person")

    def branch(nodes: list[dict[str, Any]]) -> str:
        return "".join(
            f'<li><a href="{address.format(n["id"])}">{escape(n["name"])}</a>'
            + (f"<ul>{branch(n['children'])}</ul>" if n["children"] else "")
            + "</li>"
            for n in nodes
        )

    return mark_safe(f'<ul class="tree">{branch(roots)}</ul>')  # every name is escaped in branch
