"""The pages under load, measured in rounds that alternate with the bare route.

A round keeps the server busy with one path for a few seconds. The bare route runs before
and after every page round, so each page is divided by the bare route's throughput of the
moment: a neighbour's test suite that slows the machine down slows both.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from benchmarks import BARE_PATH, LAYOUT_PATH
from benchmarks.browser import Browser
from benchmarks.load import Load
from benchmarks.server import Server


@dataclass(frozen=True)
class Page:
    key: str  # for --pages
    label: str
    path: str  # may name {requisition}, {application}, {kit}
    who: str = "recruiter"  # whose cookie: recruiter, interviewer, or nobody


PAGES = [
    Page("healthz", "/healthz", "/healthz", "nobody"),
    Page("layout", "signed-in empty page", LAYOUT_PATH, "interviewer"),
    Page("kit", "kit page", "/assignments/{kit}/kit", "interviewer"),
    Page("results", "consolidated scorecard", "/applications/{application}/results"),
    Page("compare", "comparison", "/requisitions/{requisition}/compare"),
    Page("compare-page-2", "comparison, page 2", "/requisitions/{requisition}/compare?page=2"),
    Page("compare-all", "comparison, all at once", "/requisitions/{requisition}/compare?page=all"),
    Page("compare-csv", "comparison CSV", "/requisitions/{requisition}/compare.csv"),
    Page("compare-xlsx", "comparison XLSX", "/requisitions/{requisition}/compare.xlsx"),
    Page("my-interviews", "my interviews", "/my/interviews", "interviewer"),
    Page("requisition", "requisition page", "/requisitions/{requisition}"),
]
BARE = Page("bare", "bare Flask route", BARE_PATH, "nobody")


@dataclass
class Round:
    """One round, seen from both sides. The server's side counts every request the
    workers finished, also those the load generator gave up on when its time was over
    (a page that takes longer than a round still shows its throughput)."""

    load: Load  # what the load generator saw: latencies, errors
    seconds: float  # from the start until the workers finished the round's last request
    cpu_seconds: float | None  # the workers' CPU time meanwhile
    served: int  # requests the workers finished meanwhile

    @property
    def rps(self) -> float:
        return self.served / self.seconds if self.seconds > 0 else 0.0


@dataclass
class PageResult:
    page: Page
    path: str
    status: int = 0
    size: int = 0
    queries: int | None = None
    rounds: list[Round] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)

    @property
    def measured(self) -> bool:
        return self.status == 200

    def median(self, pick: Callable[[Round], float | None]) -> float | None:
        values = [v for v in map(pick, self.rounds) if v is not None]
        return statistics.median(values) if values else None

    @property
    def cpu_ms_per_request(self) -> float | None:
        counted = [r for r in self.rounds if r.cpu_seconds is not None and r.served]
        if not counted:
            return None
        return 1000 * sum(r.cpu_seconds for r in counted) / sum(r.served for r in counted)

    @property
    def errors(self) -> int:
        return sum(r.load.errors for r in self.rounds)


def probe(browser: Browser | None, port: int, result: PageResult) -> None:
    """One request: status, size and SQL statements of the page (also warms the worker)."""
    client = browser or Browser(port)
    try:
        reply = client.get(result.path)
    finally:
        if browser is None:
            client.close()
    result.status, result.size, result.queries = reply.status, len(reply.body), reply.queries


class Rounds:
    """Runs rounds against one server with a load generator."""

    def __init__(self, server: Server, generator, connections: int, seconds: float) -> None:
        self.server, self.generator = server, generator
        self.connections, self.seconds = connections, seconds
        server.wait_idle()

    def one(self, path: str, cookie: str) -> Round:
        """A round from an idle server until it is idle again (requests the generator left
        behind would otherwise slow the next round down and count as its CPU time)."""
        before, started = self.server.usage(), time.perf_counter()
        load = self.generator.run(self.server.port, path, cookie, self.connections, self.seconds)
        idle = self.server.wait_idle()
        return Round(load, idle - started, *self.server.usage().since(before))

    def alternate(
        self, bare: PageResult, pages: list[PageResult], cookies: dict[str, str], repeat: int
    ) -> None:
        """bare, page 1, bare, page 2, ..., bare; ``repeat`` times. Each page round is
        divided by the mean of the bare rounds just before and just after it."""
        previous = self._bare(bare)
        for _ in range(repeat):
            for result in pages:
                done = self.one(result.path, cookies[result.page.who])
                after = self._bare(bare)
                result.rounds.append(done)
                reference = (previous.rps + after.rps) / 2
                if reference:
                    result.ratios.append(done.rps / reference)
                previous = after

    def _bare(self, bare: PageResult) -> Round:
        done = self.one(bare.path, "")
        bare.rounds.append(done)
        return done
