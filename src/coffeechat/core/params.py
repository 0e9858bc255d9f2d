from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def id_or_404(value: str | None) -> int:
    """An id from a form or query string; anything else is a 404, never a crash page."""
    try:
        number = int(value or "")
    except ValueError:
        raise Http404("not an id") from None
    if number < 1:
        raise Http404("not an id")
    return number


def positive_int(value: str | None) -> int | None:
    """A whole number above zero typed in a query or form, else None: "abc", "²", "-1" and
    numbers longer than any id (Python refuses to read 5,000 digits) are all just "not given"."""
    text = (value or "").strip()
    if not text or len(text) > 18 or not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if number > 0 else None


def next_or(request: HttpRequest, fallback: str) -> str:
    """Where a form asks to go next: a path on this site only, else `fallback` (never another site)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback
