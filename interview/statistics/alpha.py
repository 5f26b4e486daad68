"""Krippendorff's alpha for nominal, ordinal, interval and ratio data with missing values.

Computed from the coincidence matrix (Krippendorff, "Computing Krippendorff's
Alpha-Reliability", 2011): every unit with m >= 2 values adds, for each ordered pair of its
values (c, k) from different raters, 1 / (m - 1) to o[c, k]. Then, with n_c the row sums
and n their total,

    alpha = 1 - (n - 1) * sum(o[c, k] * d2[c, k]) / sum(n_c * n_k * d2[c, k])

where d2 is the squared distance of the level of measurement; the ordinal one depends on the
marginals n_c. Because o is a sum of per-unit matrices, a bootstrap resample is a weighted
sum, and all resamples are one matrix product. The ``krippendorff`` package computes the
same figure; the tests check this module against it and against the published values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from interview.statistics.records import pairable

if TYPE_CHECKING:
    import numpy as np

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")
MIN_UNITS = 2  # one unit's own disagreement is also its expected one: alpha says nothing


@dataclass(frozen=True)
class Coincidences:
    """Per-unit coincidence matrices, flattened: ``by_unit`` is (units x V*V) over the
    sorted ``values`` that occur."""

    values: tuple[float, ...]
    by_unit: np.ndarray


def coincidences(units: Sequence[tuple[float, ...]]) -> Coincidences:
    """The coincidence contributions of pairable units (see ``records.pairable``)."""
    import numpy as np

    values = tuple(sorted({v for unit in units for v in unit}))
    index = {v: i for i, v in enumerate(values)}
    size = len(values)
    counts = np.zeros((len(units), size))
    for row, unit in enumerate(units):
        for v in unit:
            counts[row, index[v]] += 1
    pairs = counts[:, :, None] * counts[:, None, :] - counts[:, :, None] * np.eye(size)
    per_unit = pairs / (counts.sum(axis=1) - 1)[:, None, None]
    return Coincidences(values, per_unit.reshape(len(units), size * size))


def _squared_distances(values: np.ndarray, marginals: np.ndarray, level: Level) -> np.ndarray:
    """d2 for every resample: (resamples x V x V)."""
    import numpy as np

    c, k = values[:, None], values[None, :]
    if level == "nominal":
        fixed = (c != k).astype(float)
    elif level == "interval":
        fixed = (c - k) ** 2
    elif level == "ratio":
        total = c + k
        fixed = np.divide(c - k, total, out=np.zeros_like(total), where=total != 0) ** 2
    else:  # ordinal: the marginals between two ranks, the two ends counted half
        cumulative = np.cumsum(marginals, axis=1)
        idx = np.arange(len(values))
        low, high = np.minimum.outer(idx, idx), np.maximum.outer(idx, idx)
        between = cumulative[:, high] - cumulative[:, low]
        return (between + (marginals[:, low] - marginals[:, high]) / 2.0) ** 2
    return np.broadcast_to(fixed, (marginals.shape[0], *fixed.shape))


def alpha_weighted(table: Coincidences, weights: np.ndarray, level: Level) -> np.ndarray:
    """Alpha for each row of unit weights (a bootstrap resample, or ones); NaN where it is
    undefined (no variation at all)."""
    import numpy as np

    size = len(table.values)
    observed = (weights @ table.by_unit).reshape(-1, size, size)
    marginals = observed.sum(axis=2)
    total = marginals.sum(axis=1)
    d2 = _squared_distances(np.array(table.values, dtype=float), marginals, level)
    disagreement = (observed * d2).sum(axis=(1, 2))
    expected = (marginals[:, :, None] * marginals[:, None, :] * d2).sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        result = 1.0 - (total - 1.0) * disagreement / expected
    return np.where(np.isfinite(result), result, np.nan)


def krippendorff_alpha(
    units: Sequence[Sequence[float | None]], level: Level = "ordinal"
) -> float | None:
    """Alpha over units (one sequence of values per unit, raters in any order, None for a
    missing value or "insufficient evidence"). None with fewer than two pairable units or
    when nobody used more than one value (alpha is 0/0 then)."""
    import numpy as np

    if level not in LEVELS:
        raise ValueError(f"unknown level of measurement: {level!r}")
    kept = pairable(units)
    if len(kept) < MIN_UNITS:
        return None
    value = float(alpha_weighted(coincidences(kept), np.ones((1, len(kept))), level)[0])
    return None if np.isnan(value) else value
