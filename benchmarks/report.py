"""The benchmark's output: one plain-text table per section."""

from __future__ import annotations

import argparse
import os
import sqlite3
from importlib.metadata import version

from sqlalchemy.engine import make_url

from benchmarks.autosave import AutosaveResult
from benchmarks.rounds import PageResult
from benchmarks.seed import Seeded
from benchmarks.server import ServerOptions
from benchmarks.startup import Timing


def heading(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


def _ms(value: float | None, width: int = 8) -> str:
    return f"{value:>{width}.1f}" if value is not None else f"{'-':>{width}}"


def _percent(value: float | None) -> str:
    if value is None:
        return f"{'-':>9}"
    return f"{value:>9.1f}" if value >= 1 else f"{value:>9.2f}"


def setup(
    args: argparse.Namespace, url: str, seeded: Seeded, seconds: float,
    options: ServerOptions, generator,
) -> None:  # fmt: skip
    heading("Setup")
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        database = f"SQLite {sqlite3.sqlite_version}, a fresh file in a temporary folder"
    else:
        database = f"PostgreSQL, database {parsed.database} (created for the run, then dropped)"
    print(f"database   {database}")
    print(
        f"dataset    {args.candidates} candidates × 6 areas: {seeded.scorecards} submitted "
        f"scorecards, {seeded.answers} notes; an open kit; {len(seeded.tablets)} tablet drafts "
        f"(migrated and seeded in {seconds:.1f} s)"
    )
    print(
        f"server     gunicorn {version('gunicorn')}, {options.describe()}, "
        "benchmarks.bare_wsgi:app, production environment, bytecode compiled (compileall)"
    )
    print(f"load       {generator.describe()}")
    print(f"machine    {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")


def pages(bare: PageResult, results: list[PageResult], args, connections: int) -> None:
    heading(
        f"Pages: {connections} connections, {args.rounds} round(s) of {args.round_seconds:g} s "
        "per page alternating with the bare route (medians over rounds)"
    )
    print(
        f"{'page':<24} {'req/s':>8} {'% of bare':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'CPU ms/req':>10} {'size KB':>9} {'queries':>7} {'errors':>6}  path"
    )
    for result in [bare, *results]:
        if not result.measured:
            state = "not available (404)" if result.status == 404 else f"status {result.status}"
            print(f"{result.page.label:<24} {state:<78}  {result.path}")
            continue
        ratio = 100.0 if result is bare else _median(result.ratios, 100)
        queries = "-" if result.queries is None else str(result.queries)
        print(
            f"{result.page.label:<24} {_ms(result.median(lambda r: r.rps))} "
            f"{_percent(ratio)} {_ms(result.median(lambda r: r.load.p50_ms))} "
            f"{_ms(result.median(lambda r: r.load.p99_ms))} "
            f"{_cpu(result.cpu_ms_per_request)} {result.size / 1024:>9.1f} {queries:>7} "
            f"{result.errors:>6}  {result.path}"
        )
    speeds = [r.rps for r in bare.rounds]
    if speeds:
        print(
            f"bare route over its {len(speeds)} rounds: {min(speeds):.0f} to {max(speeds):.0f} "
            "req/s (the spread is the machine's noise)"
        )


def _cpu(value: float | None) -> str:
    return f"{value:>10.2f}" if value is not None else f"{'-':>10}"


def _median(values: list[float], scale: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle] * scale
    return (ordered[middle - 1] + ordered[middle]) / 2 * scale


def autosave(
    result: AutosaveResult, cpu: float | None, served: int, options: ServerOptions
) -> None:
    heading(
        f"Autosave: {result.tablets} tablets, a save every {result.interval:g} s each, "
        f"{result.seconds:g} s, {options.describe()}"
    )
    p50, p95, p99 = result.percentiles()
    rate = result.saves / result.seconds if result.seconds else 0
    print(
        f"saves {result.saves} ({rate:.1f}/s)   errors {result.errors}   "
        f"conflicts {result.conflicts}   resent {result.resent}"
    )
    print(
        f"latency ms   p50 {_ms(p50, 0)}   p95 {_ms(p95, 0)}   p99 {_ms(p99, 0)}   "
        f"max {_ms(result.max_ms, 0)}"
    )
    if cpu is not None and served:
        print(f"server CPU   {1000 * cpu / served:.2f} ms per save")


def startup(timings: list[Timing]) -> None:
    heading("Whole processes")
    print(
        f"{'what':<32} {'median s':>8} {'min s':>7} {'max s':>7} {'CPU s':>7} {'runs':>5}  timed by"
    )
    for t in timings:
        print(
            f"{t.label:<32} {t.median_s:>8.3f} {t.min_s:>7.3f} {t.max_s:>7.3f} {t.cpu_s:>7.3f} "
            f"{t.runs:>5}  {t.tool}"
        )
    for t in timings:
        print(f"  {t.label}: {t.command}")


def finished(seconds: float) -> None:
    print(f"\nDone in {seconds:.0f} s; load average {os.getloadavg()[0]:.1f} at the end.")
