"""Which required areas a loop covers, misses or doubles. Pure: no Flask, no database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Coverage:
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    doubled: tuple[str, ...]
    #: assigned areas the requisition does not require (allowed, shown as extra)
    extra: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def coverage(required: Iterable[str], assigned: Iterable[str]) -> Coverage:
    """``required``: area ids in framework order; ``assigned``: one area id per interview."""
    required = list(required)
    counts = Counter(assigned)
    return Coverage(
        covered=tuple(a for a in required if counts[a]),
        missing=tuple(a for a in required if not counts[a]),
        doubled=tuple(a for a in counts if counts[a] > 1),
        extra=tuple(a for a in counts if a not in required),
    )
