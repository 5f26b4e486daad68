"""The decision rule's verdict, as early as it is certain. Pure: no Flask, no database.

Each required area has an *outlook*: the lowest and highest mean it can still end with.
A rated area keeps its mean (submitted scorecards count as they are, as on the page); an
area without a rating may still get any rating on the scale (from a planned interviewer,
or from one added for it).

- "below" as soon as an area is certainly under the floor, or fewer areas than needed
  can still pass;
- "meets" as soon as enough areas pass whatever comes and no area can still end under
  the floor;
- otherwise "open", and the words say what is still needed.

Both verdicts are exact: "open" means one completion of the missing ratings meets the
rule and another does not (``tests/test_verdict.py`` checks this over the whole rule space).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from interview.rules import NO_RULE, DecisionRule

Gettext = Callable[..., str]


@dataclass(frozen=True)
class Outlook:
    """What one required area's mean can still become."""

    area_id: str
    low: float
    high: float
    threshold: float  # the mean it needs to pass
    rated: bool  # has a mean now
    pending: int = 0  # scorecards still expected on it
    insufficient: bool = False  # answered, but only with "insufficient evidence"

    @property
    def final(self) -> bool:
        return self.low == self.high

    @property
    def stuck(self) -> bool:
        """Without a rating and with nobody on the way: someone must be added."""
        return not self.rated and not self.pending


def outlook(
    area_id: str,
    mean: float | None,
    pending: int,
    threshold: float,
    low: float,
    high: float,
    *,
    insufficient: bool = False,
) -> Outlook:
    """The range of means an area can end with: its mean, or the whole scale while it has
    none. ``pending``: scorecards still expected on it (nobody on the way: "stuck")."""
    if mean is None:
        return Outlook(area_id, low, high, threshold, False, pending, insufficient)
    return Outlook(area_id, mean, mean, threshold, True, pending, insufficient)


@dataclass(frozen=True)
class RuleResult:
    """The rule's verdict over the required areas, decided as soon as it is certain.

    ``passing`` counts the areas that pass whatever is still to come (also while open),
    ``possible`` those that still can."""

    decidable: bool
    met: bool | None
    passing: int = 0
    needed: int = 0
    total: int = 0
    floor: int | None = None
    below_floor: tuple[str, ...] = ()  # certainly under the floor
    undecided: tuple[str, ...] = field(default_factory=tuple)  # may still change
    possible: int = 0
    unrated: tuple[str, ...] = ()  # no rating yet (missing or only insufficient evidence)
    floor_open: tuple[str, ...] = ()  # may still end under the floor
    stuck: tuple[str, ...] = ()  # no rating and nobody on the way
    stuck_insufficient: tuple[str, ...] = ()  # ... of these, answered "insufficient evidence"
    rule: DecisionRule = NO_RULE

    @property
    def code(self) -> str:
        """meets, below or open: for sorting, badges and exports."""
        if not self.decidable:
            return "open"
        return "meets" if self.met else "below"


def decide(rule: DecisionRule, outlooks: Sequence[Outlook]) -> RuleResult:
    """The verdict of ``rule`` over the required areas' outlooks."""
    total = len(outlooks)
    needed = rule.needed(total)
    floor = rule.none_below
    passing = sum(1 for o in outlooks if o.low >= o.threshold)
    possible = sum(1 for o in outlooks if o.high >= o.threshold)
    below_floor = tuple(o.area_id for o in outlooks if floor is not None and o.high < floor)
    floor_open = tuple(o.area_id for o in outlooks if floor is not None and o.low < floor <= o.high)
    if below_floor or possible < needed:
        decidable, met = True, False
    elif passing >= needed and not floor_open:
        decidable, met = True, True
    else:
        decidable, met = False, None
    return RuleResult(
        decidable, met, passing, needed, total, floor, below_floor,
        undecided=tuple(o.area_id for o in outlooks if not o.final),
        possible=possible,
        unrated=tuple(o.area_id for o in outlooks if not o.rated),
        floor_open=floor_open,
        stuck=tuple(o.area_id for o in outlooks if o.stuck),
        stuck_insufficient=tuple(o.area_id for o in outlooks if o.stuck and o.insufficient),
        rule=rule,
    )  # fmt: skip


# --- in words ------------------------------------------------------------------------------


def words(
    result: RuleResult,
    titles: dict[str, str],
    bar: str,
    gettext: Gettext,
    ngettext: Callable[..., str],
) -> str:
    """The verdict in plain words: "5 of 6 areas at 3 or higher, none below 2: meets the
    Senior bar", or, while open, what is still needed."""

    def names(ids: Sequence[str]) -> str:
        return ", ".join(titles.get(a, a) for a in ids)

    if not result.decidable:
        return _open_words(result, names, gettext, ngettext)
    rule = result.rule
    if rule.against_target:
        counted = gettext(
            "%(passing)s of %(total)s areas at or above their target",
            passing=result.passing, total=result.total,
        )  # fmt: skip
    else:
        counted = gettext(
            "%(passing)s of %(total)s areas at %(rating)s or higher",
            passing=result.passing, total=result.total, rating=rule.min_rating,
        )  # fmt: skip
    if result.below_floor:
        counted += gettext(
            ", below %(floor)s: %(areas)s", floor=result.floor, areas=names(result.below_floor)
        )
    elif result.floor is not None and not result.floor_open:
        counted += gettext(", none below %(floor)s", floor=result.floor)
    if result.met:
        return gettext("%(counted)s: meets the %(bar)s bar.", counted=counted, bar=bar)
    if result.possible < result.needed and result.possible > result.passing:
        return gettext(
            "%(counted)s (%(needed)s needed, at most %(possible)s still possible): does not "
            "meet the %(bar)s bar.",
            counted=counted, needed=result.needed, possible=result.possible, bar=bar,
        )  # fmt: skip
    return gettext(
        "%(counted)s (%(needed)s needed): does not meet the %(bar)s bar.",
        counted=counted, needed=result.needed, bar=bar,
    )  # fmt: skip


def _open_words(result: RuleResult, names, gettext: Gettext, ngettext) -> str:
    needs = []
    more = result.needed - result.passing
    if more > 0:
        bar = result.rule.bar(gettext)
        needs.append(
            ngettext("%(num)s more area %(bar)s", "%(num)s more areas %(bar)s", more, bar=bar)
        )
    if result.floor_open:
        needs.append(
            gettext(
                "%(areas)s at %(floor)s or higher",
                areas=names(result.floor_open),
                floor=result.floor,
            )  # fmt: skip
        )
    if result.unrated:
        needs.append(gettext("not yet rated: %(areas)s", areas=names(result.unrated)))
    return gettext("Not decided yet: %(needs)s.", needs="; ".join(needs))


def next_steps(result: RuleResult, titles: dict[str, str], gettext: Gettext) -> list[str]:
    """What to do so an open verdict can be reached: areas nobody can rate any more."""
    if result.decidable:
        return []
    steps = []
    for area_id in result.stuck:
        title = titles.get(area_id, area_id)
        if area_id in result.stuck_insufficient:
            steps.append(gettext(
                "%(area)s has only “insufficient evidence”: add a second interviewer on this "
                "area.", area=title,
            ))  # fmt: skip
        else:
            steps.append(gettext(
                "%(area)s has no interviewer yet: add one to the loop.", area=title
            ))  # fmt: skip
    return steps
