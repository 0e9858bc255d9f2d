import json
import tempfile
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from coffeechat.core.commandline import write_table
from coffeechat.explore.bench import run_suggest_bench
from coffeechat.explore.quality import run_matching_bench
from coffeechat.home.bench import run_backup_bench
from coffeechat.imports.bench import run_import_bench
from coffeechat.insights.bench import run_insights_bench
from coffeechat.network.bench import run_people_bench


class Command(BaseCommand):
    help = "Measure coffeechat's speed on a throwaway database filled with invented people."
    migrate_first = False  # it works on a throwaway database: the user's is never made or touched

    def add_arguments(self, parser: ArgumentParser) -> None:
        areas = parser.add_subparsers(
            dest="area", required=True, metavar="{people,import,matching,suggest,insights,backup}"
        )
        people = areas.add_parser("people", help="the people list and search")
        people.add_argument("--people", type=int, default=100_000, help="how many people (default 100000)")
        people.add_argument(
            "--rounds", type=int, default=200, help="requests timed per measure (default 200)"
        )
        imports = areas.add_parser("import", help="importing a large LinkedIn export, then the same again")
        imports.add_argument("--rows", type=int, default=30_000, help="rows in the export (default 30000)")
        matching = areas.add_parser("matching", help="precision@10 and nDCG@10 on the O*NET taxonomy")
        matching.add_argument(
            "--occupations",
            type=Path,
            required=True,
            metavar="DIR",
            help="folder with O*NET's Occupation Data.txt and Alternate Titles.txt",
        )
        matching.add_argument("--count", type=int, default=200, help="occupations used as explorations")
        matching.add_argument("--per-occupation", type=int, default=10, help="people per occupation")
        suggest = areas.add_parser("suggest", help="suggestions and introduction paths on a large network")
        suggest.add_argument("--people", type=int, default=100_000)
        suggest.add_argument("--ties-per-person", type=int, default=10, help="ties per person (default 10)")
        suggest.add_argument("--rounds", type=int, default=100)
        insights = areas.add_parser("insights", help="the insights pages with many conversations")
        insights.add_argument("--conversations", type=int, default=500)
        insights.add_argument("--explorations", type=int, default=20)
        insights.add_argument("--rounds", type=int, default=50)
        backup = areas.add_parser("backup", help="memory and time of exporting a large account's backup")
        backup.add_argument("--people", type=int, default=30_000, help="how many people (default 30000)")
        for sub in (people, imports, matching, suggest, insights, backup):
            sub.add_argument("--json", action="store_true")

    def handle(self, *args: Any, area: str, json: bool, **options: Any) -> None:
        if any(options.get(k, 1) < 1 for k in ("people", "rounds", "rows")):
            raise CommandError("--people, --rounds and --rows must be at least 1")
        progress = (lambda message: None) if json else (lambda message: self.stderr.write(message))
        work: Callable[[], dict[str, Any]]
        if area == "people":
            work = lambda: run_people_bench(options["people"], options["rounds"], progress)  # noqa: E731
        elif area == "import":
            work = lambda: run_import_bench(options["rows"], progress)  # noqa: E731
        elif area == "backup":
            work = lambda: run_backup_bench(options["people"], progress)  # noqa: E731
        elif area == "insights":
            work = lambda: run_insights_bench(  # noqa: E731
                options["conversations"], options["explorations"], options["rounds"], progress
            )
        elif area == "suggest":
            work = lambda: run_suggest_bench(  # noqa: E731
                options["people"], options["ties_per_person"], options["rounds"], progress
            )
        else:
            folder = options["occupations"]
            if (
                not (folder / "Alternate Titles.txt").exists()
                or not (folder / "Occupation Data.txt").exists()
            ):
                raise CommandError(
                    f"--occupations: {folder} has no O*NET Occupation Data.txt and Alternate Titles.txt"
                )
            work = lambda: run_matching_bench(  # noqa: E731
                folder, options["count"], options["per_occupation"], progress
            )
        with tempfile.TemporaryDirectory(prefix="coffeechat-bench-") as scratch:
            result = _on_throwaway_database(Path(scratch), work)
        if json:
            self.stdout.write(_dumps(result))
        elif area in ("people", "suggest"):
            self._people_table(result)
        elif area == "insights":
            self.stdout.write(
                f"{result['conversations']} conversations, {result['explorations']} explorations on "
                f"{result['database']}, {result['rounds']} runs each"
            )
            rows = [(t["name"], f"{t['p50_ms']:.1f}", f"{t['p95_ms']:.1f}") for t in result["timings"]]
            write_table(self, ["page", "p50 ms", "p95 ms"], rows, empty="")
        elif area == "import":
            self._import_table(result)
        elif area == "backup":
            self._backup_table(result)
        else:
            self.stdout.write(
                f"{result['people']:,} people, {result['explorations']} explorations on {result['database']}"
            )
            rows = [
                (r["method"], f"{r['precision_at_10']:.3f}", f"{r['ndcg_at_10']:.3f}")
                for r in result["results"]
            ]
            write_table(self, ["ranking", "precision@10", "nDCG@10"], rows, empty="")

    def _people_table(self, result: dict[str, Any]) -> None:
        ties = f" and {result['ties']:,} ties" if "ties" in result else ""
        self.stdout.write(
            f"{result['people']:,} people{ties} on {result['database']}, {result['rounds']} runs each"
        )
        rows = [(t["name"], f"{t['p50_ms']:.1f}", f"{t['p95_ms']:.1f}") for t in result["timings"]]
        write_table(self, ["measure", "p50 ms", "p95 ms"], rows, empty="")

    def _import_table(self, result: dict[str, Any]) -> None:
        size = f"{result['rows']:,}-row LinkedIn export ({result['file_mb']} MB)"
        self.stdout.write(f"{size} on {result['database']}")
        rows = [
            (
                r["name"],
                f"{r['seconds']:.2f}",
                f"{r['peak_rss_mb']:.0f}",
                " · ".join(f"{k} {v}" for k, v in r["counts"].items() if v),
            )
            for r in result["runs"]
        ]
        write_table(self, ["run", "seconds", "peak memory MB", "result"], rows, empty="")

    def _backup_table(self, result: dict[str, Any]) -> None:
        self.stdout.write(
            f"Backup of {result['people']:,} people and {result['conversations']} conversations on "
            f"{result['database']} ({result['machine']}); memory above an idle process"
        )
        rows = [
            (
                m["name"],
                f"{m['above_idle_mb']:.0f}",
                f"{m['idle_mb']:.0f}",
                f"{m['seconds']:.1f}",
                m["file_mb"],
            )
            for m in result["measures"]
        ]
        write_table(self, ["export", "peak MB above idle", "idle MB", "seconds", "file MB"], rows, empty="")


def _on_throwaway_database(scratch: Path, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
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
        raise CommandError(f"cannot create a throwaway database beside {real_name}: {exc}") from None
    try:
        with override_settings(ALLOWED_HOSTS=["testserver"], SESSION_COOKIE_SECURE=False):
            return {"database": connection.vendor, **work()}
    finally:
        connection.creation.destroy_test_db(real_name, verbosity=0)


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2)
