"""Agreement: ICC and Krippendorff's alpha against published values, and their properties."""

from __future__ import annotations

import math
import random

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview.statistics.agreement import (
    Options,
    agreement_report,
    alpha_figure,
    icc_figure,
    units_by_area,
)
from interview.statistics.alpha import LEVELS, krippendorff_alpha
from interview.statistics.bands import Band, Floor, Thresholds, band_of
from interview.statistics.icc import icc1, shrout_fleiss
from interview.statistics.records import RatingRecord, rater_pairs

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None)

# Shrout & Fleiss (1979), Table 2: 6 targets (rows) rated by the same 4 judges (columns).
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E: four
# observers (rows) and twelve units (columns), None where an observer gave no value.
_ = None
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]
KRIPPENDORFF_UNITS = [list(unit) for unit in zip(*KRIPPENDORFF_2011, strict=True)]


# --- published values ------------------------------------------------------------------------


def test_shrout_fleiss_reference_values():
    result = shrout_fleiss(SHROUT_FLEISS)
    # the paper's Table 2 mean squares, then its three single-rater ICCs
    assert (round(result.ms_between, 2), round(result.ms_within, 2)) == (11.24, 6.26)
    assert (round(result.ms_judges, 2), round(result.ms_error, 2)) == (32.49, 1.02)
    assert (round(result.icc1, 2), round(result.icc2, 2), round(result.icc3, 2)) == (
        0.17, 0.29, 0.71,
    )  # fmt: skip


def test_one_way_icc_of_a_complete_matrix_is_shrout_and_fleiss_icc1():
    assert icc1(SHROUT_FLEISS) == pytest.approx(shrout_fleiss(SHROUT_FLEISS).icc1)
    assert round(icc1(SHROUT_FLEISS), 2) == 0.17


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_reference_values(level, expected):
    assert round(krippendorff_alpha(KRIPPENDORFF_UNITS, level), 3) == expected


def test_shrout_fleiss_refuses_ragged_or_tiny_matrices():
    with pytest.raises(ValueError, match="complete matrix"):
        shrout_fleiss([[1, 2], [3]])
    with pytest.raises(ValueError, match="complete matrix"):
        shrout_fleiss([[1, 2]])


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="level of measurement"):
        krippendorff_alpha(KRIPPENDORFF_UNITS, "circular")


# --- the unbalanced one-way ICC --------------------------------------------------------------


def _anova_icc1(units):
    """The one-way ANOVA estimator written out longhand, as a second derivation."""
    n = len(units)
    total = sum(len(u) for u in units)
    grand = sum(sum(u) for u in units) / total
    ssb = sum(len(u) * (sum(u) / len(u) - grand) ** 2 for u in units)
    ssw = sum((x - sum(u) / len(u)) ** 2 for u in units for x in u)
    msb, msw = ssb / (n - 1), ssw / (total - n)
    n0 = (total - sum(len(u) ** 2 for u in units) / total) / (n - 1)
    return (msb - msw) / (msb + (n0 - 1) * msw)


def test_unbalanced_icc1_by_hand():
    units = [[4, 3], [2, 2, 1], [3, 4, 4, 3], [1, 2], [3, 3, 2]]
    # by hand: N = 14 ratings of n = 5 candidates, grand mean 37/14 = 2.6429;
    # SSB = 9.8810, SSW = 3.3333, MSB = 9.8810 / 4 = 2.4702, MSW = 3.3333 / 9 = 0.3704,
    # n0 = (14 - 42/14) / 4 = 2.75; ICC = (2.4702 - 0.3704) / (2.4702 + 1.75 * 0.3704) = 0.6734
    assert icc1(units) == pytest.approx(0.6734, abs=5e-5)
    assert icc1(units) == pytest.approx(_anova_icc1(units))


def test_insufficient_evidence_is_missing_not_a_score():
    with_none = [[4, 3, None], [2, None, 2, 1], [3, 4], [None, 1, 2], [None, 3]]
    without = [[4, 3], [2, 2, 1], [3, 4], [1, 2]]  # the last unit keeps a single rating
    assert icc1(with_none) == pytest.approx(icc1(without))
    for level in LEVELS:
        assert krippendorff_alpha(with_none, level) == pytest.approx(
            krippendorff_alpha(without, level)
        )


