import signal
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from coffeechat.accounts.signin import create_signin_token, ensure_owner, signin_url
from coffeechat.community.directory import warm_up as warm_up_directory
from coffeechat.core import clock, periodic
from coffeechat.core.database import describe_database, ensure_migrated, read_through_map
from coffeechat.core.lan import apply_lan_settings, can_print_qr, plan_from_settings, terminal_qr
from coffeechat.core.server import DEFAULT_PORT, PreforkServer, base_url, create_server
from coffeechat.core.warming import prepare_pages
from coffeechat.explore.suggest import warm_up
from coffeechat.home.warming import warm_up_connection
from coffeechat.insights.warming import warm_up as warm_up_insights
from coffeechat.lib.serving import forget_serving, record_serving
from coffeechat.outreach.service import warm_up_holidays


class Command(BaseCommand):
    help = "Start coffeechat: apply migrations, make the first account, and serve the web app."
    # Not before the command (cli.py): the port is bound first, so a taken one changes nothing.
    migrate_first = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", help="address to listen on (default 127.0.0.1; with --lan, the LAN's)")
        parser.add_argument(
            "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})"
        )
        parser.add_argument(
            "--lan",
            action="store_true",
            help="serve on the local network, to use it from your phone (plain http: trusted networks only)",
        )
        parser.add_argument(
            "--dev", action="store_true", help="use Django's auto-reloading development server"
        )
        parser.add_argument(
            "--workers",
            type=int,
            help="worker processes (default COFFEECHAT_WORKERS, or two per core up to 4; "
            "1 serves from one process with waitress)",
        )

    def handle(
        self,
        *args: Any,
        host: str | None,
        port: int,
        lan: bool,
        dev: bool,
        workers: int | None,
        **options: Any,
    ) -> None:
        if not 0 < port < 65536:
            raise CommandError(f"--port: {port} is not a port number (1-65535)")
        workers = settings.SERVE_WORKERS if workers is None else workers
        if not 0 < workers <= 64:
            raise CommandError(f"--workers: {workers} is not between 1 and 64")
        plan = plan_from_settings(host, port) if lan else None
        if plan is not None:
            # Before the server is made: its WSGI application reads the settings from here on.
            apply_lan_settings(plan)
        listen = plan.listen if plan else host or "127.0.0.1"
        server = None if dev else create_server(listen, port, workers, warm_thread=warm_up_connection)
        read_through_map()
        ensure_migrated()
        self.stdout.write(f"Database: {describe_database()}")
        # Worker processes share the model loaded here, so load it before they fork, not in a
        # background thread a fork would cut off.
        if server is not None:
            prepare_pages()  # each worker's first request would import every view and template
        warm_up(wait=isinstance(server, PreforkServer))
        warm_up_insights(wait=isinstance(server, PreforkServer))
        warm_up_directory(wait=isinstance(server, PreforkServer))
        warm_up_holidays(clock.localdate())

        owner, created = ensure_owner()
        url = plan.url if plan else base_url(listen, port, settings.PUBLIC_URL)
        # A phone is a new browser, so --lan always prints a link, even when the owner has a password.
        if created or not owner.has_usable_password() or plan:
            link = signin_url(url, create_signin_token(owner))
            if created:
                self.stdout.write(f"Created the account {owner.username!r}.")
            self.stdout.write(
                self.style.SUCCESS(f"Sign in (once, within {settings.SIGNIN_LINK_HOURS} h): {link}")
            )
            if plan:
                self.write_qr(link)
        else:
            self.stdout.write(f"coffeechat is at {url}/ (`coffeechat signin` prints a one-time sign-in link)")
        for warning in plan.warnings if plan else []:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.flush()

        # So that `coffeechat signin` prints a link to this address, not the default one.
        record_serving(settings.DATA_DIR, url)
        try:
            if dev:
                call_command("runserver", f"{listen}:{port}", use_reloader=True)
                return
            assert server is not None
            local = base_url(listen, port, None)
            # Behind a proxy the public address is not where to point the proxy: say both.
            where = f"{url}/" if url == local else f"{url}/ (listening on {local}/ for the proxy)"
            self.stdout.write(f"Serving on {where} — press Ctrl+C to stop.")
            self.stdout.flush()
            # A service manager stops with SIGTERM: stop as Ctrl+C does, cleaning up behind.
            signal.signal(signal.SIGTERM, _interrupt)
            if not isinstance(server, PreforkServer):
                periodic.start()  # one process serves; gunicorn's workers start theirs after the fork
            try:
                server.run()
            except KeyboardInterrupt:
                self.stdout.write("Stopped.")
            finally:
                server.close()
        finally:
            forget_serving(settings.DATA_DIR)

    def write_qr(self, link: str) -> None:
        if can_print_qr(getattr(self.stdout, "encoding", None)):
            self.stdout.write("Or point your phone's camera at this code:")
            self.stdout.write(terminal_qr(link))
        else:
            self.stdout.write("(This terminal cannot show the QR code; type the link on your phone.)")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
