"""Group comparisons: means with Hedges' g, proportions with Newcombe's interval."""

from __future__ import annotations

import math

import pytest

from interview.statistics.distributions import t_quantile
from interview.statistics.groups import compare_means, compare_proportions, hedges_g
from interview.statistics.proportions import newcombe_interval, wilson_interval

REMOTE = [2, 3, 4, 3, 4]
ON_SITE = [1, 2, 2, 3, 2]


def test_hedges_g_by_hand():
    g, interval = hedges_g(REMOTE, ON_SITE)
    # means 3.2 and 2.0, variances 0.7 and 0.5, pooled 0.6: d = 1.2 / sqrt(0.6) = 1.549193
    # J = 1 - 3 / (4 * 10 - 9) = 0.903226, g = J * d = 1.399271
    assert g == pytest.approx(1.399271, abs=1e-6)
    # V(d) = 10 / 25 + d^2 / 20 = 0.52; SE(g) = J * sqrt(0.52) = 0.651325
    assert (interval.low, interval.high) == pytest.approx(
        (1.399271 - 1.959964 * 0.651325, 1.399271 + 1.959964 * 0.651325), abs=1e-5
    )


def test_compare_means_by_hand():
    result = compare_means(REMOTE, ON_SITE)
    assert not result.too_few
    assert (result.n_a, result.n_b) == (5, 5)
    assert (result.mean_a, result.mean_b) == pytest.approx((3.2, 2.0))
    assert result.difference == pytest.approx(1.2)
    # Welch: SE = sqrt(0.7 / 5 + 0.5 / 5) = 0.489898, df = 0.24^2 / (0.14^2/4 + 0.1^2/4)
    df = 0.0576 / 0.0074
    half = t_quantile(0.975, df) * math.sqrt(0.24)
    assert result.difference_interval.low == pytest.approx(1.2 - half)
    assert result.difference_interval.high == pytest.approx(1.2 + half)
    assert 2.306 < t_quantile(0.975, df) < 2.365  # between the df 8 and df 7 table values
    assert result.hedges_g == pytest.approx(hedges_g(REMOTE, ON_SITE)[0])


def test_swapping_groups_flips_the_sign():
    forward, backward = compare_means(REMOTE, ON_SITE), compare_means(ON_SITE, REMOTE)
    assert backward.hedges_g == pytest.approx(-forward.hedges_g)
    assert backward.difference_interval.low == pytest.approx(-forward.difference_interval.high)


def test_too_few_shows_no_number():
    result = compare_means(REMOTE, ON_SITE[:4])
    assert result.too_few
    assert (result.n_a, result.n_b) == (5, 4)
    assert result.difference is None
    assert result.hedges_g is None
    assert not compare_means(REMOTE, ON_SITE[:4], min_per_group=4).too_few
    assert compare_means([3], [2], min_per_group=0).too_few  # one value has no spread


def test_no_spread_gives_no_effect_size():
    result = compare_means([3, 3, 3, 3, 3], [2, 2, 2, 2, 2])
    assert result.difference == 1
    assert result.hedges_g is None
    assert (result.difference_interval.low, result.difference_interval.high) == (1, 1)


# Newcombe (1998), Statistics in Medicine 17: "Two-sided confidence intervals for the single
# proportion" and "Interval estimation for the difference between independent proportions"
# (Table II, method 10).
@pytest.mark.parametrize(
    ("successes", "total", "low", "high"),
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
     (1, 29, 0.0061, 0.1718)],
)  # fmt: skip
def test_wilson_interval_published_values(successes, total, low, high):
    interval = wilson_interval(successes, total)
    assert (interval.low, interval.high) == pytest.approx((low, high), abs=5e-5)


@pytest.mark.parametrize(
    ("a", "n_a", "b", "n_b", "low", "high"),
    [(56, 70, 48, 80, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090),
     (6, 7, 2, 7, 0.0582, 0.8062), (5, 56, 0, 29, -0.0381, 0.1926),
     (0, 10, 0, 20, -0.1611, 0.2775), (0, 10, 0, 10, -0.2775, 0.2775),
     (10, 10, 0, 20, 0.6791, 1.0), (10, 10, 0, 10, 0.6075, 1.0)],
)  # fmt: skip
def test_newcombe_interval_published_values(a, n_a, b, n_b, low, high):
    interval = newcombe_interval(a, n_a, b, n_b)
    assert (interval.low, interval.high) == pytest.approx((low, high), abs=5e-5)


def test_compare_proportions():
    result = compare_proportions(56, 70, 48, 80)
    assert (result.rate_a, result.rate_b) == pytest.approx((0.8, 0.6))
    assert result.difference == pytest.approx(0.2)
    assert result.interval == newcombe_interval(56, 70, 48, 80)
    hidden = compare_proportions(3, 4, 10, 20)
    assert hidden.too_few
    assert hidden.difference is None
    assert hidden.interval is None
    assert (hidden.successes_a, hidden.n_a) == (3, 4)


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError, match="successes"):
        compare_proportions(6, 5, 1, 5)
    assert wilson_interval(1, 0) is None
