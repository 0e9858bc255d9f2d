import json
import tempfile
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from coffeechat.community import bench as community_bench
from coffeechat.core.commandline import write_table
from coffeechat.explore.bench import run_suggest_bench
from coffeechat.explore.quality import run_matching_bench
from coffeechat.home.bench import run_backup_bench
from coffeechat.home.pagebench import BenchError, Size, run_pages_bench
from coffeechat.imports.bench import run_import_bench
from coffeechat.imports.messages_bench import run_messages_bench
from coffeechat.insights.bench import run_insights_bench
from coffeechat.network.bench import run_people_bench


class Command(BaseCommand):
    help = "Measure coffeechat's speed on a throwaway database filled with invented people."
    migrate_first = False  # it works on a throwaway database: the user's is never made or touched

    def add_arguments(self, parser: ArgumentParser) -> None:
        areas = parser.add_subparsers(
            dest="area",
            required=True,
            metavar="{pages,community,people,import,linkedin-messages,matching,suggest,insights,backup,mail}",
        )
        pages = areas.add_parser(
            "pages", help="every main page over HTTP against the real server, beside a raw baseline"
        )
        pages.add_argument("--people", type=int, default=100_000, help="how many people (default 100000)")
        pages.add_argument("--ties-per-person", type=int, default=10, help="ties per person (default 10)")
        pages.add_argument("--conversations", type=int, default=500, help="held conversations (default 500)")
        pages.add_argument("--explorations", type=int, default=20, help="explorations (default 20)")
        pages.add_argument(
            "--requests", type=int, default=50, help="requests per page, one client (default 50)"
        )
        pages.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8; 1: none)")
        pages.add_argument(
            "--seconds", type=float, default=5.0, help="seconds per page with concurrent clients (default 5)"
        )
        pages.add_argument("--workers", type=int, help="the server's worker processes (default: serve's)")
        pages.add_argument(
            "--network",
            type=Path,
            metavar="DIR",
            help="keep the built network in DIR, or reuse the one built there before",
        )
        community = areas.add_parser(
            "community", help="community mode at scale: alumni load, requests, the directory over HTTP"
        )
        community_bench.add_arguments(community)
        people = areas.add_parser("people", help="the people list and search")
        people.add_argument("--people", type=int, default=100_000, help="how many people (default 100000)")
        people.add_argument(
            "--rounds", type=int, default=200, help="requests timed per measure (default 200)"
        )
        imports = areas.add_parser("import", help="importing a large LinkedIn export, then the same again")
        imports.add_argument("--rows", type=int, default=30_000, help="rows in the export (default 30000)")
        messages = areas.add_parser(
            "linkedin-messages", help="importing a large LinkedIn Messages.csv against a network"
        )
        messages.add_argument("--rows", type=int, default=50_000, help="messages in the file (default 50000)")
        messages.add_argument(
            "--people", type=int, default=2_000, help="people in the network, its senders (default 2000)"
        )
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
        mail = areas.add_parser("mail", help="the mailbox sync against a real IMAP server (Dovecot)")
        mail.add_argument(
            "--messages", type=int, default=20_000, help="messages in the mailbox (default 20000)"
        )
        mail.add_argument(
            "--replies", type=int, default=200, help="of which replies to requests (default 200)"
        )
        mail.add_argument("--json", action="store_true")
        for sub in (pages, community, people, imports, messages, matching, suggest, insights, backup):
            sub.add_argument("--json", action="store_true")

    def handle(self, *args: Any, area: str, json: bool, **options: Any) -> None:
        if area == "mail":
            self._mail(json, (lambda message: None) if json else self.stderr.write, options)
            return
        if any(options.get(k, 1) < 1 for k in ("people", "rounds", "rows")):
            raise CommandError("--people, --rounds and --rows must be at least 1")
        progress = (lambda message: None) if json else (lambda message: self.stderr.write(message))
        if area == "pages":
            self._pages(json, progress, options)
            return
        if area == "community":
            try:
                result = community_bench.run_from_options(options, progress)
            except BenchError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(_dumps(result) if json else "\n".join(community_bench.report_lines(result)))
            return
        work: Callable[[], dict[str, Any]]
        if area == "people":
            work = lambda: run_people_bench(options["people"], options["rounds"], progress)  # noqa: E731
        elif area == "import":
            work = lambda: run_import_bench(options["rows"], progress)  # noqa: E731
        elif area == "linkedin-messages":
            work = lambda: run_messages_bench(options["rows"], options["people"], progress)  # noqa: E731
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
        elif area in ("import", "linkedin-messages"):
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

    def _pages(self, json: bool, progress: Callable[[str], None], options: dict[str, Any]) -> None:
        size = Size(
            options["people"], options["ties_per_person"], options["conversations"], options["explorations"]
        )
        if size.conversations < 1 or size.explorations < 1 or size.ties_per_person < 0:
            raise CommandError("--conversations and --explorations must be at least 1, --ties-per-person 0")
        if size.people < size.conversations * 4:
            raise CommandError(f"--people must be at least 4 per conversation ({size.conversations * 4})")
        if options["requests"] < 1 or options["clients"] < 1 or options["seconds"] < 0:
            raise CommandError("--requests and --clients must be at least 1, --seconds 0 or more")
        if options["workers"] is not None and not 0 < options["workers"] <= 64:
            raise CommandError(f"--workers: {options['workers']} is not between 1 and 64")
        try:
            result = run_pages_bench(
                size,
                options["requests"],
                options["clients"],
                options["seconds"],
                options["network"],
                progress,
                options["workers"],
            )
        except BenchError as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(
            f"{result['people']:,} people, {result['ties']:,} ties, {result['conversations']} conversations "
            f"on {result['database']} ({result['cores']} cores, server workers: {result['workers']}), "
            f"{options['requests']} requests per page"
            + (f"; built in {result['build_seconds']:.0f} s" if result["build_seconds"] is not None else "")
            + f"; load average {' '.join(map(str, result['load_average']))}"
        )
        probe = result["probe_ms"]
        self.stdout.write(
            f"A fixed piece of Python took {probe['before']:.0f} ms before the pages and "
            f"{probe['after']:.0f} ms after: how fast the machine was"
        )
        rows = [
            (
                t["name"],
                f"{t['first_ms']:.0f}",
                f"{t['p50_ms']:.1f}",
                f"{t['p95_ms']:.1f}",
                f"{t['p99_ms']:.1f}",
                str(t["errors"]),
                t["baseline"],
                f"{t['baseline_p50_ms']:.2f}",
                f"{t['ratio_p50']:.0f}×",
            )
            for t in result["alone"]
        ]
        headers = [
            "page",
            "first ms",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "errors",
            "raw baseline",
            "raw p50 ms",
            "ratio",
        ]
        write_table(self, headers, rows, empty="")
        cpu = result["cpu"]
        if result["together"]:
            self.stdout.write(f"{result['clients']} clients at once, {result['seconds']:g} s per page")
            rows = [
                (
                    t["name"],
                    f"{t['per_second']:.1f}",
                    f"{t['one_client_per_second']:.1f}",
                    f"{t['gain']:.2f}×" if t["gain"] else "",
                    f"{t['p50_ms'] or 0:.0f}",
                    f"{t['p95_ms'] or 0:.0f}",
                    str(t["non_200"]),
                    str(t["exceptions"]),
                )
                for t in result["together"]
            ]
            headers = [
                "page",
                "requests/s",
                "one client /s",
                "gain",
                "p50 ms",
                "p95 ms",
                "non-200",
                "exceptions",
            ]
            write_table(self, headers, rows, empty="")
        for phase, numbers in cpu.items():
            if phase == "together" and not result["together"]:
                continue
            self.stdout.write(
                f"CPU {phase}: load generator {numbers['bench_cpu_s']} s, server {numbers['server_cpu_s']} s "
                f"over {numbers['wall_s']} s"
            )

    def _people_table(self, result: dict[str, Any]) -> None:
        ties = f" and {result['ties']:,} ties" if "ties" in result else ""
        self.stdout.write(
            f"{result['people']:,} people{ties} on {result['database']}, {result['rounds']} runs each"
        )
        rows = [(t["name"], f"{t['p50_ms']:.1f}", f"{t['p95_ms']:.1f}") for t in result["timings"]]
        write_table(self, ["measure", "p50 ms", "p95 ms"], rows, empty="")

    def _mail(self, json: bool, progress: Callable[[str], None], options: dict[str, Any]) -> None:
        from coffeechat.mail.bench import report_lines

        try:
            result = _mail_bench(options, progress)
        except BenchError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(_dumps(result) if json else "\n".join(report_lines(result)))

    def _import_table(self, result: dict[str, Any]) -> None:
        size = f"{result['rows']:,}-row LinkedIn export ({result['file_mb']} MB)"
        if "people" in result:
            people = f"{result['people']:,} people"
            size = f"{result['rows']:,}-row Messages.csv ({result['file_mb']} MB) with {people}"
        self.stdout.write(f"{size} on {result['database']}")
        rows = [
            (
                r["name"],
                f"{r['seconds']:.2f}",
                f"{r['times_raw']:.1f}",
                f"{r['cpu_seconds']:.2f}",
                f"{r['cpu_times_raw']:.1f}",
                f"{r['peak_rss_mb']:.0f}",
                f"{r['above_idle_mb']:.0f}",
                " · ".join(f"{k} {v}" for k, v in r["counts"].items() if v),
            )
            for r in result["runs"]
        ]
        header = ["run", "seconds", "× raw", "CPU s", "CPU × raw", "peak MB", "MB above idle", "result"]
        write_table(self, header, rows, empty="")

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


def _mail_bench(options: dict[str, Any], progress: Callable[[str], None]) -> dict[str, Any]:
    from coffeechat.mail import bench as mail_bench

    mail_bench.check_size(options["messages"], options["replies"])  # before a database is made
    with tempfile.TemporaryDirectory(prefix="coffeechat-bench-") as scratch:
        return _on_throwaway_database(
            Path(scratch),
            lambda: mail_bench.run_mail_bench(options["messages"], options["replies"], progress),
        )


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
