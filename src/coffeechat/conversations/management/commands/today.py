from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from coffeechat.conversations.digest import ALREADY_SENT, NOTHING_NEW, claim_unsent_day, record, send_digest
from coffeechat.conversations.today import today_items
from coffeechat.core import clock
from coffeechat.core.commandline import account_from_options, add_account_arguments, write_json, write_table
from coffeechat.outreach.models import Digest


class Command(BaseCommand):
    help = "What is due today and overdue: nudges, next people to ask, meetings, thank-yous, check-ins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_account_arguments(parser)
        parser.add_argument(
            "--email",
            action="store_true",
            help="mail it now (for cron), to the digest's address on your profile page, if something "
            "is newly due since the last digest",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        owner = account_from_options(options)
        if options["email"]:
            self.send(owner, options["json"])
            return
        items = today_items(owner)
        if options["json"]:
            write_json(
                self,
                [
                    {
                        "kind": i.kind,
                        "due": i.due.isoformat(),
                        "overdue": i.overdue,
                        "text": i.text,
                        "person_id": i.person.pk,
                        "exploration_id": i.exploration.pk if i.exploration else None,
                    }
                    for i in items
                ],
            )
            return
        rows = [(i.due.isoformat() + (" (overdue)" if i.overdue else ""), i.text) for i in items]
        write_table(self, ["due", "what"], rows, empty="Nothing is due today.")

    def send(self, owner: User, as_json: bool) -> None:
        """Sent, or nothing newly due: done (exit 0). Mail that cannot go (no address, no mail
        server) is an error for cron to report. The day is claimed first, as the hourly job does,
        so the two never both send: today's digest sent (or being sent) is done too."""
        today = clock.localdate()
        if not claim_unsent_day(owner.pk, today):
            if as_json:
                write_json(self, {"sent": False, "reason": ALREADY_SENT, "to": ""})
            else:
                self.stdout.write("Today's digest was already sent.")
            return
        try:
            outcome = send_digest(owner)
        except Exception:
            Digest.objects.filter(owner_id=owner.pk, on=today).delete()  # the next run tries again
            raise
        if as_json:
            write_json(self, {"sent": outcome.sent, "reason": outcome.reason, "to": outcome.to})
        if not outcome.sent and outcome.reason != NOTHING_NEW:
            Digest.objects.filter(owner_id=owner.pk, on=today).delete()
            raise CommandError(outcome.reason)
        record(owner, today, outcome)  # the built-in daily run sees today's was had
        if not as_json:
            self.stdout.write(
                f"Sent to {outcome.to}: {outcome.reason}." if outcome.sent else "Nothing newly due."
            )
