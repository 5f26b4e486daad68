"""Tablets typing notes: each signs in, opens its kit (CSRF token from the page, field
versions from /kit/state), then saves its note every ``interval`` seconds the way
``interview/static/kit.js`` does: ``POST /assignments/<id>/kit/fields`` with
``{"changes": [{"key", "value", "base"}]}`` and the ``X-CSRFToken`` header, keeping the
version each answer returns as the next base.

Each tablet waits for its answer before the next save (a page has one save in flight);
tablets start spread over the first interval so they do not all fire at once.
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from benchmarks.browser import Browser
from benchmarks.load import percentiles
from benchmarks.seed import PASSWORD, Tablet

NOTE_WORDS = ("Kunde", "nannte", "Umsatzziel", "Verlängerung", "gelöst", "Ergebnis", "plus")


@dataclass
class AutosaveResult:
    tablets: int
    seconds: float
    interval: float
    saves: int = 0
    errors: int = 0  # failed requests and answers other than 200
    conflicts: int = 0  # a change the server refused as based on an old version
    resent: int = 0  # requests resent on a fresh connection after an idle one was closed
    latencies: list[float] = field(default_factory=list)

    def percentiles(self) -> list[float | None]:
        return percentiles(self.latencies, (50, 95, 99))

    @property
    def max_ms(self) -> float | None:
        return max(self.latencies) * 1000 if self.latencies else None


class _Pad:
    def __init__(self, port: int, tablet: Tablet) -> None:
        self.browser = Browser(port)
        self.tablet = tablet
        self.kit = f"/assignments/{tablet.interview_id}/kit"
        self.csrf = ""
        self.version = 0
        self.text = ""

    def open_kit(self) -> None:
        self.browser.sign_in(self.tablet.email, PASSWORD)
        self.csrf = self.browser.page_token(self.kit)
        state = self.browser.get(f"{self.kit}/state").json()
        self.version = state["fields"].get("q0_note", {}).get("version", 0)

    def save(self, rng: random.Random, result: AutosaveResult, lock: threading.Lock) -> None:
        self.text = (self.text + " " + rng.choice(NOTE_WORDS))[-2000:]
        change = {"key": "q0_note", "value": self.text, "base": self.version}
        try:
            reply = self.browser.post_json(f"{self.kit}/fields", {"changes": [change]}, self.csrf)
        except OSError:
            self.browser.close()
            with lock:
                result.errors += 1
            return
        outcome = reply.json()["results"][0] if reply.status == 200 else {}
        if outcome.get("status") in ("saved", "conflict"):
            # a conflict cannot happen with one writer per draft; counted, then carried on
            self.version = outcome["version"]
        with lock:
            result.saves += 1
            result.latencies.append(reply.seconds)
            result.errors += reply.status != 200
            result.conflicts += outcome.get("status") == "conflict"


def open_kits(port: int, tablets: list[Tablet]) -> list[_Pad]:
    """Every tablet signed in, its kit open (a few at a time, as people arrive)."""
    pads = [_Pad(port, t) for t in tablets]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(_Pad.open_kit, pads))
    return pads


def type_notes(pads: list[_Pad], seconds: float, interval: float, seed: int = 1) -> AutosaveResult:
    """Every tablet saves every ``interval`` seconds for ``seconds``; latencies per save."""
    result = AutosaveResult(len(pads), seconds, interval)
    lock = threading.Lock()
    start = time.perf_counter() + 0.1
    end = start + seconds

    def typing(n: int, pad: _Pad) -> None:
        rng = random.Random(seed * 1000 + n)
        next_at = start + interval * n / len(pads)
        while next_at < end:
            time.sleep(max(0.0, next_at - time.perf_counter()))
            pad.save(rng, result, lock)
            # a save slower than the interval delays the next one instead of piling up
            next_at = max(next_at + interval, time.perf_counter())
        pad.browser.close()

    threads = [threading.Thread(target=typing, args=item) for item in enumerate(pads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.resent = sum(p.browser.retries for p in pads)
    return result
