from argparse import ArgumentParser
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand

from coffeechat.accounts.access import account_for_command
from coffeechat.accounts.signin import create_signin_token, signin_url
from coffeechat.core.lan import can_print_qr, plan_from_settings, terminal_qr
from coffeechat.core.server import DEFAULT_PORT, base_url
from coffeechat.lib.serving import serving_url


class Command(BaseCommand):
    help = "Print a one-time link that signs an account in to the web app."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--user", metavar="NAME", help="the account (when there are several)")
        parser.add_argument(
            "--host", help="address the server listens on (default: where `serve` runs, else 127.0.0.1)"
        )
        parser.add_argument(
            "--port",
            type=int,
            help=f"port the server listens on (default: where `serve` runs, else {DEFAULT_PORT})",
        )
        parser.add_argument(
            "--lan", action="store_true", help="a link for a phone, to a server started with `serve --lan`"
        )

    def handle(
        self, *args: Any, user: str | None, host: str | None, port: int | None, lan: bool, **options: Any
    ) -> None:
        account = account_for_command(user)
        # A server running from this data directory says where it listens (lib/serving.py).
        running = serving_url(settings.DATA_DIR) if host is None and port is None else None
        if lan:
            port = port or (urlsplit(running).port if running else None) or DEFAULT_PORT
            url = plan_from_settings(host, port).url
        else:
            url = running or base_url(host or "127.0.0.1", port or DEFAULT_PORT, settings.PUBLIC_URL)
        link = signin_url(url, create_signin_token(account))
        self.stdout.write(link)
        if lan and can_print_qr(getattr(self.stdout, "encoding", None)):
            self.stdout.write(terminal_qr(link))
