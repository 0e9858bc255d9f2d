from collections.abc import Callable
from html import escape  # Django's escape with a lazy wrapper, costly a few thousand times
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from coffeechat.core.addresses import addresses
from coffeechat.insights.aggregate import Conversation

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, [])


def _address(name: str) -> Callable[[int], str]:
    """The escaped address of the named page for any id: the pages list hundreds of links."""
    address = addresses(name)
    return lambda some_id: escape(address(some_id))


@register.simple_tag
def meeting_links(talks: list[Conversation]) -> SafeString:
    """Each conversation as a link to its meeting, comma-separated."""
    address = _address("conversations:meeting")
    links = (f'<a href="{address(t.meeting_id)}">{escape(t.person)}</a>' for t in talks)
    return mark_safe(", ".join(links))  # the address and every name are escaped above


@register.simple_tag
def referral_tree(roots: list[dict[str, Any]]) -> SafeString:
    """Who led to whom, as nested lists of links to each person."""
    address = _address("network:person")

    def branch(nodes: list[dict[str, Any]]) -> str:
        return "".join(
            f'<li><a href="{address(n["id"])}">{escape(n["name"])}</a>'
            + (f"<ul>{branch(n['children'])}</ul>" if n["children"] else "")
            + "</li>"
            for n in nodes
        )

    return mark_safe(f'<ul class="tree">{branch(roots)}</ul>')  # every name is escaped in branch
