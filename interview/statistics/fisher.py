"""Fisher's exact test for a 2 x 2 table, two-sided, in exact integer arithmetic.

With the margins fixed, the top-left cell is hypergeometric. The two-sided p-value sums the
probabilities of every table no more probable than the one observed (the rule R's
``fisher.test`` uses). Comparing the integer numerators C(r1, x) * C(r2, c1 - x) instead of
floats makes "no more probable" exact: no tolerance is needed.
"""

from __future__ import annotations

from fractions import Fraction
from math import comb


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of the table [[a, b], [c, d]] (non-negative counts)."""
    if min(a, b, c, d) < 0:
        raise ValueError("counts must not be negative")
    row1, row2, col1 = a + b, c + d, a + c
    total = row1 + row2
    observed = comb(row1, a) * comb(row2, c)
    extreme = sum(
        weight
        for x in range(max(0, col1 - row2), min(row1, col1) + 1)
        if (weight := comb(row1, x) * comb(row2, col1 - x)) <= observed
    )
    return float(min(Fraction(extreme, comb(total, col1)), Fraction(1)))