# --- properties ------------------------------------------------------------------------------

ratings = st.integers(min_value=1, max_value=4)
units_strategy = st.lists(
    st.lists(st.one_of(ratings, ratings, ratings, st.none()), min_size=2, max_size=4),
    min_size=2,
    max_size=25,
)


@PROPERTY
@given(st.lists(st.tuples(ratings, st.integers(min_value=2, max_value=4)), min_size=2, max_size=20))
def test_perfect_agreement_gives_one(truth):
    units = [[value] * raters for value, raters in truth]
    if len({value for value, _ in truth}) < 2:
        # nobody varied: alpha and the ICC are 0/0, reported as undefined, not as 1
        assert krippendorff_alpha(units) is None
        assert icc1(units) is None
        return
    for level in LEVELS:
        assert krippendorff_alpha(units, level) == pytest.approx(1.0)
    assert icc1(units) == pytest.approx(1.0)


@PROPERTY
@given(units_strategy, st.randoms(use_true_random=False))
def test_invariant_to_rater_order_and_candidate_order(units, rng):
    shuffled = [rng.sample(unit, len(unit)) for unit in units]
    rng.shuffle(shuffled)
    for level in LEVELS:
        _same(krippendorff_alpha(units, level), krippendorff_alpha(shuffled, level))
    _same(icc1(units), icc1(shuffled))


def _same(a, b):
    assert (a is None) == (b is None)
    if a is not None:
        assert a == pytest.approx(b, abs=1e-9)


@PROPERTY
@given(units_strategy)
def test_alpha_agrees_with_the_krippendorff_package(units):
    ours = krippendorff_alpha(units, "ordinal")
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    values = {v for u in pairable for v in u if v is not None}
    if len(pairable) < 2 or len(values) < 2:
        assert ours is None
        return
    width = max(len(u) for u in units)
    matrix = [[np.nan if v is None else v for v in u] + [np.nan] * (width - len(u)) for u in units]
    for level in LEVELS:
        theirs = krippendorff.alpha(np.array(matrix, dtype=float).T, level_of_measurement=level)
        assert krippendorff_alpha(units, level) == pytest.approx(theirs, abs=1e-9)


@pytest.mark.parametrize(
    "units",
    [[], [[None, None], [None]], [[3, 4]], [[3], [4], [2]], [[2, 3, None], [None, None]]],
)
def test_too_little_data_gives_none_not_a_crash(units):
    for level in LEVELS:
        assert krippendorff_alpha(units, level) is None
    assert icc1(units) is None


# --- figures: floor, band, interval ----------------------------------------------------------


def _rng(seed):
    return random.Random(seed)  # noqa: S311  (test data, not secrets)


def _well_behaved(rng, candidates=40):
    """Candidates spread over the scale, two or three raters, now and then one point off."""
    units = []
    for _ in range(candidates):
        truth = rng.randint(1, 4)
        units.append([
            min(4, max(1, truth + (rng.choice((-1, 1)) if rng.random() < 0.2 else 0)))
            for _ in range(rng.choice((2, 2, 3)))
        ])  # fmt: skip
    return units


@PROPERTY
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=20, max_value=60))
def test_bootstrap_interval_contains_the_estimate(seed, candidates):
    units = _well_behaved(_rng(seed), candidates)
    options = Options(floor=Floor(units=10, pairs=10), resamples=300)
    for figure in (icc_figure(units, options), alpha_figure(units, options)):
        assert figure.shown
        assert figure.interval is not None
        assert figure.value in figure.interval


def test_figures_are_reproducible_and_depend_on_the_seed():
    units = _well_behaved(_rng(7))
    first, again = alpha_figure(units), alpha_figure(units)
    assert first == again
    other = alpha_figure(units, Options(seed=99))
    assert other.value == first.value
    assert other.interval != first.interval


def test_below_the_floor_the_figure_is_hidden():
    units = [[1, 1], [2, 2], [3, 3], [4, 4, 4]]  # perfect, but only 4 candidates and 6 pairs
    for figure in (icc_figure(units), alpha_figure(units)):
        assert figure.band is Band.TOO_FEW
        assert (figure.units, figure.pairs) == (4, 6)
        assert figure.value is None
        assert figure.interval is None
        assert not figure.shown
    lenient = Options(floor=Floor(units=4, pairs=6))
    assert alpha_figure(units, lenient).value == pytest.approx(1.0)
    assert alpha_figure(units, lenient).band is Band.RELIABLE
    assert alpha_figure(units, Options(floor=Floor(units=4, pairs=7))).band is Band.TOO_FEW


