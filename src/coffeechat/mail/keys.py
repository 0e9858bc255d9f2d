"""The mail passwords, encrypted at rest (Fernet: AES in CBC mode with an HMAC, from the well-kept
`cryptography` package) with a key kept on this server: COFFEECHAT_MAIL_KEY, or else the `mail_key`
file made once in the data directory. The database alone, or a copy of it, does not give them away.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from coffeechat.lib.datadir import MAIL_KEY_FILENAME, read_or_create_mail_key
from coffeechat.lib.env import EnvError

if TYPE_CHECKING:
    from cryptography.fernet import Fernet


class KeyProblem(ValueError):
    """A stored password cannot be read (the key changed), or there is no key to use; says which."""


UNREADABLE = (
    "your saved mail password can no longer be read: the key it was encrypted with has changed "
    f"(COFFEECHAT_MAIL_KEY, or the {MAIL_KEY_FILENAME} file in the data directory). Type it again."
)


def encrypt(password: str) -> str:
    """The password as stored: "" stays "" (no password)."""
    if not password:
        return ""
    return _fernet().encrypt(password.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    """The password that `encrypt` stored; KeyProblem when this server's key cannot read it."""
    if not stored:
        return ""
    from cryptography.fernet import InvalidToken

    fernet = _fernet()
    try:
        return fernet.decrypt(stored.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError, ValueError):
        raise KeyProblem(UNREADABLE) from None


def _fernet() -> Fernet:
    key = settings.MAIL_KEY
    return _fernet_for(key, None if key else Path(settings.DATA_DIR))


@lru_cache(maxsize=4)
def _fernet_for(key: bytes | None, data_dir: Path | None) -> Fernet:
    # cryptography is imported here, not at the top: pages and commands that never touch a
    # password do not load it.
    from cryptography.fernet import Fernet

    if key is None:
        assert data_dir is not None
        try:
            key = read_or_create_mail_key(data_dir)
        except (EnvError, OSError) as exc:
            raise KeyProblem(f"no key for the mail passwords: {exc}") from None
    return Fernet(key)
