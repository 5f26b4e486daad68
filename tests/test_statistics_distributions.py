"""Student's t and normal quantiles against printed tables."""

from __future__ import annotations

import pytest

from interview.statistics.distributions import (
    incomplete_beta,
    normal_quantile,
    t_cdf,
    t_quantile,
)


@pytest.mark.parametrize(
    ("df", "expected"),
    [(1, 12.706), (2, 4.303), (4, 2.776), (10, 2.228), (30, 2.042), (120, 1.980)],
)
def test_t_quantile_975_matches_the_table(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=5e-4)


@pytest.mark.parametrize(("p", "df", "expected"), [(0.95, 5, 2.015), (0.995, 8, 3.355)])
def test_other_t_quantiles(p, df, expected):
    assert t_quantile(p, df) == pytest.approx(expected, abs=5e-4)


def test_t_is_symmetric_and_centred():
    assert t_quantile(0.5, 3) == 0.0
    assert t_quantile(0.025, 7) == pytest.approx(-t_quantile(0.975, 7))
    assert t_cdf(0.0, 9) == pytest.approx(0.5)
    assert t_cdf(t_quantile(0.9, 6.5), 6.5) == pytest.approx(0.9, abs=1e-9)


def test_non_integer_df_lies_between_its_neighbours():
    assert t_quantile(0.975, 3) < t_quantile(0.975, 2.5) < t_quantile(0.975, 2)


def test_many_df_approach_the_normal():
    assert t_quantile(0.975, 1e7) == pytest.approx(normal_quantile(0.975), abs=1e-5)
    assert normal_quantile(0.975) == pytest.approx(1.959964, abs=1e-6)


def test_incomplete_beta_edges_and_a_closed_form():
    assert incomplete_beta(2, 3, 0) == 0.0
    assert incomplete_beta(2, 3, 1) == 1.0
    # I_x(1, b) = 1 - (1 - x)^b
    assert incomplete_beta(1, 4, 0.3) == pytest.approx(1 - 0.7**4)


@pytest.mark.parametrize(("p", "df"), [(0, 3), (1, 3), (0.5, 0), (0.9, -1)])
def test_t_quantile_refuses_impossible_arguments(p, df):
    with pytest.raises(ValueError, match="t_quantile"):
        t_quantile(p, df)
