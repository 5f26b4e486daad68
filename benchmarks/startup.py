"""Whole-process times: ``scorecard check-bank``, building the app, a cold gunicorn start.

Commands are timed with hyperfine when it is installed (``apt-get install -y hyperfine``),
else by running them with ``subprocess.run`` and taking the median.
"""

from __future__ import annotations

import json
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.server import Server, ServerOptions, children, process_cpu


@dataclass
class Timing:
    label: str
    command: str
    runs: int
    median_s: float
    min_s: float
    max_s: float
    cpu_s: float  # mean CPU time (user + system) per run: the machine's load moves it less
    tool: str


def scorecard_command() -> list[str]:
    """The installed ``scorecard`` script next to this Python, else the same through -c."""
    script = Path(sys.executable).parent / "scorecard"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from interview.cli import main; main()"]


def time_command(label: str, argv: list[str], env: dict[str, str], runs: int) -> Timing:
    """Median of ``runs`` runs after a warm-up run (page cache); a single run is just timed."""
    if runs > 1 and shutil.which("hyperfine"):
        return _hyperfine(label, argv, env, runs)
    times = []
    if runs > 1:
        subprocess.run(argv, env=env, capture_output=True, check=True)  # noqa: S603
    cpu_before = _children_cpu()
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True)  # noqa: S603
        times.append(time.perf_counter() - started)
    cpu = (_children_cpu() - cpu_before) / runs
    command = shlex.join(argv)
    return Timing(
        label, command, runs, statistics.median(times), min(times), max(times), cpu, "run"
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _hyperfine(label: str, argv: list[str], env: dict[str, str], runs: int) -> Timing:
    command = shlex.join(argv)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "times.json"
        subprocess.run(  # noqa: S603
            ["hyperfine", "--shell=none", "--warmup", "1", "--runs", str(runs),  # noqa: S607
             "--style", "none", "--export-json", str(export), command],
            env=env, capture_output=True, check=True,
        )  # fmt: skip
        result = json.loads(export.read_text())["results"][0]
    times, cpu = result["times"], result["user"] + result["system"]
    return Timing(
        label, command, len(times), statistics.median(times), min(times), max(times), cpu,
        "hyperfine",
    )  # fmt: skip


def cold_starts(
    env: dict[str, str], runs: int, log_path: str, app: str = "interview:create_app()"
) -> Timing:
    """Spawning gunicorn with one worker until its first 200 on /healthz, ``runs`` times."""
    times, cpu = [], []
    for _ in range(runs):
        server = Server(app, ServerOptions(workers=1), env, log_path)
        server.start()
        try:
            times.append(server.wait_ready())
            master = server.process.pid
            cpu.append(process_cpu(master) + sum(map(process_cpu, children(master))))
        finally:
            server.stop()
    command = "gunicorn --workers 1 ... 'interview:create_app()' → first 200 on /healthz"
    return Timing(
        "cold start", command, runs, statistics.median(times), min(times), max(times),
        statistics.mean(cpu), "poll",
    )  # fmt: skip
