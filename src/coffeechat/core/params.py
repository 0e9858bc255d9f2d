from django.http import Http404


def id_or_404(value: str | None) -> int:
    """An id from a form or query string; anything else is a 404, never a crash page."""
    try:
        number = int(value or "")
    except ValueError:
        raise Http404("not an id") from None
    if number < 1:
        raise Http404("not an id")
    return number
