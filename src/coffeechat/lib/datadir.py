"""Where coffeechat keeps its files: the database, the secret key."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from platformdirs import user_data_dir

from coffeechat.lib.env import EnvError

VARIABLE = "COFFEECHAT_DATA_DIR"
SECRET_FILENAME = "secret_key"


def default_data_dir() -> Path:
    return Path(user_data_dir("coffeechat", appauthor=False))


def ensure_data_dir(path: Path) -> Path:
    """Create the directory if needed and prove it is writable, or say why not."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise EnvError(
            VARIABLE,
            f"cannot write to the data directory {path} ({reason}); choose another with COFFEECHAT_DATA_DIR",
        ) from None
    return path


def read_or_create_secret_key(data_dir: Path) -> str:
    """The key signing sessions: made once per installation and kept private to its owner."""
    key_file = data_dir / SECRET_FILENAME
    if key_file.exists():
        key = key_file.read_text().strip()
        if len(key) >= 50:
            return key
    key = secrets.token_urlsafe(50)
    # Write to a temporary name and rename, so a crash never leaves a half-written key.
    tmp = key_file.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    tmp.replace(key_file)
    return key
