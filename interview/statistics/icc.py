"""Intraclass correlations (Shrout & Fleiss 1979).

Our data: every candidate (the "target") is rated on an area by whoever interviewed them, so
the raters differ from candidate to candidate and their number varies (two or more). That
is the one-way random model, ICC(1,1). For unequal numbers of ratings per candidate we use
the one-way ANOVA estimator (Searle 1971; Donner 1986):

    ICC(1,1) = (MSB - MSW) / (MSB + (n0 - 1) MSW)
    MSB = SSB / (n - 1),  MSW = SSW / (N - n),  n0 = (N - sum(k_i^2) / N) / (n - 1)

with n candidates, k_i ratings of candidate i and N = sum(k_i) ratings in all. When every
candidate has k ratings, n0 = k and this is Shrout & Fleiss' ICC(1,1).

ICC(2,1) (two-way random) and ICC(3,1) (two-way mixed, consistency) need the same raters on
every candidate, a complete matrix; ``shrout_fleiss`` computes all three for such a matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interview.statistics.records import pairable

if TYPE_CHECKING:
    import numpy as np


def one_way_stats(units: Sequence[tuple[float, ...]]) -> np.ndarray:
    """Per unit: number of ratings, their sum, their sum of squares, and the squared
    number; an (n x 4) array the weighted estimator sums over."""
    import numpy as np

    rows = [(len(u), sum(u), sum(v * v for v in u), len(u) ** 2) for u in units]
    return np.array(rows, dtype=float).reshape(len(units), 4)


def icc1_weighted(stats: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """ICC(1,1) of each row of unit weights (a bootstrap resample, or ones for the data
    itself), from ``one_way_stats``; NaN where it is undefined."""
    import numpy as np

    k, s, q, k2 = stats.T
    with np.errstate(divide="ignore", invalid="ignore"):
        n = weights.sum(axis=1)
        total = weights @ k
        sums = weights @ s
        ss_within = weights @ (q - s * s / k)
        ss_between = weights @ q - sums * sums / total - ss_within
        ms_between = ss_between / (n - 1)
        ms_within = ss_within / (total - n)
        n0 = (total - (weights @ k2) / total) / (n - 1)
        icc = (ms_between - ms_within) / (ms_between + (n0 - 1) * ms_within)
    return np.where(np.isfinite(icc), icc, np.nan)


def icc1(units: Sequence[Sequence[float | None]]) -> float | None:
    """ICC(1,1) over candidates with two or more ratings (None, insufficient evidence, is
    missing). None with fewer than two such candidates or without any variation."""
    import numpy as np

    kept = pairable(units)
    if len(kept) < 2:
        return None
    value = float(icc1_weighted(one_way_stats(kept), np.ones((1, len(kept))))[0])
    return None if np.isnan(value) else value


@dataclass(frozen=True)
class ShroutFleiss:
    """Mean squares and the three single-rater ICCs of a complete targets x judges matrix."""

    ms_between: float  # BMS, between targets
    ms_within: float  # WMS, within targets (one-way)
    ms_judges: float  # JMS
    ms_error: float  # EMS, residual of the two-way model
    icc1: float | None
    icc2: float | None
    icc3: float | None


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def shrout_fleiss(matrix: Sequence[Sequence[float]]) -> ShroutFleiss:
    """ICC(1,1), ICC(2,1) and ICC(3,1) of a complete matrix (rows: targets, columns:
    judges, the same judges on every target). Raises ValueError for a ragged matrix or one
    smaller than 2 x 2."""
    n, k = len(matrix), len(matrix[0]) if matrix else 0
    if n < 2 or k < 2 or any(len(row) != k for row in matrix):
        raise ValueError("a complete matrix of at least 2 targets x 2 judges is needed")
    grand = sum(map(sum, matrix)) / (n * k)
    row_means = [sum(row) / k for row in matrix]
    col_means = [sum(row[j] for row in matrix) / n for j in range(k)]
    ss_total = sum((x - grand) ** 2 for row in matrix for x in row)
    ss_rows = k * sum((m - grand) ** 2 for m in row_means)
    ss_cols = n * sum((m - grand) ** 2 for m in col_means)
    bms = ss_rows / (n - 1)
    wms = (ss_total - ss_rows) / (n * (k - 1))
    jms = ss_cols / (k - 1)
    ems = (ss_total - ss_rows - ss_cols) / ((n - 1) * (k - 1))
    return ShroutFleiss(
        bms, wms, jms, ems,
        _ratio(bms - wms, bms + (k - 1) * wms),
        _ratio(bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n),
        _ratio(bms - ems, bms + (k - 1) * ems),
    )  # fmt: skip
