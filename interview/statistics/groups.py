"""Two groups compared (remote vs on-site interviews, internal vs external candidates): on
ratings by mean difference and Hedges' g, on rule outcomes by proportions, each with an
interval and n, and "too few to say" below a floor (then no number at all).

Observations should be independent: pass one value per candidate (e.g. the candidate's mean
rating in the group's interviews), not every rating, or the intervals come out too narrow.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, variance

from interview.statistics.distributions import normal_quantile, t_quantile
from interview.statistics.interval import LEVEL, Interval
from interview.statistics.proportions import newcombe_interval

MIN_PER_GROUP = 5


@dataclass(frozen=True)
class MeanComparison:
    """Group a minus group b. Everything but the n's is None when ``too_few``."""

    n_a: int
    n_b: int
    too_few: bool
    mean_a: float | None = None
    mean_b: float | None = None
    difference: float | None = None
    difference_interval: Interval | None = None  # Welch's t interval
    hedges_g: float | None = None  # None when nobody varied in either group
    g_interval: Interval | None = None


@dataclass(frozen=True)
class ProportionComparison:
    """Share of successes (e.g. met the rule) in group a minus group b."""

    successes_a: int
    n_a: int
    successes_b: int
    n_b: int
    too_few: bool
    rate_a: float | None = None
    rate_b: float | None = None
    difference: float | None = None
    interval: Interval | None = None  # Newcombe's hybrid score interval


def welch_interval(a: Sequence[float], b: Sequence[float], level: float = LEVEL) -> Interval:
    """Welch's t interval of mean(a) - mean(b) (unequal variances; n >= 2 in each)."""
    difference = fmean(a) - fmean(b)
    share_a, share_b = variance(a) / len(a), variance(b) / len(b)
    error = math.sqrt(share_a + share_b)
    if error == 0:
        return Interval(difference, difference, level)
    df = (share_a + share_b) ** 2 / (share_a**2 / (len(a) - 1) + share_b**2 / (len(b) - 1))
    half = t_quantile(0.5 + level / 2.0, df) * error
    return Interval(difference - half, difference + half, level)


def hedges_g(
    a: Sequence[float], b: Sequence[float], level: float = LEVEL
) -> tuple[float, Interval] | None:
    """Hedges' g (Cohen's d on the pooled SD, times J = 1 - 3 / (4(n_a + n_b) - 9)) with the
    normal interval g +- z * sqrt(V), V = J^2 ((n_a + n_b) / (n_a n_b) + d^2 / (2(n_a + n_b)))
    (Hedges & Olkin 1985; Borenstein et al. 2009, ch. 4). None when the pooled SD is zero."""
    n_a, n_b = len(a), len(b)
    pooled = ((n_a - 1) * variance(a) + (n_b - 1) * variance(b)) / (n_a + n_b - 2)
    if pooled == 0:
        return None
    d = (fmean(a) - fmean(b)) / math.sqrt(pooled)
    j = 1 - 3 / (4 * (n_a + n_b) - 9)
    spread = j * math.sqrt((n_a + n_b) / (n_a * n_b) + d * d / (2 * (n_a + n_b)))
    z = normal_quantile(0.5 + level / 2.0)
    g = j * d
    return g, Interval(g - z * spread, g + z * spread, level)


def compare_means(
    a: Sequence[float],
    b: Sequence[float],
    min_per_group: int = MIN_PER_GROUP,
    level: float = LEVEL,
) -> MeanComparison:
    """Group a against group b; too few below ``min_per_group`` (at least 2) in either."""
    if min(len(a), len(b)) < max(min_per_group, 2):
        return MeanComparison(len(a), len(b), too_few=True)
    effect = hedges_g(a, b, level)
    return MeanComparison(
        len(a), len(b), False, fmean(a), fmean(b), fmean(a) - fmean(b),
        welch_interval(a, b, level),
        effect[0] if effect else None, effect[1] if effect else None,
    )  # fmt: skip


def compare_proportions(
    successes_a: int,
    n_a: int,
    successes_b: int,
    n_b: int,
    min_per_group: int = MIN_PER_GROUP,
    level: float = LEVEL,
) -> ProportionComparison:
    """Share of successes in a against b; too few below ``min_per_group`` (at least 1)."""
    if not (0 <= successes_a <= n_a and 0 <= successes_b <= n_b):
        raise ValueError("successes must lie between 0 and the group's size")
    if min(n_a, n_b) < max(min_per_group, 1):
        return ProportionComparison(successes_a, n_a, successes_b, n_b, too_few=True)
    rate_a, rate_b = successes_a / n_a, successes_b / n_b
    return ProportionComparison(
        successes_a, n_a, successes_b, n_b, False, rate_a, rate_b, rate_a - rate_b,
        newcombe_interval(successes_a, n_a, successes_b, n_b, level),
    )  # fmt: skip
