"""A private Dovecot IMAP server for the tests and `coffeechat bench mail`: Debian's own binary,
run as a process of ours on a free loopback port with its whole state in one temporary folder
(configuration, mailboxes, sockets, log), stopped and removed at the end. Plain IMAP, plain
passwords: it only ever listens on 127.0.0.1.

Each user has a passwd file of their own, so a test gets a fresh, empty mailbox by adding a user
instead of restarting the server.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BINARY = "/usr/sbin/dovecot"


class DovecotMissing(RuntimeError):
    pass


def installed() -> bool:
    return os.access(BINARY, os.X_OK)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _mail_user() -> pwd.struct_passwd:
    """Whom the mail processes run as: ourselves, or as root an unprivileged system user
    (Dovecot refuses to open mailboxes as root)."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    for name in ("dovecot", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise DovecotMissing("running as root, and neither the dovecot nor the nobody user exists")


_CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:~/Maildir
mail_uid = {uid}
mail_gid = {gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users/%u
  default_fields = uid={uid} gid={gid} home={root}/home/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
  # No growing delay after a wrong password (the tests try one on purpose).
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


class Dovecot:
    """One running server. `add_user` makes a mailbox; `stop` ends the process and removes the folder."""

    def __init__(self) -> None:
        if not installed():
            raise DovecotMissing(f"Dovecot is not installed ({BINARY}): apt-get install dovecot-imapd")
        self.host = "127.0.0.1"
        self.port = free_port()
        # In /tmp, not under TMPDIR or pytest's folders: those may be private (0700) to us while
        # Dovecot's own users must reach the mailboxes when we are root, and a Unix socket's path
        # holds at most 107 bytes.
        short = "/tmp" if Path("/tmp").is_dir() else None
        self.root = Path(tempfile.mkdtemp(prefix="coffeechat-dovecot-", dir=short))
        self.root.chmod(0o755)
        user = _mail_user()
        self._uid, self._gid = user.pw_uid, user.pw_gid
        me = pwd.getpwuid(os.geteuid()).pw_name
        internal = me if os.geteuid() != 0 else user.pw_name
        login = me if os.geteuid() != 0 else _login_user(user.pw_name)
        for folder in ("run", "state", "home", "users"):
            (self.root / folder).mkdir()
        os.chown(self.root / "home", self._uid, self._gid)
        self.config = self.root / "dovecot.conf"
        self.config.write_text(
            _CONFIG.format(
                root=self.root,
                port=self.port,
                uid=self._uid,
                gid=self._gid,
                internal=internal,
                internal_group=_group_name(user.pw_gid),
                login=login,
            )
        )
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, wait: float = 10.0) -> Dovecot:
        if self._process is not None and self._process.poll() is None:
            return self  # already running (`with Dovecot().start():` enters it once more)
        self._process = subprocess.Popen(
            [BINARY, "-F", "-c", str(self.config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # a Ctrl+C in the terminal reaches us, and we stop it
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                error = self._process.stderr.read().decode(errors="replace") if self._process.stderr else ""
                log = self.log()
                self.stop()
                raise DovecotMissing(f"Dovecot did not start: {error.strip() or log.strip()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5) as probe:
                    if probe.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise DovecotMissing(f"Dovecot did not answer on port {self.port} within {wait:.0f} s")

    @property
    def pid(self) -> int:
        return self._process.pid if self._process is not None else 0

    def add_user(self, name: str, password: str = "secret") -> None:
        """A new, empty mailbox: one passwd file per user, so nothing Dovecot has read changes."""
        (self.root / "users" / name).write_text(f"{name}:{{PLAIN}}{password}::::::\n")

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process is not None and process.stderr:
            process.stderr.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Dovecot:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _login_user(internal: str) -> str:
    try:
        return pwd.getpwnam("dovenull").pw_name
    except KeyError:
        return internal


def _group_name(gid: int) -> str:
    import grp

    return grp.getgrgid(gid).gr_name
