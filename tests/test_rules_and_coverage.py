"""Pure logic: loop coverage and decision-rule checks/descriptions."""

from __future__ import annotations

import pytest

from interview.loops.coverage import coverage
from interview.question_bank import load_bank
from interview.rules import DecisionRule, default_rule, describe_rule
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
    scale = [p.value for p in am.scale]
    assert DecisionRule.from_dict(rule).problems(scale, area_count=6) == problems


@pytest.mark.parametrize("odd", [True, [3], {"a": 1}, "3", 3.0, None])
def test_rule_problems_survive_any_value(am, odd):
    """The bank and the form share this check; YAML can carry anything."""
    rule = DecisionRule(odd, odd, odd if odd is not None else 0)
    assert rule.problems([1, 2, 3, 4], 6) == ["min_rating", "min_areas", "none_below"]


def test_rule_round_trips_as_stored_data(am):
    rule = am.decision_rule
    assert isinstance(rule, DecisionRule)
    assert DecisionRule.from_dict(rule.to_dict()) == rule
    assert DecisionRule.from_dict({}) is None
    assert describe_rule({}, 6, plain) == "No decision rule."


def test_default_rule_drops_the_frameworks_note(am):
    rule = default_rule(am.decision_rule, am.has_levels, 3)
    assert (rule.min_rating, rule.min_areas, rule.none_below, rule.text) == (3, 5, 2, None)
    assert default_rule(None, False, 3) == DecisionRule("target", "all")


def test_describe_rule(am):
    rule = {"min_rating": 3, "min_areas": 5, "none_below": 2}
    assert describe_rule(rule, 6, plain) == (
        "At least 5 of 6 areas rated 3 or higher. No area below 2."
    )


def test_describe_soll_rule(tmp_path):
    framework = load_bank(soll_bank(tmp_path, areas=5)).get("fuehrung")
    rule = {"min_rating": "target", "min_areas": "all"}
    assert DecisionRule.from_dict(rule).problems([p.value for p in framework.scale], 5) == []
    assert describe_rule(rule, 5, plain) == (
        "At least 5 of 5 areas at or above their target value."
    )


def test_framework_page_words_the_rule_from_the_rule(client, login_as):
    login_as("interviewer")
    page = client.get("/frameworks/account-manager", headers={"Accept-Language": "en"}).text
    shown = page[page.index("Decision rule:") :]
    assert "At least 5 of 6 areas rated 3 or higher. No area below 2." in shown[:300]
    assert "Für Senior ist in mindestens fünf" in shown  # the bank's note, beside it


def test_the_bank_words_every_problem_a_rule_can_have():
    from interview.question_bank.framework_file import RULE_MESSAGES
    from interview.rules import PROBLEM_FIELDS

    assert set(RULE_MESSAGES) == set(PROBLEM_FIELDS)
