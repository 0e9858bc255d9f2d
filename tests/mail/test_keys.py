"""Mail passwords encrypted at rest: a round trip, a changed key, the key file made once."""

import base64
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from coffeechat.lib.datadir import read_or_create_mail_key
from coffeechat.lib.env import EnvError, env_fernet_key
from coffeechat.mail.keys import KeyProblem, decrypt, encrypt

KEY = base64.urlsafe_b64encode(b"k" * 32)
OTHER_KEY = base64.urlsafe_b64encode(b"o" * 32)


def test_it_stores_a_password_only_encrypted_and_reads_it_back(settings: Any) -> None:
    settings.MAIL_KEY = KEY
    stored = encrypt("app pässword 42")
    assert "pässword" not in stored and "app" not in stored
    assert decrypt(stored) == "app pässword 42"
    assert encrypt("") == "" and decrypt("") == ""


def test_a_changed_key_says_the_password_must_be_typed_again(settings: Any) -> None:
    settings.MAIL_KEY = KEY
    stored = encrypt("secret")
    settings.MAIL_KEY = OTHER_KEY
    with pytest.raises(KeyProblem, match="can no longer be read: the key it was encrypted with has changed"):
        decrypt(stored)
    with pytest.raises(KeyProblem):
        decrypt("not a token at all")


def test_without_a_key_set_one_is_made_once_in_the_data_directory(settings: Any, tmp_path: Path) -> None:
    settings.MAIL_KEY = None
    settings.DATA_DIR = tmp_path
    stored = encrypt("secret")
    key_file = tmp_path / "mail_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    made = key_file.read_bytes()
    assert read_or_create_mail_key(tmp_path) == made  # never replaced
    assert decrypt(stored) == "secret"
    assert [p.name for p in tmp_path.iterdir()] == ["mail_key"]  # no temporary file left behind


def test_a_key_file_made_by_another_process_first_is_the_one_kept(tmp_path: Path, monkeypatch: Any) -> None:
    theirs = base64.urlsafe_b64encode(os.urandom(32))
    real_link = os.link

    def race(source: Any, target: Any) -> None:  # another process links its key in between
        Path(target).write_bytes(theirs)
        real_link(source, target)

    monkeypatch.setattr(os, "link", race)
    assert read_or_create_mail_key(tmp_path) == theirs


def test_a_key_file_that_holds_no_key_is_named(tmp_path: Path) -> None:
    (tmp_path / "mail_key").write_text("garbage")
    with pytest.raises(EnvError, match="mail_key does not hold a key"):
        read_or_create_mail_key(tmp_path)


@pytest.mark.parametrize(
    "value", ["short", KEY.decode()[:-2] + "!!", base64.urlsafe_b64encode(b"x" * 31).decode()]
)
def test_a_bad_key_in_the_environment_is_refused_with_its_name(value: str) -> None:
    with pytest.raises(EnvError, match="COFFEECHAT_MAIL_KEY: expected 32 random bytes"):
        env_fernet_key("COFFEECHAT_MAIL_KEY", {"COFFEECHAT_MAIL_KEY": value})
    assert env_fernet_key("COFFEECHAT_MAIL_KEY", {"COFFEECHAT_MAIL_KEY": KEY.decode()}) == KEY
