"""The WSGI app the benchmark serves with gunicorn: the real app plus a bare Flask route.

    gunicorn ... 'benchmarks.bare_wsgi:app'

Benchmark only; never part of the app. ``/__bare`` goes to a separate, minimal Flask app
(one route, no extensions, no session, no database): the baseline every page is divided
by, served by the same server, workers and connection handling as the pages. Everything
else goes to ``interview.create_app()``, configured from the environment as in production.
To it this module adds one route, ``/__layout``: a signed-in page with the app's layout
(header, navigation, language switch, sign-out form) around one empty paragraph. What it
costs is the floor under every page of the app: sign-in check, session, the user's query,
the layout's template.

What the benchmark learns from the server side:

- each response of the real app carries ``X-Bench-Queries``, the SQL statements it sent
  (counted per thread, so it holds for threaded workers too);
- with ``BENCH_STATS_DIR`` set, each worker keeps two counters in a file of its own there,
  requests started and finished (all of them, also those a load generator gave up on), so
  the benchmark can wait until the server is idle and divide CPU time by requests served.
"""

from __future__ import annotations

import mmap
import os
import threading
from typing import Any

from flask import Flask, render_template
from sqlalchemy import event

from benchmarks import BARE_PATH, LAYOUT_PATH, QUERIES_HEADER, STATS
from interview import create_app
from interview.extensions import db

bare = Flask("bare")


@bare.get(BARE_PATH)
def bare_route() -> str:
    """The least a Flask route can do."""
    return "ok"


real = create_app()
_layout_template = real.jinja_env.from_string(
    '{% extends "base.html" %}{% block content %}<p>{{ current_user.name }}</p>{% endblock %}'
)


@real.get(LAYOUT_PATH)
def layout_route() -> str:
    """A signed-in page with the layout and nothing else (sign-in required, like every
    page that is not public)."""
    return render_template(_layout_template)


_counter = threading.local()


def _count(*_args: Any) -> None:
    _counter.queries = getattr(_counter, "queries", 0) + 1


with real.app_context():
    event.listen(db.engine, "before_cursor_execute", _count)


class _Tally:
    """This worker's request counters, in a small shared file the benchmark reads."""

    def __init__(self, folder: str | None) -> None:
        self.folder, self.pid, self.map = folder, 0, None
        self.started = self.finished = 0
        self.lock = threading.Lock()

    def add(self, started: int, finished: int) -> None:
        if self.folder is None:
            return
        with self.lock:
            if self.pid != os.getpid():  # opened in this worker, not in a parent (--preload)
                self._open()
            self.started += started
            self.finished += finished
            STATS.pack_into(self.map, 0, self.started, self.finished)

    def _open(self) -> None:
        self.pid, self.started, self.finished = os.getpid(), 0, 0
        fd = os.open(os.path.join(self.folder, f"{self.pid}.stats"), os.O_RDWR | os.O_CREAT)
        try:
            os.ftruncate(fd, STATS.size)
            self.map = mmap.mmap(fd, STATS.size)
        finally:
            os.close(fd)


_tally = _Tally(os.environ.get("BENCH_STATS_DIR"))


def app(environ: dict, start_response):
    """Route ``/__bare`` to the bare app, the rest to the real one (with a query count).

    Flask builds the whole body before it calls ``start_response`` (no page streams), so
    the count is complete when the header is written, and the request's work is done when
    the call returns."""
    _tally.add(1, 0)
    try:
        if environ.get("PATH_INFO") == BARE_PATH:
            return bare(environ, start_response)
        _counter.queries = 0

        def counted_start(status: str, headers: list, exc_info=None):
            headers.append((QUERIES_HEADER, str(_counter.queries)))
            return start_response(status, headers, exc_info)

        return real(environ, counted_start)
    finally:
        _tally.add(0, 1)
