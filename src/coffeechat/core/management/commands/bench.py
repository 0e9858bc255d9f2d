import json
import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from coffeechat.core.commandline import write_table
from coffeechat.network.bench import run_people_bench


class Command(BaseCommand):
    help = "Measure coffeechat's speed on a throwaway database filled with invented people."

    def add_arguments(self, parser: ArgumentParser) -> None:
        areas = parser.add_subparsers(dest="area", required=True, metavar="{people}")
        people = areas.add_parser("people", help="the people list and search")
        people.add_argument(
            "--people", type=int, default=100_000, help="how many people (default 100000)"
        )
        people.add_argument(
            "--rounds", type=int, default=200, help="requests timed per measure (default 200)"
        )
        people.add_argument("--json", action="store_true")

    def handle(self, *args: Any, people: int, rounds: int, json: bool, **options: Any) -> None:
        if people < 1 or rounds < 1:
            raise CommandError("--people and --rounds must be at least 1")
        progress = (lambda message: None) if json else (lambda message: self.stderr.write(message))
        with tempfile.TemporaryDirectory(prefix="coffeechat-bench-") as scratch:
            result = _on_throwaway_database(
                Path(scratch), lambda: run_people_bench(people, rounds, progress)
            )
        if json:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(
            f"{result['people']:,} people on {result['database']}, {rounds} runs each"
        )
        rows = [(t["name"], f"{t['p50_ms']:.1f}", f"{t['p95_ms']:.1f}") for t in result["timings"]]
        write_table(self, ["measure", "p50 ms", "p95 ms"], rows, empty="")


def _on_throwaway_database(scratch: Path, work: Any) -> Any:
    """Run `work` on a new database beside the real one, then drop it."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        settings_dict["TEST"] = {
            **settings_dict.get("TEST", {}),
            "NAME": str(scratch / "bench.sqlite3"),
        }
    else:
        settings_dict["TEST"] = {
            **settings_dict.get("TEST", {}),
            "NAME": f"{settings_dict['NAME']}_bench",
        }
    real_name = settings_dict["NAME"]
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    except Exception as exc:
        raise CommandError(
            f"cannot create a throwaway database beside {real_name}: {exc}"
        ) from None
    try:
        with override_settings(ALLOWED_HOSTS=["testserver"], SESSION_COOKIE_SECURE=False):
            return work()
    finally:
        connection.creation.destroy_test_db(real_name, verbosity=0)


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2)
