"""Error pages inside the app's layout, so a wrong address still leaves the menu at hand."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's own 500 handler renders without the request; this one keeps the user's menu.

    Rendering the layout could itself be what fails (a broken database, say): then a plain page.
    """
    try:
        return HttpResponseServerError(render_to_string("500.html", request=request))
    except Exception:  # the error page must never raise
        logger.exception("the 500 page could not be rendered with the layout")
        return HttpResponseServerError(
            "<!doctype html><title>Something went wrong · coffeechat</title>"
            "<h1>Something went wrong</h1><p>Nothing you typed is lost: go back and try again.</p>"
        )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form that failed its CSRF check, explained inside the layout (Django's has no request)."""
    logger.warning("CSRF check failed on %s: %s", request.path, reason)
    return HttpResponseForbidden(render_to_string("403_csrf.html", request=request))
