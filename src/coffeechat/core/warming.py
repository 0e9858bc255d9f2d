"""What every page needs once per process, done by `serve` before its workers fork.

Django imports the URL patterns (and with them every view module and what they import) on the
first request, and compiles each template the first time it is used: about half a second, paid
by the first request of every worker process. Done here once, the workers share it.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver


def prepare_pages() -> None:
    get_resolver().reverse_dict  # noqa: B018  (imports every urls.py and view; builds reverse())
    staticfiles_storage.base_url  # noqa: B018  (reads the static files' manifest)
    for backend in engines.all():
        backend.engine.template_context_processors  # noqa: B018
        directories = [*backend.engine.dirs, *get_app_template_dirs("templates")]
        for directory in map(Path, directories):
            for template in sorted(directory.rglob("*.html")):
                # Kept by the cached loader; a broken one shows its error on its page, as before.
                with suppress(TemplateSyntaxError):
                    backend.get_template(template.relative_to(directory).as_posix())
