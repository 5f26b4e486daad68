"""The plain rating record that agreement and rater effects read."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RatingRecord:
    """One submitted rating. ``value`` is None for "insufficient evidence": it counts as
    missing everywhere, never as a score."""

    candidate: Hashable
    area: Hashable
    rater: Hashable
    value: int | None


def pairable(units: Iterable[Iterable[float | None]]) -> list[tuple[float, ...]]:
    """The units with at least two values, "insufficient evidence" (None) left out: only
    these say anything about agreement."""
    kept = [tuple(v for v in unit if v is not None) for unit in units]
    return [unit for unit in kept if len(unit) >= 2]


def rater_pairs(units: Iterable[tuple[float, ...]]) -> int:
    """How many pairs of raters rated the same unit (m raters give m(m-1)/2 pairs)."""
    return sum(len(unit) * (len(unit) - 1) // 2 for unit in units)
