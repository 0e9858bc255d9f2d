from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from coffeechat.accounts.signin import create_signin_token, ensure_owner, signin_url
from coffeechat.core.database import describe_database, ensure_migrated
from coffeechat.core.server import base_url, create_server
from coffeechat.explore.semantic import warm_up


class Command(BaseCommand):
    help = "Start coffeechat: apply migrations, make the first account, and serve the web app."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
        parser.add_argument(
            "--dev", action="store_true", help="use Django's auto-reloading development server"
        )

    def handle(self, *args: Any, host: str, port: int, dev: bool, **options: Any) -> None:
        if not 0 < port < 65536:
            raise CommandError(f"--port: {port} is not a port number (1-65535)")
        server = None if dev else create_server(host, port)
        ensure_migrated()
        self.stdout.write(f"Database: {describe_database()}")
        warm_up()

        owner, created = ensure_owner()
        url = base_url(host, port, settings.PUBLIC_URL)
        if created or not owner.has_usable_password():
            link = signin_url(url, create_signin_token(owner))
            if created:
                self.stdout.write(f"Created the account {owner.username!r}.")
            self.stdout.write(
                self.style.SUCCESS(f"Sign in (once, within {settings.SIGNIN_LINK_HOURS} h): {link}")
            )
        else:
            self.stdout.write(f"coffeechat is at {url}/ (`coffeechat signin` prints a one-time sign-in link)")
        self.stdout.flush()

        if dev:
            call_command("runserver", f"{host}:{port}", use_reloader=True)
            return
        self.stdout.write(f"Serving on {url}/ — press Ctrl+C to stop.")
        self.stdout.flush()
        try:
            server.run()
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
        finally:
            server.close()
