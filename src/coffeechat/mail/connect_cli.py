"""`coffeechat mail connect|status`: the user's mailbox and mail server from a terminal.
The command (management/commands/mail.py) only hands its sub-commands here."""

from __future__ import annotations

import sys
from argparse import ArgumentParser, BooleanOptionalAction, _SubParsersAction
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coffeechat.core.commandline import account_from_options, add_account_arguments, form_problems, write_json
from coffeechat.mail import connecting
from coffeechat.mail.forms import MailAccountForm
from coffeechat.mail.keys import KeyProblem
from coffeechat.mail.models import MailAccount, Security

ACTIONS = ("connect", "status")
# The usual port for each kind of server and security.
PORTS = {
    ("imap", "ssl"): 993,
    ("imap", "starttls"): 143,
    ("imap", "none"): 143,
    ("smtp", "ssl"): 465,
    ("smtp", "starttls"): 587,
    ("smtp", "none"): 25,
}
OPTION_OF = {name: "--" + name.replace("_", "-") for name in connecting.SERVER_FIELDS}
OPTION_OF |= {"sync_enabled": "--notice-replies", "imap_password": "--password-stdin"}
OPTION_OF |= {"smtp_password": "--password-stdin"}


def add_actions(actions: _SubParsersAction) -> None:
    connect: ArgumentParser = actions.add_parser(
        "connect",
        help="connect your mailbox (IMAP) and your own mail server (SMTP); options left out keep what is set",
    )
    add_account_arguments(connect)
    connect.add_argument("--address", help="your own address (default: the IMAP user name, if an address)")
    for kind, default_security in (("imap", "ssl"), ("smtp", "starttls")):
        name = kind.upper()
        connect.add_argument(
            f"--{kind}-host", metavar="HOST", help=f"the {name} server, e.g. mail.example.org"
        )
        connect.add_argument(
            f"--{kind}-port", type=int, metavar="PORT", help="default: the usual one for the security"
        )
        connect.add_argument(
            f"--{kind}-security",
            choices=Security.values,
            help=f"ssl, starttls or none (default {default_security})",
        )
        connect.add_argument(f"--{kind}-user", metavar="NAME", help=f"the {name} user name")
    connect.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input: the first line for both servers, "
        "a second line (if any) for SMTP",
    )
    connect.add_argument(
        "--notice-replies", action=BooleanOptionalAction, default=None, help="notice replies in this mailbox"
    )
    status = actions.add_parser(
        "status", help="what is connected, and whether a password must be typed again"
    )
    add_account_arguments(status)


def run(command: BaseCommand, action: str, options: dict[str, Any]) -> None:
    owner = account_from_options(options)
    if action == "connect":
        account = _connect(owner, options)
        command.stderr.write("Saved.")
    else:
        account = connecting.mail_account_for(owner)
    status = connecting.status_of(account)
    if options["json"]:
        write_json(command, status)
    else:
        command.stdout.write(_as_text(status))


def _connect(owner: Any, options: dict[str, Any]) -> MailAccount:
    account = connecting.mail_account_for(owner)
    current = account or MailAccount()
    data: dict[str, Any] = {name: getattr(current, name) for name in connecting.SERVER_FIELDS}
    for kind in ("imap", "smtp"):
        for field in ("host", "security", "user"):
            if options[f"{kind}_{field}"] is not None:
                data[f"{kind}_{field}"] = options[f"{kind}_{field}"]
        if options[f"{kind}_port"] is not None:
            data[f"{kind}_port"] = options[f"{kind}_port"]
        elif account is None or options[f"{kind}_security"] is not None:
            data[f"{kind}_port"] = PORTS[(kind, data[f"{kind}_security"])]
    if options["smtp_host"] and not data["smtp_user"] and options["smtp_user"] is None:
        data["smtp_user"] = data["imap_user"]  # most providers: one user name for both
    if options["address"] is not None:
        data["address"] = options["address"]
    elif not data["address"]:
        data["address"] = next((u for u in (data["imap_user"], data["smtp_user"]) if "@" in u), "")
    if options["notice_replies"] is not None:
        data["sync_enabled"] = options["notice_replies"]
    imap_password, smtp_password = _passwords(options["password_stdin"])
    if not data["sync_enabled"]:
        data.pop("sync_enabled")  # an unchecked box is absent from a form's data
    form = MailAccountForm({**data, "imap_password": imap_password, "smtp_password": smtp_password})
    if not form.is_valid():
        raise form_problems(form, OPTION_OF)
    values = {name: form.cleaned_data[name] for name in connecting.SERVER_FIELDS}
    if not data["smtp_host"]:
        smtp_password = ""
    try:
        return connecting.save_account(
            owner, values, imap_password if data["imap_host"] else "", smtp_password
        )
    except KeyProblem as exc:
        raise CommandError(str(exc)) from None


def _passwords(from_stdin: bool) -> tuple[str, str]:
    if not from_stdin:
        return "", ""
    lines = sys.stdin.read().splitlines()
    if not lines or not lines[0]:
        raise CommandError("--password-stdin: standard input holds no password")
    return lines[0], lines[1] if len(lines) > 1 and lines[1] else lines[0]


def _as_text(status: dict[str, Any]) -> str:
    if not status["connected"]:
        return "No mailbox connected. Connect one with: coffeechat mail connect --imap-host … --imap-user …"
    lines = [f"Address: {status['address']}"]
    for kind in ("imap", "smtp"):
        server = status[kind]
        if server["host"]:
            user = f"{server['user']} at " if server["user"] else ""
            lines.append(f"{kind.upper()}: {user}{server['host']}:{server['port']} ({server['security']})")
        else:
            lines.append(f"{kind.upper()}: none")
    lines.append(f"Notice replies: {'on' if status['notice_replies'] else 'off'}")
    if status["password_problem"]:
        lines.append(f"Password needed: {status['password_problem']}")
    elif status["password_needed"]:
        needed = " and ".join(status["passwords_needed"])
        lines.append(
            f"Password needed: type the {needed} password again "
            "(coffeechat mail connect --password-stdin, or on the Mail page)"
        )
    lines.append(f"Last read: {status['last_sync'] or 'not yet'}")
    if status["last_error"]:
        lines.append(f"Last error: {status['last_error']}")
    return "\n".join(lines)
