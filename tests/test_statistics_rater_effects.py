"""Rater effects: differences on shared candidates only, intervals, shrinkage, held back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview.statistics.rater_effects import differences, effect_of, rater_effects
from interview.statistics.records import RatingRecord

PROPERTY = settings(max_examples=80, deadline=None, derandomize=True, database=None)


def R(candidate, area, rater, value):
    return RatingRecord(candidate, area, rater, value)


RECORDS = [
    R("c1", "A", "ann", 4), R("c1", "A", "bob", 2), R("c1", "B", "cem", 3),
    R("c2", "A", "ann", 3), R("c2", "B", "bob", 2), R("c2", "B", "cem", None),
    R("c3", "A", "dan", 4),  # alone on c3: nothing to compare with
    R("c4", "B", "eve", None), R("c4", "A", "ann", 2),  # eve only said "insufficient"
]  # fmt: skip


def test_differences_against_co_raters_and_panel():
    found = differences(RECORDS)
    # ann: c1/A against bob (4 - 2); c2: no co-rater on A, the panel is bob's 2 (cem had
    # insufficient evidence); c4: eve gave no rating, so nothing to compare
    assert found["ann"] == ([2.0], [2.0, 1.0])
    assert found["bob"] == ([-2.0], [-2.0, -1.0])
    # cem: no co-rater on B; the panel on c1 is ann and bob, mean 3
    assert found["cem"] == ([], [0.0])
    assert found["dan"] == ([], [])
    assert found["eve"] == ([], [])
    assert list(found) == ["ann", "bob", "cem", "dan", "eve"]


def test_a_rater_is_never_compared_with_themself():
    records = [R("c1", "A", "ann", 4), R("c1", "B", "ann", 1), R("c1", "A", "bob", 3)]
    co, panel = differences(records)["ann"]
    assert co == [1.0]  # only bob's rating of A
    assert panel == [1.0, -2.0]  # B has no co-rater: bob's ratings of c1, never ann's own


def test_effect_by_hand():
    effect = effect_of([1, 2, 3, 4, 5], min_n=5, prior_strength=5)
    # mean 3, sd 1.5811, t(.975, 4) = 2.7764: raw half-width 2.7764 * 1.5811 / sqrt(5)
    assert not effect.held_back
    assert effect.n == 5
    assert effect.raw == pytest.approx(3.0)
    assert (effect.raw_interval.low, effect.raw_interval.high) == pytest.approx(
        (3 - 1.9632, 3 + 1.9632), abs=1e-4
    )
    # shrunk: 3 * 5 / (5 + 5) = 1.5, half-width 2.7764 * 1.5811 / sqrt(10) = 1.3882
    assert effect.estimate == pytest.approx(1.5)
    assert (effect.interval.low, effect.interval.high) == pytest.approx(
        (1.5 - 1.3882, 1.5 + 1.3882), abs=1e-4
    )


def test_held_back_below_min_n_shows_no_number():
    effect = effect_of([1.0, 1.0, 2.0], min_n=4)
    assert effect.held_back
    assert effect.n == 3
    assert (effect.raw, effect.estimate, effect.raw_interval, effect.interval) == (None,) * 4
    assert not effect_of([1.0, 1.0, 2.0, 0.0], min_n=4).held_back
    assert effect_of([1.0], min_n=0).held_back  # one difference has no spread


@PROPERTY
@given(
    st.lists(st.integers(min_value=-3, max_value=3), min_size=2, max_size=15),
    st.floats(min_value=0.5, max_value=20),
)
def test_shrinkage_fades_as_n_grows(base, strength):
    small = effect_of(base, min_n=2, prior_strength=strength)
    large = effect_of(base * 3, min_n=2, prior_strength=strength)  # same mean, triple n
    assert large.raw == pytest.approx(small.raw)
    assert abs(small.estimate) <= abs(large.estimate) + 1e-12
    assert abs(large.estimate) <= abs(large.raw) + 1e-12
    if small.raw:
        assert small.estimate * small.raw > 0  # shrinks toward zero, never past it


def test_no_prior_no_shrinkage():
    effect = effect_of([1, 0, 1, 1, 2], prior_strength=0)
    assert effect.estimate == pytest.approx(effect.raw)
    assert effect.interval == effect.raw_interval


def test_rater_effects_report():
    records = [
        R(f"c{i}", "A", rater, value)
        for i in range(6)
        for rater, value in (("ann", 4), ("bob", 3), ("cem", 3))
    ]
    effects = {e.rater: e for e in rater_effects(records, min_n=5, prior_strength=4)}
    ann = effects["ann"]
    assert ann.against_co_raters.n == 6
    assert ann.against_co_raters.raw == pytest.approx(1.0)  # 4 - mean(3, 3) every time
    assert ann.against_co_raters.estimate == pytest.approx(6 / 10)
    # no spread at all: the interval is the point
    assert ann.against_co_raters.raw_interval.low == pytest.approx(1.0)
    assert effects["bob"].against_panel.raw == pytest.approx(-0.5)
    held = {e.rater: e for e in rater_effects(records, min_n=7)}
    assert held["ann"].against_co_raters.held_back
