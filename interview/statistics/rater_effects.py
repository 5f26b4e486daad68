"""Leniency or severity of each rater, measured fairly.

Only candidates a rater shared with others count, and each of the rater's ratings is
compared with the other raters' ratings of the same candidate, never with other candidates:

- ``against_co_raters``: own rating minus the mean of the other raters of the same
  candidate AND area (planned second raters). The cleanest comparison, usually the rarest.
- ``against_panel``: the same where the area had co-raters; otherwise own rating minus the
  mean of the rest of the panel's ratings of that candidate (other areas, other raters).

Positive: more lenient than the others; negative: more severe. "Insufficient evidence" is
missing on both sides. Below ``min_n`` differences a rater's effect is held back: n only,
no number. Otherwise the raw mean comes with a t interval, and a shrunk estimate under a
normal-normal model: the true effect has the prior N(0, s^2 / k), so its posterior mean is
the raw mean times n / (n + k) and its posterior spread s / sqrt(n + k). ``k`` (the prior
strength) reads as "k imaginary differences of zero": small samples move toward zero, and
the shrunk value grows toward the raw one as n grows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean, stdev

from interview.statistics.distributions import t_quantile
from interview.statistics.interval import LEVEL, Interval
from interview.statistics.records import RatingRecord

MIN_N = 5
PRIOR_STRENGTH = 5.0


@dataclass(frozen=True)
class Effect:
    n: int  # ratings with something to compare with
    held_back: bool
    raw: float | None = None  # mean difference
    raw_interval: Interval | None = None
    estimate: float | None = None  # shrunk toward zero
    interval: Interval | None = None  # around the shrunk estimate


@dataclass(frozen=True)
class RaterEffect:
    rater: Hashable
    against_co_raters: Effect
    against_panel: Effect


def effect_of(
    differences: Sequence[float],
    min_n: int = MIN_N,
    prior_strength: float = PRIOR_STRENGTH,
    level: float = LEVEL,
) -> Effect:
    """Raw and shrunk mean of the differences with their intervals; held back below
    ``min_n`` (and always below two, where no spread can be estimated)."""
    n = len(differences)
    if n < max(min_n, 2):
        return Effect(n, held_back=True)
    raw, spread = fmean(differences), stdev(differences)
    t = t_quantile(0.5 + level / 2.0, n - 1)
    estimate = raw * n / (n + prior_strength)
    half, shrunk_half = t * spread / math.sqrt(n), t * spread / math.sqrt(n + prior_strength)
    return Effect(
        n, False, raw, Interval(raw - half, raw + half, level),
        estimate, Interval(estimate - shrunk_half, estimate + shrunk_half, level),
    )  # fmt: skip


def differences(records: Iterable[RatingRecord]) -> dict[Hashable, tuple[list[float], list[float]]]:
    """rater -> (differences against co-raters, differences against the panel); every
    rater appears, in first-seen order, even one with nothing to compare."""
    result: dict[Hashable, tuple[list[float], list[float]]] = {}
    by_candidate: dict[Hashable, list[tuple[Hashable, Hashable, int]]] = defaultdict(list)
    for record in records:
        result.setdefault(record.rater, ([], []))
        if record.value is not None:
            by_candidate[record.candidate].append((record.rater, record.area, record.value))
    for panel in by_candidate.values():
        for rater, area, value in panel:
            others = [(a, v) for r, a, v in panel if r != rater]
            same_area = [v for a, v in others if a == area]
            reference = same_area or [v for _, v in others]
            if same_area:
                result[rater][0].append(value - fmean(same_area))
            if reference:
                result[rater][1].append(value - fmean(reference))
    return result


def rater_effects(
    records: Iterable[RatingRecord],
    min_n: int = MIN_N,
    prior_strength: float = PRIOR_STRENGTH,
    level: float = LEVEL,
) -> list[RaterEffect]:
    """Every rater's effects, in the order raters first appear (the views sort by name)."""
    return [
        RaterEffect(rater, effect_of(co, min_n, prior_strength, level),
                    effect_of(panel, min_n, prior_strength, level))
        for rater, (co, panel) in differences(records).items()
    ]  # fmt: skip
