"""Pure logic: loop coverage and decision-rule checks/descriptions."""

from __future__ import annotations

import pytest

from interview.loops.coverage import coverage
from interview.question_bank import load_bank
from interview.rules import describe_rule, rule_problems
from tests.bank_builder import soll_bank
from tests.conftest import BANK_PATH


@pytest.mark.parametrize(
    ("required", "assigned", "missing", "doubled", "extra", "complete"),
    [
        (["a", "b", "c"], ["a", "b", "c"], (), (), (), True),
        (["a", "b", "c"], ["a", "c"], ("b",), (), (), False),
        (["a", "b"], ["a", "a", "b"], (), ("a",), (), True),
        (["a"], ["a", "z"], (), (), ("z",), True),
        (["a", "b"], [], ("a", "b"), (), (), False),
    ],
)
def test_coverage(required, assigned, missing, doubled, extra, complete):
    result = coverage(required, assigned)
    assert result.missing == missing
    assert result.doubled == doubled
    assert result.extra == extra
    assert result.complete is complete


@pytest.fixture(scope="module")
def am():
    return load_bank(BANK_PATH).get("account-manager")


def plain(text, **kw):
    return text % kw


@pytest.mark.parametrize(
    ("rule", "problems"),
    [
        ({"min_rating": 3, "min_areas": 5, "none_below": 2}, []),
        ({"min_rating": "target", "min_areas": "all"}, []),
        ({"min_rating": 9, "min_areas": 5}, ["min_rating"]),
        ({"min_rating": 3, "min_areas": 7}, ["min_areas"]),
        ({"min_rating": 3, "min_areas": 0}, ["min_areas"]),
        ({"min_rating": 3, "min_areas": 2, "none_below": 0}, ["none_below"]),
    ],
)
def test_rule_problems(am, rule, problems):
    assert rule_problems(rule, am, required_count=6) == problems


def test_describe_rule(am):
    rule = {"min_rating": 3, "min_areas": 5, "none_below": 2}
    assert describe_rule(rule, 6, plain) == (
        "At least 5 of 6 areas rated 3 or higher. No area below 2."
    )


def test_describe_soll_rule(tmp_path):
    framework = load_bank(soll_bank(tmp_path, areas=5)).get("fuehrung")
    rule = {"min_rating": "target", "min_areas": "all"}
    assert rule_problems(rule, framework, 5) == []
    assert describe_rule(rule, 5, plain) == (
        "At least 5 of 5 areas at or above their target value."
    )
