"""Consolidating scorecards against a role's expectation. Pure: no Flask, no database.

Ratings are compared with what the role expects, never with other candidates:
- frameworks with levels: the expected value in every area is the rule's ``min_rating``
  (for the Account-Manager framework 3, "Erfüllt Erwartungen" at the target level);
- frameworks with a Soll profile: each area's target value (with the requisition's overrides).
"Insufficient evidence" is kept apart: it counts in no mean and no rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from interview.question_bank import Framework
from interview.rules import NO_RULE, DecisionRule
from interview.verdict import RuleResult, decide, outlook

DISAGREEMENT = 2  # raters this many points apart are discussed first


@dataclass(frozen=True)
class Expectation:
    """What one requisition expects (plain data taken from the requisition).

    ``rule`` may be given as stored (a mapping); it is kept as a :class:`DecisionRule`
    (None: no rule, which scores like "every required area at its target"). ``scale`` is
    the framework's scale values: the range an unrated area may still end in."""

    required_areas: tuple[str, ...]
    target_level: str | None
    overrides: dict[str, int]
    rule: DecisionRule | None
    level_allowance: int = 0
    scale: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.rule is not None and not isinstance(self.rule, DecisionRule):
            object.__setattr__(self, "rule", DecisionRule.from_dict(self.rule))

    @property
    def effective_rule(self) -> DecisionRule:
        return self.rule or NO_RULE


@dataclass(frozen=True)
class Rating:
    area_id: str
    rater: str
    value: int | None  # None: insufficient evidence
    evidence: str = ""
    scorecard_id: int | None = None

    @property
    def insufficient(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class AreaResult:
    area_id: str
    title: str
    required: bool
    expected: int | None
    ratings: tuple[Rating, ...]
    mean: float | None
    level_title: str | None = None
    within_allowance: bool | None = None

    @property
    def state(self) -> str:
        """rated, insufficient (only "insufficient evidence" answers) or missing."""
        if self.mean is not None:
            return "rated"
        return "insufficient" if self.ratings else "missing"

    @property
    def gap(self) -> float | None:
        if self.mean is None or self.expected is None:
            return None
        return round(self.mean - self.expected, 2)

    @property
    def spread(self) -> int:
        values = [r.value for r in self.ratings if r.value is not None]
        return max(values) - min(values) if len(values) > 1 else 0

    @property
    def disagreement(self) -> bool:
        return self.spread >= DISAGREEMENT


def expected_value(framework: Framework, area_id: str, expectation: Expectation) -> int | None:
    area = framework.area(area_id)
    if area is None:
        return None
    if not framework.has_levels:
        return expectation.overrides.get(area_id, area.target)
    rule = expectation.rule
    if rule is not None and not rule.against_target:
        return int(rule.min_rating)
    return framework.scale[-2].value  # "meets expectations" sits just below the top


def area_results(
    framework: Framework, expectation: Expectation, ratings: Iterable[Rating]
) -> list[AreaResult]:
    """One result per area of the framework, in framework order."""
    by_area: dict[str, list[Rating]] = {}
    for rating in ratings:
        by_area.setdefault(rating.area_id, []).append(rating)
    results = []
    for area in framework.areas:
        given = tuple(by_area.get(area.id, ()))
        values = [r.value for r in given if r.value is not None]
        expected = expected_value(framework, area.id, expectation)
        # Ratings are integers: int / int is correctly rounded, as statistics.mean is, at
        # a fraction of its cost (a comparison scores thousands of areas).
        average = round(sum(values) / len(values), 2) if values else None
        level_title, within = _level(framework, expectation, expected, average)
        results.append(
            AreaResult(
                area.id,
                area.title,
                area.id in expectation.required_areas,
                expected,
                given,
                average,
                level_title,
                within,
            )  # fmt: skip
        )
    return results


def role_areas(results: Iterable[AreaResult]) -> list[AreaResult]:
    """What a page or export shows of one candidate: the requisition's required areas, plus
    any other area that was actually rated (an extra: ``required`` is False)."""
    return [r for r in results if r.required or r.ratings]


def role_area_ids(framework: Framework, rows: Iterable[Iterable[AreaResult]]) -> list[str]:
    """The same for many candidates (a comparison): the required areas and every area
    rated for anyone, in framework order."""
    shown = {r.area_id for results in rows for r in results if r.required or r.ratings}
    return [area.id for area in framework.areas if area.id in shown]


def _level(
    framework: Framework, expectation: Expectation, expected: int | None, average: float | None
) -> tuple[str | None, bool | None]:
    """Level estimate: a rating at the expected value shows the target level, each point
    above or below one level more or less. External candidates may show up to
    ``level_allowance`` levels below the target (the framework's rule of thumb)."""
    levels = framework.levels
    target = next((i for i, lv in enumerate(levels) if lv.id == expectation.target_level), None)
    if target is None or expected is None or average is None:
        return None, None
    # the highest level whose expectation the (mean) rating still meets
    index = min(target + math.floor(average - expected), len(levels) - 1)
    within = index >= target - expectation.level_allowance
    return (levels[index].title if index >= 0 else None), within


def evaluate_rule(
    expectation: Expectation, results: list[AreaResult], pending: Mapping[str, int] | None = None
) -> RuleResult:
    """Apply the requisition's decision rule to the required areas, deciding as soon as
    the outcome is certain. ``pending``: scorecards still expected per area (planned
    interviews): an unrated area with none is one somebody must be added for."""
    rule = expectation.effective_rule
    scale = expectation.scale or (-math.inf, math.inf)
    low, high = min(scale), max(scale)
    pending = pending or {}
    outlooks = [
        outlook(
            r.area_id,
            r.mean,
            pending.get(r.area_id, 0),
            rule.threshold(r.expected),
            low,
            high,
            insufficient=bool(r.ratings),
        )
        for r in results
        if r.required
    ]
    return decide(rule, outlooks)
