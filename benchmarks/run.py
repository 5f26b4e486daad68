"""The app under gunicorn and real HTTP load, next to a bare Flask route.

    python benchmarks/pages.py [--database-url postgresql://.../scorecard_bench]
        [--workers 2] [--worker-class sync|gthread] [--threads 4] [--quick] ...

Seeds a fresh database (500 candidates with 3,000 submitted scorecards, an open kit, 50
tablets' drafts), starts gunicorn the way the README deploys it, serving the app and a
bare Flask route (benchmarks/bare_wsgi.py), and prints: per page, throughput in rounds
that alternate with the bare route, latency, CPU per request, size and SQL statements;
the autosave run of 50 tablets; 'scorecard check-bank'; cold start. See
benchmarks/README.md for how to read the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import report
from benchmarks.autosave import open_kits, type_notes
from benchmarks.bank import write_bank
from benchmarks.browser import Browser
from benchmarks.load import load_generator
from benchmarks.rounds import BARE, PAGES, Page, PageResult, Rounds, probe
from benchmarks.seed import PASSWORD, Seeded, fresh_database, migrate_and_seed
from benchmarks.server import PROJECT_ROOT, Server, ServerOptions, production_env
from benchmarks.startup import cold_starts, scorecard_command, time_command

BENCH_APP = "benchmarks.bare_wsgi:app"


@dataclass(frozen=True)
class Quick:
    """--quick: the whole pipeline on a tiny dataset, once, briefly (the test suite)."""

    candidates: int = 5
    tablets: int = 3
    rounds: int = 1
    round_seconds: float = 0.5
    warmup_seconds: float = 0
    autosave_seconds: float = 3
    runs: int = 1


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/pages.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--database-url", help="PostgreSQL database to create, use and drop "
        "(e.g. postgresql://postgres@127.0.0.1:5432/scorecard_bench); default: SQLite in a "
        "temporary folder")  # fmt: skip
    add("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    add("--worker-class", choices=("sync", "gthread"), default="sync", help="default sync")
    add("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    add("--connections", type=int, help="requests in flight (default: workers × threads)")
    add("--load", choices=("auto", "wrk", "python"), default="auto",
        help="load generator (default: wrk if installed)")  # fmt: skip
    add("--candidates", type=int, default=500, help="default 500")
    add("--rounds", type=int, default=3, help="alternating rounds per page (default 3)")
    add("--round-seconds", type=float, default=5, help="default 5")
    add("--warmup-seconds", type=float, default=1, help="one unrecorded round per page first")
    add("--pages", help="comma-separated keys of the pages to measure (default: all): "
        + ", ".join(p.key for p in PAGES))  # fmt: skip
    add("--page", action="append", default=[], metavar="LABEL=PATH[@interviewer]",
        help="another page (as the recruiter unless @interviewer); PATH may use "
        "{requisition}, {application}, {kit}")  # fmt: skip
    add("--tablets", type=int, default=50, help="autosave: tablets (default 50)")
    add("--autosave-seconds", type=float, default=30, help="autosave: duration (default 30)")
    add("--autosave-interval", type=float, default=2, help="autosave: seconds between saves")
    add("--runs", type=int, default=10, help="check-bank and create_app runs (default 10); "
        "cold starts: half of it")  # fmt: skip
    add("--skip", default="", help="comma-separated sections to leave out: "
        "pages, autosave, startup")  # fmt: skip
    add("--quick", action="store_true", help="tiny dataset, one short round per page, "
        "each process timed once: to see that everything works, not to compare")  # fmt: skip
    add("--seed", type=int, default=1, help="random seed of the ratings")
    args = parser.parse_args(argv)
    if args.quick:
        for name, value in Quick().__dict__.items():
            setattr(args, name, value)
    args.pages = select_pages(parser, args.pages, args.page)
    args.skip = {s for s in args.skip.split(",") if s}
    if min(args.workers, args.threads, args.candidates, args.rounds, args.runs) < 1:
        parser.error("--workers, --threads, --candidates, --rounds and --runs must be >= 1")
    return args


def select_pages(parser: argparse.ArgumentParser, keys: str | None, extra: list[str]) -> list:
    pages = PAGES
    if keys:
        known = {p.key: p for p in PAGES}
        unknown = [k for k in keys.split(",") if k not in known]
        if unknown:
            parser.error(f"--pages: unknown {', '.join(unknown)}")
        pages = [known[k] for k in keys.split(",")]
    for spec in extra:
        label, _, path = spec.partition("=")
        path, _, who = path.partition("@")
        if not label or not path.startswith("/") or who not in ("", "interviewer"):
            parser.error(f"--page: expected LABEL=/path[@interviewer], got {spec}")
        pages = [*pages, Page(label, label, path, who or "recruiter")]
    return pages


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    options = ServerOptions(args.workers, args.worker_class, args.threads)
    began = time.perf_counter()
    compile_app()
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-") as folder:
        generator = load_generator(args.load, folder)
        instance = os.path.join(folder, "instance")
        with fresh_database(args.database_url, folder) as url:
            started = time.perf_counter()
            seeded = migrate_and_seed(
                url, instance, args.candidates, args.tablets, random.Random(args.seed)
            )
            report.setup(args, url, seeded, time.perf_counter() - started, options, generator)
            env = production_env(url, instance)
            log = os.path.join(folder, "gunicorn.log")
            if not {"pages", "autosave"} <= args.skip:
                stats = os.path.join(folder, "stats")
                with Server(BENCH_APP, options, env, log, stats) as server:
                    if "pages" not in args.skip:
                        measure_pages(server, generator, seeded, args)
                    if "autosave" not in args.skip:
                        measure_autosave(server, seeded, args)
            if "startup" not in args.skip:
                measure_startup(env, folder, log, args)
    report.finished(time.perf_counter() - began)
    return 0


def compile_app() -> None:
    """The app's bytecode, written once as the README's deployment does (``compileall``):
    otherwise, where Python may not write it (``PYTHONDONTWRITEBYTECODE``, a read-only
    checkout), every worker start would compile every module again."""
    command = [sys.executable, "-m", "compileall", "-q", str(PROJECT_ROOT / "interview")]
    subprocess.run(command, check=True)  # noqa: S603  (our own interpreter and folder)


def measure_pages(server: Server, generator, seeded: Seeded, args: argparse.Namespace) -> None:
    recruiter, interviewer = Browser(server.port), Browser(server.port)
    try:
        recruiter.sign_in(seeded.recruiter_email, PASSWORD)
        interviewer.sign_in(seeded.interviewer_email, PASSWORD)
        browsers = {"recruiter": recruiter, "interviewer": interviewer, "nobody": None}
        ids = {
            "requisition": seeded.requisition_id,
            "application": seeded.application_id,
            "kit": seeded.kit_interview_id,
        }
        bare = PageResult(BARE, BARE.path)
        results = [PageResult(p, p.path.format(**ids)) for p in args.pages]
        for result in [bare, *results]:
            probe(browsers[result.page.who], server.port, result)
        cookies = {
            "recruiter": recruiter.cookie_header(),
            "interviewer": interviewer.cookie_header(),
            "nobody": "",
        }
    finally:
        recruiter.close()
        interviewer.close()
    available = [r for r in results if r.measured]
    connections = args.connections or server.options.slots
    if args.warmup_seconds > 0:
        warm = Rounds(server, generator, connections, args.warmup_seconds)
        for result in [bare, *available]:
            warm.one(result.path, cookies[result.page.who])
    Rounds(server, generator, connections, args.round_seconds).alternate(
        bare, available, cookies, args.rounds
    )
    report.pages(bare, results, args, connections)


def measure_autosave(server: Server, seeded: Seeded, args: argparse.Namespace) -> None:
    if not seeded.tablets:
        return
    pads = open_kits(server.port, seeded.tablets)
    server.wait_idle()
    before = server.usage()
    result = type_notes(pads, args.autosave_seconds, args.autosave_interval, args.seed)
    server.wait_idle()
    cpu, served = server.usage().since(before)
    report.autosave(result, cpu, served, server.options)


def measure_startup(env: dict[str, str], folder: str, log: str, args: argparse.Namespace) -> None:
    check_bank = [*scorecard_command(), "check-bank"]
    shipped = str(PROJECT_ROOT / "question_bank")
    generated = str(write_bank(Path(folder) / "bank-35"))
    build = [sys.executable, "-c", "from interview import create_app; create_app()"]
    timings = [
        time_command("check-bank, shipped bank", [*check_bank, shipped], env, args.runs),
        time_command("check-bank, generated 35 areas", [*check_bank, generated], env, args.runs),
        time_command("import + create_app()", build, env, args.runs),
        cold_starts(env, max(1, args.runs // 2), log),
    ]
    report.startup(timings)
