"""The WSGI app the benchmark serves with gunicorn: the real app plus a bare Flask route.

    gunicorn ... 'benchmarks.bare_wsgi:app'

Benchmark only; never part of the app. ``/__bare`` goes to a separate, minimal Flask app
(one route, no extensions, no session, no database): the baseline every page is divided
by, served by the same server, workers and connection handling as the pages. Everything
else goes to ``interview.create_app()``, configured from the environment as in production.

Each response of the real app carries ``X-Bench-Queries``: the SQL statements it sent
(counted per thread, so it holds for threaded workers too).
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from sqlalchemy import event

from benchmarks import BARE_PATH, QUERIES_HEADER
from interview import create_app
from interview.extensions import db

bare = Flask("bare")


@bare.get(BARE_PATH)
def bare_route() -> str:
    """The least a Flask route can do."""
    return "ok"


real = create_app()
_counter = threading.local()


def _count(*_args: Any) -> None:
    _counter.queries = getattr(_counter, "queries", 0) + 1


with real.app_context():
    event.listen(db.engine, "before_cursor_execute", _count)


def app(environ: dict, start_response):
    """Route ``/__bare`` to the bare app, the rest to the real one (with a query count).

    Flask builds the whole body before it calls ``start_response`` (no page streams), so
    the count is complete when the header is written."""
    if environ.get("PATH_INFO") == BARE_PATH:
        return bare(environ, start_response)
    _counter.queries = 0

    def counted_start(status: str, headers: list, exc_info=None):
        headers.append((QUERIES_HEADER, str(_counter.queries)))
        return start_response(status, headers, exc_info)

    return real(environ, counted_start)
