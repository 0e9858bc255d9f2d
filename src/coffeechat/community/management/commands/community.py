"""`coffeechat community …`: community mode's commands. Each action is a sub-command below."""

from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from coffeechat.community import alumni_cli, joining_cli, scheduler
from coffeechat.community.access import community_on
from coffeechat.core import clock

PASS_SECONDS = 60


class Command(BaseCommand):
    help = (
        "Community mode: the scheduled work (reminders, expiry, notices by email, digests), "
        "staff, invitation links and the community's settings."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        names = ",".join(("worker", *joining_cli.ACTIONS, *alumni_cli.ACTIONS))
        actions = parser.add_subparsers(dest="action", required=True, metavar="{" + names + "}")
        worker = actions.add_parser(
            "worker",
            help="run the scheduled work every minute until stopped (several may run: each job runs once)",
        )
        worker.add_argument("--once", action="store_true", help="one pass over the jobs due now, then exit")
        joining_cli.add_actions(actions)
        alumni_cli.add_actions(actions)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "worker":
            self.worker(once=options["once"])
        elif action in joining_cli.ACTIONS:
            joining_cli.run(self, action, options)
        elif action in alumni_cli.ACTIONS:
            alumni_cli.run(self, action, options)

    def worker(self, once: bool) -> None:
        if not community_on():
            raise CommandError("community mode is off: set COFFEECHAT_COMMUNITY=true to run its worker")
        stopping = threading.Event()
        previous = signal.getsignal(signal.SIGTERM)
        if not once:

            def stop(signum: int, frame: FrameType | None) -> None:
                stopping.set()

            signal.signal(signal.SIGTERM, stop)
            self.stdout.write(f"Community worker: a pass every {PASS_SECONDS} s; Ctrl+C stops it.")
        try:
            while not stopping.is_set():
                for ran in scheduler.run_due(clock.now()):
                    if once or ran.failed or any(c in "123456789" for c in ran.outcome):
                        line = f"{ran.job} {ran.period}: {ran.outcome}"  # a pass that did nothing is quiet
                        (self.stderr if ran.failed else self.stdout).write(line)
                if not connection.in_atomic_block:  # a long-running worker drops a stale connection
                    close_old_connections()
                if once:
                    break
                stopping.wait(PASS_SECONDS)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        if not once:
            self.stdout.write("Community worker stopped.")
