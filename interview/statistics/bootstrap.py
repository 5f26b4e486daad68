"""Percentile bootstrap intervals that resample units (candidates), reproducibly.

A resample is a row of counts: how often each unit was drawn. Statistics that can be written
as sums over units (the ICC's sums of squares, alpha's coincidences) take the counts as
weights, so a thousand resamples are one matrix product instead of a thousand loops.

The draws come from ``random.Random(seed)``: the same data and seed always give the same
interval, on every platform and NumPy version.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from interview.statistics.interval import LEVEL, Interval

if TYPE_CHECKING:
    import numpy as np

RESAMPLES = 1000
SEED = 20111  # any fixed number: reproducibility, not secrecy
MIN_UNITS = 5  # fewer units than this give no interval at all
#: more undefined resamples than this share (e.g. nobody varied) and the interval is refused
MAX_UNDEFINED = 0.1


def resample_counts(n_units: int, resamples: int = RESAMPLES, seed: int = SEED) -> np.ndarray:
    """A (resamples x n_units) integer array: row b counts how often each unit was drawn
    in resample b (n_units draws with replacement)."""
    import numpy as np

    rng = random.Random(seed)  # noqa: S311  (resampling for statistics, not secrets)
    draws = np.array(rng.choices(range(n_units), k=resamples * n_units), dtype=np.int64)
    offsets = np.repeat(np.arange(resamples, dtype=np.int64) * n_units, n_units)
    counts = np.bincount(draws + offsets, minlength=resamples * n_units)
    return counts.reshape(resamples, n_units)


def percentile_interval(estimates: np.ndarray, level: float = LEVEL) -> Interval | None:
    """The percentile interval of bootstrap estimates; NaN marks an undefined resample.
    None when more than ``MAX_UNDEFINED`` of them are undefined."""
    import numpy as np

    estimates = np.asarray(estimates, dtype=float)
    defined = estimates[np.isfinite(estimates)]
    if not estimates.size or defined.size < (1.0 - MAX_UNDEFINED) * estimates.size:
        return None
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(defined, [tail, 1.0 - tail])
    return Interval(float(low), float(high), level)


def unit_bootstrap(
    statistic: Callable[[np.ndarray], np.ndarray],
    n_units: int,
    *,
    clusters: Sequence[int] | None = None,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    level: float = LEVEL,
    min_units: int = MIN_UNITS,
) -> Interval | None:
    """Percentile interval of ``statistic`` over resampled units. ``statistic`` maps a
    (resamples x n_units) weight array to one estimate per row (NaN where undefined).

    ``clusters`` (one number 0..c-1 per unit) resamples whole clusters instead, e.g. the
    candidates when a unit is one area of one candidate: a candidate drawn twice brings all
    their areas twice. None below ``min_units`` units (clusters, if given)."""
    import numpy as np

    drawn = n_units if clusters is None else len(set(clusters))
    if drawn < max(min_units, 2) or resamples < 1:
        return None
    counts = resample_counts(drawn, resamples, seed)
    if clusters is not None:
        counts = counts[:, np.asarray(clusters, dtype=np.int64)]
    return percentile_interval(statistic(counts), level)
