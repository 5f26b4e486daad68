"""Decision rules of a requisition: checking and describing them. Pure: no Flask, no database.

A rule is plain data, as stored on the requisition::

    {"min_rating": 3, "min_areas": 5, "none_below": 2, "text": "..."}

``min_rating`` may be ``"target"`` (each area's expected value), ``min_areas`` may be ``"all"``.
"""

from __future__ import annotations

from typing import Any

from interview.question_bank import Framework


def rule_problems(rule: dict[str, Any], framework: Framework, required_count: int) -> list[str]:
    """What is wrong with ``rule`` for this framework and number of required areas."""
    values = {p.value for p in framework.scale}
    problems = []
    min_rating = rule.get("min_rating")
    if min_rating != "target" and min_rating not in values:
        problems.append("min_rating")
    min_areas = rule.get("min_areas")
    if min_areas != "all" and not (isinstance(min_areas, int) and 1 <= min_areas <= required_count):
        problems.append("min_areas")
    none_below = rule.get("none_below")
    if none_below is not None and none_below not in values:
        problems.append("none_below")
    return problems


def describe_rule(rule: dict[str, Any], required_count: int, gettext) -> str:
    """The rule in plain words, e.g. "At least 5 of 6 areas rated 3 or higher; none below 2."

    ``gettext`` is passed in so this module stays free of Flask.
    """
    if not rule:
        return gettext("No decision rule.")
    min_areas = rule.get("min_areas")
    count = required_count if min_areas == "all" else min_areas
    if rule.get("min_rating") == "target":
        sentence = gettext(
            "At least %(count)s of %(total)s areas at or above their target value.",
            count=count,
            total=required_count,
        )
    else:
        sentence = gettext(
            "At least %(count)s of %(total)s areas rated %(rating)s or higher.",
            count=count,
            total=required_count,
            rating=rule.get("min_rating"),
        )
    if rule.get("none_below") is not None:
        sentence += " " + gettext("No area below %(value)s.", value=rule["none_below"])
    return sentence