def test_no_variation_is_undefined_not_perfect():
    units = [[3, 3]] * 12
    for figure in (icc_figure(units), alpha_figure(units)):
        assert figure.band is Band.UNDEFINED
        assert figure.value is None


def test_pairs_count_rater_pairs_on_pairable_units_only():
    units = [[1, 2], [1, 2, 3], [4, None], [None, None], [2, 3, 4, 1]]
    figure = alpha_figure(units, Options(floor=Floor(units=1, pairs=1)))
    assert (figure.units, figure.pairs) == (3, 1 + 3 + 6)
    assert rater_pairs([(1, 2), (1, 2, 3)]) == 4


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0.95, Band.RELIABLE), (0.80, Band.RELIABLE), (0.7999, Band.TENTATIVE),
        (0.667, Band.TENTATIVE), (0.6669, Band.DISCUSS), (-0.2, Band.DISCUSS),
        (None, Band.UNDEFINED),
    ],
)  # fmt: skip
def test_bands(value, band):
    assert band_of(value) is band


def test_bands_follow_configured_thresholds():
    assert band_of(0.75, Thresholds(reliable=0.7, tentative=0.5)) is Band.RELIABLE
    assert band_of(0.45, Thresholds(reliable=0.7, tentative=0.5)) is Band.DISCUSS


# --- the report per area and per framework ---------------------------------------------------


def _records(units_per_area):
    return [
        RatingRecord(f"c{c}", area, f"r{r}", value)
        for area, units in units_per_area.items()
        for c, unit in enumerate(units)
        for r, value in enumerate(unit)
    ]


def test_report_per_area_and_pooled_for_the_framework():
    rng = _rng(3)
    per_area = {"renewal": _well_behaved(rng, 30), "upsell": _well_behaved(rng, 25)}
    per_area["advocacy"] = [[3], [2]]  # no second rater: too few to say
    report = agreement_report(_records(per_area))
    assert [a.area for a in report.areas] == ["renewal", "upsell", "advocacy"]
    by_area = {a.area: a for a in report.areas}
    for area in ("renewal", "upsell"):
        assert by_area[area].alpha.value == pytest.approx(krippendorff_alpha(per_area[area]))
        assert by_area[area].icc.value == pytest.approx(icc1(per_area[area]))
        assert by_area[area].alpha.units == len(per_area[area])
    assert by_area["advocacy"].alpha.band is Band.TOO_FEW
    pooled = per_area["renewal"] + per_area["upsell"]
    assert report.framework.area is None
    assert report.framework.alpha.value == pytest.approx(krippendorff_alpha(pooled))
    assert report.framework.icc.units == len(pooled)
    assert report.framework.alpha.interval is not None


def test_units_by_area_groups_ratings_of_one_candidate():
    records = [
        RatingRecord("ann", "renewal", "x", 3),
        RatingRecord("bob", "renewal", "x", 2),
        RatingRecord("ann", "renewal", "y", None),
        RatingRecord("ann", "upsell", "z", 4),
    ]
    assert units_by_area(records) == {
        "renewal": {"ann": [3, None], "bob": [2]},
        "upsell": {"ann": [4]},
    }


def test_alpha_and_icc_are_finite_or_none_on_extreme_data():
    units = [[1, 4], [4, 1], [1, 4], [4, 1]]  # systematic disagreement
    value = krippendorff_alpha(units, "interval")
    assert value is not None
    assert math.isfinite(value)
    assert value < 0
    assert icc1(units) < 0


def test_clusters_resample_candidates_whole():
    rng = _rng(11)
    units = _well_behaved(rng, 30)
    distinct = alpha_figure(units, clusters=[f"u{i}" for i in range(len(units))])
    assert distinct == alpha_figure(units)  # one label per unit: plain unit resampling
    by_pairs = alpha_figure(units, clusters=[i // 2 for i in range(len(units))])
    assert by_pairs.value == distinct.value
    assert by_pairs.interval != distinct.interval
