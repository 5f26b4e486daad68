"""gunicorn as the README deploys it, started and stopped by the benchmark.

The server runs in its own process group with the production environment (``DATABASE_URL``,
``SCORECARD_INSTANCE_PATH``, ``SCORECARD_SESSION_COOKIE_SECURE=true``); its workers' CPU time
is read from ``/proc/<pid>/stat`` (Linux).
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import STATS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ServerOptions:
    workers: int = 2
    worker_class: str = "sync"  # or gthread
    threads: int = 1

    def describe(self) -> str:
        if self.worker_class == "gthread":
            return f"{self.workers} gthread workers × {self.threads} threads"
        return f"{self.workers} {self.worker_class} workers"

    @property
    def slots(self) -> int:
        """Requests the server handles at once."""
        return self.workers * (self.threads if self.worker_class == "gthread" else 1)


def production_env(database_url: str, instance: str) -> dict[str, str]:
    """The environment of the README's deployment, over a clean copy of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_")}
    env.pop("DATABASE_URL", None)
    env.update(
        DATABASE_URL=database_url,
        SCORECARD_INSTANCE_PATH=instance,
        SCORECARD_SESSION_COOKIE_SECURE="true",
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])),
    )
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command(app: str, options: ServerOptions, port: int) -> list[str]:
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(options.workers),
        "--bind", f"127.0.0.1:{port}", "--worker-class", options.worker_class,
    ]  # fmt: skip
    if options.worker_class == "gthread":
        command += ["--threads", str(options.threads)]
    return [*command, app]


@dataclass(frozen=True)
class Usage:
    """The workers' CPU seconds by pid and the requests they finished, at one moment."""

    cpu: dict[int, float]
    served: int

    def since(self, before: Usage) -> tuple[float | None, int]:
        """CPU seconds (None if a worker was replaced meanwhile) and requests served."""
        if set(before.cpu) != set(self.cpu):
            return None, self.served - before.served
        used = sum(self.cpu[pid] - before.cpu[pid] for pid in self.cpu)
        return used, self.served - before.served


class Server:
    """A running gunicorn; ``with Server(...) as server:`` starts it and waits for /healthz.

    With ``stats_dir`` the app must be ``benchmarks.bare_wsgi:app``, whose workers count
    their requests there (see ``usage`` and ``wait_idle``)."""

    def __init__(
        self, app: str, options: ServerOptions, env: dict[str, str], log_path: str,
        stats_dir: str | None = None,
    ) -> None:  # fmt: skip
        self.app, self.options, self.log_path = app, options, log_path
        self.stats_dir = stats_dir
        self.env = {**env, "BENCH_STATS_DIR": stats_dir} if stats_dir else env
        if stats_dir:
            os.makedirs(stats_dir, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0

    def __enter__(self) -> Server:
        self.start()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.started_at = time.perf_counter()
            self.process = subprocess.Popen(  # noqa: S603  (our own gunicorn, fixed arguments)
                gunicorn_command(self.app, self.options, self.port),
                cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout: float = 60.0, poll: float = 0.005) -> float:
        """Seconds from spawning the server to its first 200 on /healthz."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see its log:\n{self.log_tail()}")
            if healthz_ok(self.port):
                return time.perf_counter() - self.started_at
            time.sleep(poll)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def worker_cpu(self) -> dict[int, float]:
        """CPU seconds (user + system) so far of each worker process, by pid."""
        if self.process is None:
            raise RuntimeError("the server is not running")
        return {pid: process_cpu(pid) for pid in children(self.process.pid)}

    def usage(self) -> Usage:
        return Usage(self.worker_cpu(), self.requests()[1])

    def requests(self) -> tuple[int, int]:
        """Requests started and finished by all workers so far."""
        if self.stats_dir is None:
            raise RuntimeError("the server counts no requests (no stats_dir)")
        return read_stats(self.stats_dir)

    def wait_idle(self, timeout: float = 300.0, poll: float = 0.02, calm: int = 5) -> float:
        """Wait until every request has finished, ``calm`` polls in a row: a load generator
        leaves requests behind when it stops (in progress, or still in the listen queue
        of a sync worker), and they must not run into the next round. Returns when (in
        ``time.perf_counter()``) the last of them was first seen finished."""
        deadline = time.perf_counter() + timeout
        last, same, since = None, 0, time.perf_counter()
        while time.perf_counter() < deadline:
            now = self.requests()
            if now != last:
                last, same, since = now, 0, time.perf_counter()
            elif now[0] == now[1]:
                same += 1
                if same >= calm:
                    return since
            time.sleep(poll)
        raise RuntimeError(f"the server was still busy after {timeout:.0f} s")


def healthz_ok(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except FileNotFoundError:  # kernels without CONFIG_PROC_CHILDREN: scan /proc
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit() and _stat_fields(int(entry))[1:2] == [str(pid)]:
                found.append(int(entry))
        return found


def process_cpu(pid: int) -> float:
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS if fields else 0.0


def _stat_fields(pid: int) -> list[str]:
    """Fields of /proc/<pid>/stat after the command name: state, ppid, ... (utime is [11])."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return []


def read_stats(folder: str) -> tuple[int, int]:
    """Requests started and finished, summed over the workers' files in ``folder``."""
    started = finished = 0
    for name in os.listdir(folder):
        if name.endswith(".stats"):
            with open(os.path.join(folder, name), "rb") as fh:
                data = fh.read(STATS.size)
            if len(data) == STATS.size:
                s, f = STATS.unpack(data)
                started, finished = started + s, finished + f
    return started, finished
