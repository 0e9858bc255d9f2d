"""`coffeechat community staff|invite|settings`: roles, invitation links and the rules from a terminal.
The command (management/commands/community.py) only hands its sub-commands here."""

from __future__ import annotations

from argparse import _SubParsersAction
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coffeechat.community import joining
from coffeechat.community.access import the_community
from coffeechat.community.models import Membership
from coffeechat.core.commandline import write_json
from coffeechat.core.server import DEFAULT_PORT, base_url
from coffeechat.lib.serving import serving_url

ACTIONS = ("staff", "invite", "settings")


def add_actions(actions: _SubParsersAction) -> None:
    staff = actions.add_parser("staff", help="make an account staff of the community")
    staff.add_argument("username", help="the account name (for members who joined, their email address)")
    staff.add_argument("--json", action="store_true", help="print JSON")
    invite = actions.add_parser("invite", help="make an invitation link and print it")
    invite.add_argument("--role", choices=Membership.Role.values, default=Membership.Role.MEMBER)
    invite.add_argument("--days", type=int, default=14, help="how long the link works (default 14)")
    invite.add_argument("--uses", type=int, help="how many people may join with it (default: any number)")
    invite.add_argument("--note", default="", help="for staff: who it is for")
    invite.add_argument("--json", action="store_true", help="print JSON")
    shown = actions.add_parser("settings", help="show the community's name, who may join and its rules")
    shown.add_argument("--json", action="store_true", help="print JSON")


def site_url() -> str:
    """Where people reach this server: COFFEECHAT_PUBLIC_URL, else where `serve` runs here."""
    running = settings.PUBLIC_URL or serving_url(settings.DATA_DIR)
    return running or base_url("127.0.0.1", DEFAULT_PORT, None)


def community_settings() -> dict[str, Any]:
    community = the_community()
    return {
        "name": community.name,
        "joining": community.joining,
        "email_domains": joining.allowed_domains(community),
        "open_requests_per_member": community.open_requests_per_member,
        "remind_after_days": community.remind_after_days,
        "expire_after_days": community.expire_after_days,
        "default_monthly_cap": community.default_monthly_cap,
        "groups": [line for line in community.groups.splitlines() if line.strip()],
        "staff": list(
            Membership.objects.filter(role=Membership.Role.STAFF)
            .order_by("display_name")
            .values_list("user__username", flat=True)
        ),
    }


def run(command: BaseCommand, action: str, options: dict[str, Any]) -> None:
    try:
        if action == "staff":
            membership = joining.make_staff_by_name(options["username"])
            result = {"username": membership.user.username, "role": membership.role}
            text = f"{membership.user.username} is now staff of {the_community().name}."
        elif action == "invite":
            made = joining.create_invitation(
                role=options["role"], days=options["days"], max_uses=options["uses"], note=options["note"]
            )
            link = joining.invitation_url(site_url(), made.token)
            uses = f", {made.invitation.max_uses} uses" if made.invitation.max_uses else ""
            result = {
                "link": link,
                "role": made.invitation.role,
                "expires": made.invitation.expires.isoformat(),
            }
            result["max_uses"] = made.invitation.max_uses
            text = f"{link}\n(for {made.invitation.role}, until {made.invitation.expires:%Y-%m-%d}{uses})"
        else:
            result = community_settings()
            text = "\n".join(
                f"{key.replace('_', ' ')}: {', '.join(value) if isinstance(value, list) else value}"
                for key, value in result.items()
            )
    except joining.Refused as refused:
        option = {"days": "--days", "max_uses": "--uses", "note": "--note", "role": "--role"}
        prefix = option.get(refused.field)
        if prefix is None:
            raise CommandError(refused.message) from None
        raise CommandError(f"{prefix}: {refused.message.partition(': ')[2] or refused.message}") from None
    if options.get("json"):
        write_json(command, result)
    else:
        command.stdout.write(text)
