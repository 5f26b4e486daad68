"""HTTP load for one round: wrk (Debian: ``apt-get install -y wrk``) or, without it, a
Python load generator with keep-alive ``http.client`` connections in threads.

Both keep ``connections`` requests in flight for ``seconds`` against one path with the
given cookie, and report completed requests, errors and latency percentiles.
"""

from __future__ import annotations

import http.client
import json
import math
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

WRK_SCRIPT = """\
-- Report the round as one line of JSON after wrk's own summary.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "\\nBENCH {\\"requests\\": %d, \\"duration_us\\": %d, \\"errors\\": %d, "
    .. "\\"p50_us\\": %d, \\"p99_us\\": %d}\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class Load:
    requests: int
    seconds: float
    errors: int  # connection errors, timeouts and answers other than 2xx/3xx
    p50_ms: float | None
    p99_ms: float | None


class Wrk:
    name = "wrk"

    def __init__(self, folder: str) -> None:
        self.script = Path(folder) / "bench.lua"
        self.script.write_text(WRK_SCRIPT)
        self.version = _wrk_version()

    def describe(self) -> str:
        return f"wrk {self.version} (whole seconds: shorter rounds take 1 s)"

    def run(self, port: int, path: str, cookie: str, connections: int, seconds: float) -> Load:
        command = [
            "wrk", "-t1", f"-c{connections}", f"-d{max(1, math.ceil(seconds))}s",
            "--timeout", "60s", "-s", str(self.script), "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}",
        ]  # fmt: skip
        out = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH ")), None)
        if out.returncode != 0 or line is None:
            raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr or out.stdout}")
        data = json.loads(line.removeprefix("BENCH "))
        done = data["requests"]
        return Load(
            requests=done,
            seconds=data["duration_us"] / 1e6,
            errors=data["errors"],
            p50_ms=data["p50_us"] / 1000 if done else None,
            p99_ms=data["p99_us"] / 1000 if done else None,
        )


def _wrk_version() -> str:
    out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S607
    words = (out.stdout or out.stderr).split()
    return words[1] if len(words) > 1 else "?"


class PythonLoad:
    """Threads with one keep-alive connection each. The GIL and the generator's own CPU
    cost make it weaker than wrk: it cannot drive the bare route as hard, so ratios to the
    bare route come out higher than with wrk. Use wrk for figures to compare."""

    name = "python"

    def describe(self) -> str:
        return "Python load generator (http.client threads; install wrk for better figures)"

    def run(self, port: int, path: str, cookie: str, connections: int, seconds: float) -> Load:
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        started = time.perf_counter()
        deadline = started + seconds

        def worker() -> None:
            mine, failed = _hammer(port, path, cookie, deadline)
            with lock:
                latencies.extend(mine)
                errors[0] += failed

        threads = [threading.Thread(target=worker) for _ in range(connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        return Load(len(latencies), elapsed, errors[0], *percentiles(latencies, (50, 99)))


def _hammer(port: int, path: str, cookie: str, deadline: float) -> tuple[list[float], int]:
    latencies, errors = [], 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie}
    try:
        while time.perf_counter() < deadline:
            begun = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                continue
            latencies.append(time.perf_counter() - begun)
            if response.status >= 400:
                errors += 1
            if response.will_close:
                conn.close()
    finally:
        conn.close()
    return latencies, errors


def percentiles(seconds: list[float], points: tuple[int, ...]) -> list[float | None]:
    """Percentiles in milliseconds (None without data)."""
    if not seconds:
        return [None] * len(points)
    if len(seconds) == 1:
        return [seconds[0] * 1000] * len(points)
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return [cuts[p - 1] * 1000 for p in points]


def load_generator(choice: str, folder: str) -> Wrk | PythonLoad:
    """``auto``: wrk if installed, else the Python generator (and say how to get wrk)."""
    if choice == "python":
        return PythonLoad()
    if shutil.which("wrk"):
        return Wrk(folder)
    if choice == "wrk":
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    print("wrk not found (apt-get install -y wrk); using the Python load generator.")
    return PythonLoad()
