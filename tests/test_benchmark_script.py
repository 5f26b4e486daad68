"""benchmarks/pages.py runs end to end on a tiny dataset. No timing assertions: the
figures depend on the machine; the script is for people, this test keeps it working."""

from __future__ import annotations

import re

from benchmarks.pages import main

PAGES = [
    "minimal route",
    "comparison page",
    "consolidated page",
    "comparison CSV export",
    "comparison XLSX export",
    "candidate JSON export",
]


def test_benchmark_prints_a_line_per_page(capsys):
    assert main(["--candidates", "3", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "Seeded 3 candidates, 18 submitted scorecards" in out
    lines = {line.split("  ")[0].strip(): line for line in out.splitlines()}
    for page in PAGES:
        line = lines[page]
        # median ms, queries, ratio -- or a page someone is still building
        assert re.search(r"\s\d+\.\d\d\s+\d+\s+\d+\.\d$", line), line  # every page exists
    assert re.search(r"/healthz\s+\d+\.\d\d\s+\d+\s+1\.0$", lines["minimal route"])
    assert re.search(r"compare\.csv\s+\d+\.\d\d", lines["comparison CSV export"])
