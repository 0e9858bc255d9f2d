"""`coffeechat mail sync`: read the new mail of every mailbox with "notice replies" on (or one
account's, with --user) and say what was read and recorded. The command (management/commands/mail.py)
only hands its sub-command here; cron can run it as well as `serve`'s periodic run."""

from __future__ import annotations

from argparse import ArgumentParser, _SubParsersAction
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coffeechat.accounts.access import account_for_command
from coffeechat.core.commandline import write_json
from coffeechat.mail.sync import Report, sync_all

ACTIONS = ("sync",)


def add_actions(actions: _SubParsersAction) -> None:
    sync: ArgumentParser = actions.add_parser(
        "sync", help="read new mail now and record the replies (every mailbox with notice replies on)"
    )
    sync.add_argument("--user", metavar="NAME", help="only this account's mailbox")
    sync.add_argument("--json", action="store_true", help="print JSON instead of text")


def run(command: BaseCommand, action: str, options: dict[str, Any]) -> None:
    username = ""
    if options.get("user"):
        username = account_for_command(options["user"]).get_username()
    reports = sync_all(username)
    if options["json"]:
        write_json(command, [report.as_dict() for report in reports])
    elif not reports:
        command.stdout.write(
            "No mailbox to read: connect one with notice replies on "
            "(coffeechat mail connect … --notice-replies)."
        )
    else:
        for report in reports:
            command.stdout.write(as_text(report))
    if any(report.error for report in reports):
        raise CommandError("; ".join(f"{r.address}: {r.error}" for r in reports if r.error))


def as_text(report: Report) -> str:
    if not report.ran:
        return f"{report.address}: another sync of this mailbox is running; nothing done."
    folders = ", ".join(f"{name} {count}" for name, count in report.folders.items()) or "nothing new"
    recorded = [
        (report.replies, "reply", "replies"),
        (report.questions, "question for you", "questions for you"),
        (report.interactions, "interaction", "interactions"),
        (report.marked_sent, "draft marked sent", "drafts marked sent"),
        (report.addresses_offered, "new address offered", "new addresses offered"),
        (report.invitations, "invitation", "invitations"),
        (report.skipped, "message skipped", "messages skipped"),
    ]
    said = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in recorded if n)
    return f"{report.address}: read {report.read} new ({folders}); {said or 'nothing to record'}."
