"""Consolidation logic, table-driven: expectations, rule evaluation, level estimate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview.question_bank import load_bank
from interview.scoring import (
    Expectation,
    Rating,
    area_results,
    evaluate_rule,
    role_area_ids,
    role_areas,
)
from interview.verdict import words
from tests.bank_builder import soll_bank
from tests.conftest import BANK_PATH
from tests.factories import AREAS


def plain(text, **kw):
    return text % kw


def plain_n(singular, plural, num, **kw):
    return (singular if num == 1 else plural) % {"num": num, **kw}


@pytest.fixture(scope="module")
def am():
    return load_bank(BANK_PATH).get("account-manager")


SENIOR = Expectation(
    required_areas=tuple(AREAS), target_level="senior", overrides={},
    rule={"min_rating": 3, "min_areas": 5, "none_below": 2}, level_allowance=1,
)  # fmt: skip


def ratings(*values) -> list[Rating]:
    """One rating per area in framework order; a tuple gives two raters."""
    result = []
    for area, value in zip(AREAS, values, strict=True):
        for n, v in enumerate(value if isinstance(value, tuple) else (value,)):
            if v == "missing":
                continue
            result.append(Rating(area, f"R{n}", None if v == "n/a" else v))
    return result


@pytest.mark.parametrize(
    ("values", "code", "passing", "text"),
    [
        ((3, 3, 3, 3, 3, 3), "meets", 6, "6 of 6 areas at 3 or higher, none below 2: meets the Senior bar."),
        ((4, 3, 3, 3, 3, 2), "meets", 5, "5 of 6 areas at 3 or higher, none below 2: meets the Senior bar."),
        ((3, 3, 3, 3, 2, 2), "below", 4, "4 of 6 areas at 3 or higher, none below 2 (5 needed): does not meet the Senior bar."),
        ((4, 4, 4, 4, 4, 1), "below", 5, "5 of 6 areas at 3 or higher, below 2: Problemlösung & Eskalation (5 needed): does not meet the Senior bar."),
        ((3, 3, 3, 3, 3, "n/a"), "open", 5, "Not decided yet: Problemlösung & Eskalation at 2 or higher; not yet rated: Problemlösung & Eskalation."),
        ((3, 3, 3, 3, 3, "missing"), "open", 5, "Not decided yet: Problemlösung & Eskalation at 2 or higher; not yet rated: Problemlösung & Eskalation."),
        # decided as soon as it is certain: a broken floor, too few areas left
        ((3, 3, 3, 3, 1, "missing"), "below", 4, "4 of 6 areas at 3 or higher, below 2: Portfolio Management (5 needed): does not meet the Senior bar."),
        ((2, 2, "missing", 3, 3, 3), "below", 3, "3 of 6 areas at 3 or higher (5 needed, at most 4 still possible): does not meet the Senior bar."),
        ((3, 3, 3, "missing", "n/a", 3), "open", 4, "Not decided yet: 1 more area at 3 or higher; Customer Advocacy, Portfolio Management at 2 or higher; not yet rated: Customer Advocacy, Portfolio Management."),
        (((4, 2), 3, 3, 3, 3, 3), "meets", 6, "6 of 6 areas at 3 or higher, none below 2: meets the Senior bar."),
        (((4, 1), 3, 3, 3, 2, 3), "below", 4, "4 of 6 areas at 3 or higher, none below 2 (5 needed): does not meet the Senior bar."),
        (((3, "n/a"), 3, 3, 3, 3, 3), "meets", 6, "6 of 6 areas at 3 or higher, none below 2: meets the Senior bar."),
    ],
)  # fmt: skip
def test_rule_evaluation(am, values, code, passing, text):
    results = area_results(am, SENIOR, ratings(*values))
    rule = evaluate_rule(SENIOR, results)
    assert rule.code == code
    assert rule.passing == passing
    titles = {r.area_id: r.title for r in results}
    assert words(rule, titles, "Senior", plain, plain_n) == text


def test_two_raters_show_both_their_mean_and_the_disagreement(am):
    first = area_results(am, SENIOR, ratings((4, 2), 3, 3, 3, 3, 3))[0]
    assert [r.value for r in first.ratings] == [4, 2]
    assert first.mean == 3
    assert first.disagreement is True
    assert first.gap == 0
    close = area_results(am, SENIOR, ratings((4, 3), 3, 3, 3, 3, 3))[0]
    assert close.mean == 3.5
    assert close.disagreement is False


def test_insufficient_evidence_counts_in_no_mean(am):
    first = area_results(am, SENIOR, ratings((3, "n/a"), 3, 3, 3, 3, 3))[0]
    assert first.mean == 3
    only = area_results(am, SENIOR, ratings("n/a", 3, 3, 3, 3, 3))[0]
    assert only.mean is None
    assert only.state == "insufficient"


@pytest.mark.parametrize(
    ("value", "level", "within"),
    [(4, "Lead", True), (3, "Senior", True), (2, "Mid-Level", True), (1, "Junior", False)],
)
def test_level_estimate_with_one_level_allowance(am, value, level, within):
    result = area_results(am, SENIOR, ratings(value, 3, 3, 3, 3, 3))[0]
    assert result.level_title == level
    assert result.within_allowance is within


def test_level_estimate_of_a_mean_between_points(am):
    result = area_results(am, SENIOR, ratings((3, 2), 3, 3, 3, 3, 3))[0]
    assert result.level_title == "Mid-Level"  # 2.5 does not meet the Senior expectation


def test_lead_target_rated_four_stays_lead(am):
    lead = Expectation(tuple(AREAS), "lead", {}, SENIOR.rule, 1)
    assert area_results(am, lead, ratings(4, 3, 3, 3, 3, 3))[0].level_title == "Lead"


def test_soll_profile_with_five_point_scale(tmp_path):
    framework = load_bank(soll_bank(tmp_path, areas=4)).get("fuehrung")
    ids = [a.id for a in framework.areas]  # targets 2, 3, 4, 5
    expectation = Expectation(tuple(ids), None, {ids[3]: 4}, {"min_rating": "target",
                              "min_areas": "all"})  # fmt: skip
    given = [Rating(ids[0], "A", 2), Rating(ids[1], "A", 4), Rating(ids[2], "A", 4),
             Rating(ids[3], "A", 4)]  # fmt: skip
    results = area_results(framework, expectation, given)
    assert [r.expected for r in results] == [2, 3, 4, 4]
    assert [r.gap for r in results] == [0, 1, 0, 0]
    assert results[0].level_title is None
    rule = evaluate_rule(expectation, results)
    assert rule.code == "meets"
    titles = {r.area_id: r.title for r in results}
    assert words(rule, titles, "target profile", plain, plain_n) == (
        "4 of 4 areas at or above their target: meets the target profile bar."
    )
    short = area_results(framework, expectation, [*given[:3], Rating(ids[3], "A", 3)])
    assert evaluate_rule(expectation, short).code == "below"


def test_optional_areas_do_not_count_in_the_rule(am):
    only_five = Expectation(tuple(AREAS[:5]), "senior", {}, {"min_rating": 3, "min_areas": "all"})
    results = area_results(am, only_five, ratings(3, 3, 3, 3, 3, "missing"))
    assert evaluate_rule(only_five, results).code == "meets"
    assert results[5].required is False


# --- only the role's areas ----------------------------------------------------------------------


def test_role_areas_are_the_required_ones_plus_rated_extras(am):
    required = tuple(a.id for a in am.areas[:2])
    expectation = Expectation(required, "senior", {}, {"min_rating": 3, "min_areas": 2})
    extra = am.areas[4].id
    results = area_results(am, expectation, [Rating(extra, "Anna", 2)])
    shown = role_areas(results)
    assert [r.area_id for r in shown] == [*required, extra]
    assert [r.required for r in shown] == [True, True, False]
    ids = role_area_ids(am, [results, area_results(am, expectation, [])])
    assert ids == [*required, extra]


@given(st.lists(st.integers(min_value=-5, max_value=1000), min_size=1, max_size=60))
def test_area_means_are_the_exact_mean_rounded(values):
    """The mean of integer ratings is the correctly rounded exact mean (what
    ``statistics.mean`` gives), then rounded to two decimals."""
    from statistics import mean

    framework = load_bank(BANK_PATH).get("account-manager")
    given_ratings = [Rating(AREAS[0], f"R{n}", v) for n, v in enumerate(values)]
    result = area_results(framework, SENIOR, given_ratings)[0]
    assert result.area_id == AREAS[0]
    assert result.mean == round(mean(values), 2)
