"""What `serve` prepares before its workers fork: their first request loads no code or template."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FIRST_REQUEST = """
import sys
import django
django.setup()
from django.conf import settings
from django.template import engines
from django.test import Client
settings.ALLOWED_HOSTS = ["*"]
if sys.argv[1] == "prepared":
    from coffeechat.core.warming import prepare_pages
    prepare_pages()
cached = engines["django"].engine.template_loaders[0].loaders[0].get_template_cache
client, modules, templates = Client(), set(sys.modules), len(cached)
client.handler.load_middleware()  # as the server's application does when it is made
response = client.get(client.get("/explorations/1/")["Location"])  # to the sign-in page
assert response.status_code == 200, response.status_code
print(sorted(m for m in set(sys.modules) - modules if m.startswith("coffeechat")), len(cached) - templates)
"""


def first_request(tmp_path: Path, how: str) -> str:
    env = {**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)}
    env["DJANGO_SETTINGS_MODULE"] = "coffeechat.settings"
    env.pop("COFFEECHAT_DATABASE_URL", None)  # no query is made: the sign-in page alone
    done = subprocess.run(
        [sys.executable, "-c", FIRST_REQUEST, how], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_after_serve_prepared_the_pages_a_first_request_loads_no_view_nor_template(tmp_path: Path) -> None:
    assert first_request(tmp_path, "prepared") == "[] 0"
    unprepared = first_request(tmp_path, "as before")
    assert "coffeechat.explore.views" in unprepared and not unprepared.endswith(" 0")
