"""Bootstrap over units: reproducible resamples, percentile intervals, refusals."""

from __future__ import annotations

import numpy as np
import pytest

from interview.statistics.bootstrap import (
    percentile_interval,
    resample_counts,
    unit_bootstrap,
)


def test_each_resample_draws_every_unit_count_once_in_total():
    counts = resample_counts(7, resamples=50, seed=1)
    assert counts.shape == (50, 7)
    assert (counts.sum(axis=1) == 7).all()
    assert (counts >= 0).all()
    assert len({tuple(row) for row in counts}) > 1  # resamples differ from one another


def test_same_seed_same_resamples_other_seed_others():
    assert (resample_counts(20, 30, seed=5) == resample_counts(20, 30, seed=5)).all()
    assert not (resample_counts(20, 30, seed=5) == resample_counts(20, 30, seed=6)).all()


def test_percentile_interval_of_known_estimates():
    interval = percentile_interval(np.arange(101, dtype=float))
    assert (interval.low, interval.high) == pytest.approx((2.5, 97.5))
    assert interval.level == 0.95
    narrow = percentile_interval(np.arange(101, dtype=float), level=0.5)
    assert (narrow.low, narrow.high) == pytest.approx((25.0, 75.0))


def test_undefined_resamples_are_dropped_up_to_a_limit():
    estimates = np.arange(100, dtype=float)
    estimates[:10] = np.nan  # 10 % undefined: still an interval, from the defined ones
    interval = percentile_interval(estimates)
    assert interval.low >= 10
    estimates[:11] = np.nan  # 11 %: refused
    assert percentile_interval(estimates) is None
    assert percentile_interval(np.array([])) is None


def _weighted_mean(values):
    values = np.asarray(values, dtype=float)
    return lambda weights: (weights @ values) / weights.sum(axis=1)


def test_unit_bootstrap_of_a_mean_brackets_it():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    interval = unit_bootstrap(_weighted_mean(values), len(values), resamples=500)
    assert interval.low < 5.5 < interval.high
    assert interval.low >= 1
    assert interval.high <= 10


def test_unit_bootstrap_refuses_too_few_units():
    assert unit_bootstrap(_weighted_mean([1, 2, 3, 4]), 4, min_units=5) is None
    assert unit_bootstrap(_weighted_mean([1, 2, 3, 4]), 4, min_units=4) is not None
    assert unit_bootstrap(_weighted_mean([1]), 1, min_units=0) is None
    assert unit_bootstrap(_weighted_mean([1, 2]), 2, min_units=0, resamples=0) is None


def test_clusters_are_drawn_whole():
    # two units per cluster, and the units of one cluster always agree with each other:
    # resampled clusters keep that, so every resample's mean is a mean of cluster values
    values = [1, 1, 5, 5, 9, 9, 3, 3, 7, 7]
    clusters = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    seen = []

    def statistic(weights):
        seen.append(weights)
        assert (weights[:, 0::2] == weights[:, 1::2]).all()
        return (weights @ np.asarray(values, float)) / weights.sum(axis=1)

    interval = unit_bootstrap(statistic, len(values), clusters=clusters, resamples=200)
    assert seen[0].shape == (200, 10)
    assert (seen[0].sum(axis=1) == 10).all()
    assert interval.low < 5 < interval.high
    # five clusters: below a floor of six nothing is drawn
    assert unit_bootstrap(statistic, len(values), clusters=clusters, min_units=6) is None
