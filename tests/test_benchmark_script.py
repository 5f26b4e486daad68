"""The benchmark (benchmarks/, ``python benchmarks/pages.py``) keeps working: its --quick
mode runs the real pipeline (fresh database, gunicorn, HTTP load, autosave, whole-process
timings) on a tiny dataset. No timing assertions: the figures depend on the machine; the
script is for people, these tests keep it running and its tables complete."""

from __future__ import annotations

import os
import re
import shutil
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from sqlalchemy.engine import make_url

from benchmarks.load import PythonLoad, Wrk
from benchmarks.rounds import PAGES
from benchmarks.run import main

NUMBER = r"-?\d+\.\d+"


def _database_args() -> list[str]:
    """PostgreSQL when the suite runs on it: a database of the benchmark's own."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return []
    target = make_url(url)
    own = target.set(database=f"{target.database}_bench_{os.getpid()}")
    return ["--database-url", own.render_as_string(hide_password=False)]


def _section(out: str, title: str) -> str:
    match = re.search(rf"^== {re.escape(title)}.*?(?=^== |\Z)", out, re.M | re.S)
    assert match, f"no section {title!r} in:\n{out}"
    return match.group(0)


def test_quick_run_prints_every_section(capsys):
    argv = ["--quick", *_database_args()]
    assert main(argv) == 0
    out = capsys.readouterr().out

    setup = _section(out, "Setup")
    assert "5 candidates × 6 areas: 30 submitted scorecards, 150 notes" in setup
    assert "3 tablet drafts" in setup

    pages = _section(out, "Pages")
    rows = {line[:24].strip(): line for line in pages.splitlines()[2:]}
    # req/s, % of bare, p50, p99, CPU ms/req, size KB, then queries, errors, path; latencies
    # are "-" when no request finished within the round (a busy machine, a cold worker)
    maybe = rf"(?:{NUMBER}|-)"
    row = rf"\s+{NUMBER}\s+{NUMBER}\s+{maybe}\s+{maybe}\s+{maybe}\s+{NUMBER}"
    assert re.match(rf"bare Flask route{row}\s+-\s+0\s+/__bare$", rows["bare Flask route"])
    for page in PAGES:
        line = rows[page.label]
        # every page of the list exists and answers without errors under load
        assert re.match(rf"{re.escape(page.label)}{row}\s+\d+\s+0\s+/", line), line
    assert re.search(r"\s100\.0\s", rows["bare Flask route"])

    autosave = _section(out, "Autosave: 3 tablets")
    saves = re.search(r"saves (\d+) \(\S+\)\s+errors (\d+)\s+conflicts (\d+)", autosave)
    assert saves, autosave
    assert int(saves.group(1)) >= 3  # each tablet saved at least once
    assert saves.group(2, 3) == ("0", "0")
    assert re.search(rf"p50 {NUMBER}\s+p95 {NUMBER}\s+p99 {NUMBER}", autosave)
    assert re.search(rf"server CPU\s+{NUMBER} ms per save", autosave)

    processes = _section(out, "Whole processes")
    for label in (
        "check-bank, shipped bank",
        "check-bank, generated 35 areas",
        "import + create_app()",
        "cold start",
    ):
        # median, min, max, CPU seconds, one run each
        timing = rf"^{re.escape(label)}(\s+{NUMBER}){{4}}\s+1\s"
        assert re.search(timing, processes, re.M), processes


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *_args) -> None:
        pass


@pytest.fixture
def tiny_server():
    """A WSGI server in a thread: 200 on /, 404 elsewhere."""

    def app(environ, start_response):
        found = environ["PATH_INFO"] == "/"
        start_response("200 OK" if found else "404 Not Found", [("Content-Length", "2")])
        return [b"ok"]

    server = make_server("127.0.0.1", 0, app, WSGIServer, _QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    server.server_close()
    thread.join()


GENERATORS = [
    pytest.param(lambda folder: PythonLoad(), id="python"),
    pytest.param(
        Wrk,
        id="wrk",
        marks=pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed"),
    ),
]


@pytest.mark.parametrize("make", GENERATORS)
def test_load_generators_count_requests_and_errors(make, tiny_server, tmp_path):
    generator = make(str(tmp_path))
    fine = generator.run(tiny_server, "/", "session=x", 2, 0.3)
    assert fine.requests > 0
    assert fine.errors == 0
    assert fine.p50_ms is not None
    assert fine.p99_ms >= fine.p50_ms
    missing = generator.run(tiny_server, "/missing", "", 1, 0.3)
    assert missing.requests > 0
    assert missing.errors == missing.requests  # every 404 counts as an error
