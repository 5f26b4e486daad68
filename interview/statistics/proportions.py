"""Intervals for proportions and their differences (Newcombe 1998).

Wilson's score interval for one proportion behaves at 0/n and n/n, where the textbook
Wald interval collapses; Newcombe's hybrid score interval ("method 10") for a difference
combines the two Wilson intervals and keeps those virtues.
"""

from __future__ import annotations

import math

from interview.statistics.distributions import normal_quantile
from interview.statistics.interval import LEVEL, Interval


def wilson_interval(successes: int, total: int, level: float = LEVEL) -> Interval | None:
    """Wilson's score interval of successes/total; None without observations."""
    if total <= 0 or not 0 <= successes <= total:
        return None
    z = normal_quantile(0.5 + level / 2.0)
    p, z2 = successes / total, z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / (1 + z2 / total)
    # at 0/n and n/n the bound is exactly 0 or 1; rounding would leave 1e-17 behind
    low = 0.0 if successes == 0 else centre - half
    high = 1.0 if successes == total else centre + half
    return Interval(low, high, level)


def newcombe_interval(
    successes_a: int, total_a: int, successes_b: int, total_b: int, level: float = LEVEL
) -> Interval | None:
    """Newcombe's hybrid score interval of p_a - p_b; None when a group is empty."""
    wilson_a = wilson_interval(successes_a, total_a, level)
    wilson_b = wilson_interval(successes_b, total_b, level)
    if wilson_a is None or wilson_b is None:
        return None
    p_a, p_b = successes_a / total_a, successes_b / total_b
    difference = p_a - p_b
    low = difference - math.hypot(p_a - wilson_a.low, wilson_b.high - p_b)
    high = difference + math.hypot(wilson_a.high - p_a, p_b - wilson_b.low)
    return Interval(low, high, level)
