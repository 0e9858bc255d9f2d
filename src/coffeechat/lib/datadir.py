"""Where coffeechat keeps its files: the database, the secret key, the key of the mail passwords."""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
from pathlib import Path

from platformdirs import user_data_dir

from coffeechat.lib.env import EnvError

VARIABLE = "COFFEECHAT_DATA_DIR"
SECRET_FILENAME = "secret_key"
MAIL_KEY_FILENAME = "mail_key"


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


def read_or_create_mail_key(data_dir: Path) -> bytes:
    """The key the mail passwords are encrypted with, when COFFEECHAT_MAIL_KEY sets none: made once
    per installation, readable by its owner only. Unlike the secret key it is never replaced: a new
    one would make every stored password unreadable. Two processes making it at once both end with
    the one that was linked in first (a link never overwrites), never with two keys."""
    key_file = data_dir / MAIL_KEY_FILENAME
    try:
        return _mail_key_in(key_file)
    except FileNotFoundError:
        pass
    ensure_data_dir(data_dir)
    tmp = data_dir / f".{MAIL_KEY_FILENAME}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(base64.urlsafe_b64encode(secrets.token_bytes(32)))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first: theirs is kept
            os.link(tmp, key_file)
    finally:
        tmp.unlink(missing_ok=True)
    return _mail_key_in(key_file)


def _mail_key_in(key_file: Path) -> bytes:
    key = key_file.read_bytes().strip()
    try:
        if len(base64.urlsafe_b64decode(key)) == 32:
            return key
    except ValueError:
        pass
    raise EnvError(
        "COFFEECHAT_MAIL_KEY",
        f"{key_file} does not hold a key (32 bytes in URL-safe base64); restore it from a copy, "
        "or set COFFEECHAT_MAIL_KEY",
    )
