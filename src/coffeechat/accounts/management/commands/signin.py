from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from coffeechat.accounts.access import account_for_command
from coffeechat.accounts.signin import create_signin_token, signin_url
from coffeechat.core.server import base_url


class Command(BaseCommand):
    help = "Print a one-time link that signs an account in to the web app."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--user", metavar="NAME", help="the account (when there are several)")
        parser.add_argument("--host", default="127.0.0.1", help="address the server listens on")
        parser.add_argument("--port", type=int, default=8000, help="port the server listens on")

    def handle(self, *args: Any, user: str | None, host: str, port: int, **options: Any) -> None:
        account = account_for_command(user)
        token = create_signin_token(account)
        self.stdout.write(signin_url(base_url(host, port, settings.PUBLIC_URL), token))
