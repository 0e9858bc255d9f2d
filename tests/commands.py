"""Running `coffeechat` commands in tests, as a user would read them."""

import io
import json
from typing import Any

from django.core.management import call_command


def run_json(*args: str) -> Any:
    out = io.StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def run_text(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
