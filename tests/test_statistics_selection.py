"""Selection rates: Fisher's exact test, the four-fifths ratio, small-sample warnings."""

from __future__ import annotations

from math import comb

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview.statistics.fisher import fisher_exact
from interview.statistics.selection import selection_rates

PROPERTY = settings(max_examples=100, deadline=None, derandomize=True, database=None)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ((3, 1, 1, 3), 0.4857),  # Fisher's lady tasting tea
        ((2, 10, 15, 3), 0.0005367),  # R's fisher.test help page, "Convictions" of twins
        ((1, 9, 11, 3), 0.002759),  # the dieting example on Wikipedia's "Fisher's exact test"
        ((0, 5, 5, 0), 2 / comb(10, 5)),  # complete separation: the two extreme tables
        ((2, 2, 2, 2), 1.0),
        ((0, 0, 0, 0), 1.0),
    ],
)
def test_fisher_exact_known_values(table, expected):
    assert fisher_exact(*table) == pytest.approx(expected, rel=1e-3)


counts = st.integers(min_value=0, max_value=25)


@PROPERTY
@given(counts, counts, counts, counts)
def test_fisher_is_a_probability_unchanged_by_transposing_or_swapping(a, b, c, d):
    p = fisher_exact(a, b, c, d)
    assert 0 < p <= 1
    assert fisher_exact(a, c, b, d) == pytest.approx(p)  # transposed
    assert fisher_exact(c, d, a, b) == pytest.approx(p)  # rows swapped
    assert fisher_exact(b, a, d, c) == pytest.approx(p)  # columns swapped


def test_fisher_refuses_negative_counts():
    with pytest.raises(ValueError, match="negative"):
        fisher_exact(1, -1, 2, 3)


def test_four_fifths_ratio_against_the_highest_rate():
    stage = selection_rates({"internal": (48, 80), "external": (12, 40), "other": (25, 50)})
    assert stage.reference == "internal"
    internal, external, other = stage.groups
    assert internal.rate == pytest.approx(0.6)
    assert internal.impact_ratio == pytest.approx(1.0)
    assert internal.p_value is None
    assert external.impact_ratio == pytest.approx(0.3 / 0.6)
    assert external.adverse
    assert external.p_value == pytest.approx(fisher_exact(12, 28, 48, 32))
    assert external.p_value < 0.01
    assert other.impact_ratio == pytest.approx(0.5 / 0.6)
    assert not other.adverse  # 0.83: above four fifths
    assert not any(g.small_sample for g in stage.groups)


def test_small_groups_carry_a_warning_and_tiny_ones_no_figures():
    stage = selection_rates({"remote": (9, 12), "on-site": (30, 60), "few": (1, 3)})
    remote, onsite, few = stage.groups
    assert remote.small_sample  # fewer than 30 people
    assert not onsite.small_sample
    assert stage.small_sample
    assert few.too_few
    assert few.rate is None
    assert few.p_value is None
    assert (few.selected, few.total) == (1, 3)
    assert stage.reference == "remote"  # the highest rate among groups that are shown
    rare = selection_rates({"a": (2, 100), "b": (1, 100)})
    assert all(g.small_sample for g in rare.groups)  # two expected hires per group


def test_nobody_selected_gives_no_ratio():
    stage = selection_rates({"a": (0, 40), "b": (0, 40)})
    assert all(g.impact_ratio is None and not g.adverse for g in stage.groups)
    assert selection_rates({}).reference is None


def test_configurable_ratio_and_floor():
    counts = {"a": (30, 40), "b": (21, 40)}
    assert selection_rates(counts).groups[1].adverse  # 0.7
    assert not selection_rates(counts, ratio=0.6).groups[1].adverse
    assert selection_rates(counts, min_per_group=41).reference is None


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError, match="selected"):
        selection_rates({"a": (5, 4)})
