"""The reliability sample: which candidates get one area rated twice, and which area.
Pure: no Flask, no database.

A share of the requisition's candidates (in the order they applied) is in the sample,
spread evenly: at 20 % every fifth candidate, at 50 % every second. Each sampled loop pairs
one area with a second, independent rater; the proposal is the area paired least often so
far in this requisition (ties: framework order), so that over many candidates every area
is paired about equally often. Pairings people chose differently count as they were made.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


def in_sample(position: int, share: int) -> bool:
    """Whether the candidate at ``position`` (1 for the first to apply) is in a sample of
    ``share`` percent: the positions where the running count of ``share``/100 rises."""
    if position < 1 or share <= 0:
        return False
    return position * share // 100 > (position - 1) * share // 100


@dataclass(frozen=True)
class Pairing:
    application: Hashable
    area: str  # the paired area: proposed, or already paired
    done: bool  # the loop already has two raters on an area


def plan_pairings(
    applications: Iterable[tuple[Hashable, str | None]], areas: Sequence[str], share: int
) -> dict[Hashable, Pairing]:
    """``applications``: (id, area the loop already pairs or None) in application order;
    ``areas``: the areas that may be paired, in framework order. Returns the pairing of
    every application in the sample, and of every loop that pairs an area anyway (those
    count toward the balance too)."""
    counts = dict.fromkeys(areas, 0)
    plan: dict[Hashable, Pairing] = {}
    for position, (application, paired) in enumerate(applications, start=1):
        if paired is not None:
            counts[paired] = counts.get(paired, 0) + 1
            plan[application] = Pairing(application, paired, True)
        elif in_sample(position, share) and counts:
            area = min(areas, key=lambda a: counts[a])  # min keeps the first of equals
            counts[area] += 1
            plan[application] = Pairing(application, area, False)
    return plan
