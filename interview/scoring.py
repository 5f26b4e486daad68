"""Consolidating scorecards against a role's expectation. Pure: no Flask, no database.

Ratings are compared with what the role expects, never with other candidates:
- frameworks with levels: the expected value in every area is the rule's ``min_rating``
  (for the Account-Manager framework 3, "Erfüllt Erwartungen" at the target level);
- frameworks with a Soll profile: each area's target value (with the requisition's overrides).
"Insufficient evidence" is kept apart: it counts in no mean and no rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from interview.question_bank import Framework

DISAGREEMENT = 2  # raters this many points apart are discussed first


@dataclass(frozen=True)
class Expectation:
    """What one requisition expects (plain data taken from the requisition)."""

    required_areas: tuple[str, ...]
    target_level: str | None
    overrides: dict[str, int]
    rule: dict[str, Any]
    level_allowance: int = 0


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


@dataclass(frozen=True)
class RuleResult:
    decidable: bool
    met: bool | None
    passing: int = 0
    needed: int = 0
    total: int = 0
    floor: int | None = None
    below_floor: tuple[str, ...] = ()
    undecided: tuple[str, ...] = field(default_factory=tuple)

    @property
    def code(self) -> str:
        """meets, below or open: for sorting, badges and exports."""
        if not self.decidable:
            return "open"
        return "meets" if self.met else "below"


def expected_value(framework: Framework, area_id: str, expectation: Expectation) -> int | None:
    area = framework.area(area_id)
    if area is None:
        return None
    if not framework.has_levels:
        return expectation.overrides.get(area_id, area.target)
    min_rating = expectation.rule.get("min_rating")
    if isinstance(min_rating, int):
        return min_rating
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
        average = round(mean(values), 2) if values else None
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


def evaluate_rule(expectation: Expectation, results: list[AreaResult]) -> RuleResult:
    """Apply the requisition's decision rule to the required areas.

    Not decidable while a required area is unrated or has only "insufficient evidence".
    """
    rule = expectation.rule or {}
    required = [r for r in results if r.required]
    undecided = tuple(r.area_id for r in required if r.mean is None)
    total = len(required)
    needed = total if rule.get("min_areas") == "all" else int(rule.get("min_areas") or total)
    floor = rule.get("none_below")
    if undecided:
        return RuleResult(False, None, needed=needed, total=total, floor=floor,
                          undecided=undecided)  # fmt: skip

    def threshold(result: AreaResult) -> float:
        if rule.get("min_rating") == "target" or rule.get("min_rating") is None:
            return result.expected if result.expected is not None else 0
        return rule["min_rating"]

    passing = sum(1 for r in required if r.mean >= threshold(r))
    below = tuple(r.area_id for r in required if floor is not None and r.mean < floor)
    met = passing >= needed and not below
    return RuleResult(True, met, passing, needed, total, floor, below)


def explain(
    expectation: Expectation,
    result: RuleResult,
    titles: dict[str, str],
    bar: str,
    gettext: Callable[..., str],
) -> str:
    """The rule's outcome in plain words, e.g. "5 of 6 areas at 3 or higher, none below 2:
    meets the Senior bar". ``bar`` names the expectation (a level title or "target profile")."""
    rule = expectation.rule or {}
    if not result.decidable:
        names = ", ".join(titles.get(a, a) for a in result.undecided)
        return gettext("Not decidable yet: %(areas)s without a rating.", areas=names)
    if rule.get("min_rating") in ("target", None):
        counted = gettext(
            "%(passing)s of %(total)s areas at or above their target",
            passing=result.passing, total=result.total,
        )  # fmt: skip
    else:
        counted = gettext(
            "%(passing)s of %(total)s areas at %(rating)s or higher",
            passing=result.passing, total=result.total, rating=rule["min_rating"],
        )  # fmt: skip
    if result.floor is not None and not result.below_floor:
        counted += gettext(", none below %(floor)s", floor=result.floor)
    elif result.below_floor:
        names = ", ".join(titles.get(a, a) for a in result.below_floor)
        counted += gettext(", below %(floor)s: %(areas)s", floor=result.floor, areas=names)
    if result.met:
        return gettext("%(counted)s: meets the %(bar)s bar.", counted=counted, bar=bar)
    return gettext(
        "%(counted)s (%(needed)s needed): does not meet the %(bar)s bar.",
        counted=counted, needed=result.needed, bar=bar,
    )  # fmt: skip
