"""Benchmarks of the app under gunicorn and real HTTP load (see benchmarks/README.md)."""

import struct

#: the bare route every page is compared with, served by ``benchmarks.bare_wsgi``
BARE_PATH = "/__bare"
#: a signed-in page of the real app with nothing on it but the layout (``bare_wsgi``)
LAYOUT_PATH = "/__layout"
#: response header of ``benchmarks.bare_wsgi``: the SQL statements the request sent
QUERIES_HEADER = "X-Bench-Queries"
#: a worker's counters in its file under ``BENCH_STATS_DIR``: requests started, finished
STATS = struct.Struct("QQ")
