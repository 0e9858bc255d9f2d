from django import template
from django.http import HttpRequest

register = template.Library()


@register.simple_tag
def page_url(request: HttpRequest, number: int) -> str:
    """This page's address with its filters kept and another page number."""
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()
