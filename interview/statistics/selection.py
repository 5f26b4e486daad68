"""Selection rates per group at one stage (met the rule, hired), with the four-fifths
ratio and Fisher's exact test against the group with the highest rate.

The four-fifths rule (US Uniform Guidelines, 29 CFR 1607.4 D) reads a group's rate below
80 % of the highest rate as a sign of adverse impact. With small groups both the ratio and
the test swing on one person, so each group carries a small-sample warning: fewer than
``small_group`` people, or an expected count below five (selected or not, at the pooled
rate), the usual rule of thumb. Below ``min_per_group`` a group shows no figures at all.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from interview.statistics.fisher import fisher_exact

FOUR_FIFTHS = 0.8
SMALL_GROUP = 30
MIN_PER_GROUP = 5
MIN_EXPECTED = 5


@dataclass(frozen=True)
class GroupRate:
    group: Hashable
    selected: int
    total: int
    too_few: bool
    small_sample: bool
    rate: float | None = None
    impact_ratio: float | None = None  # rate / highest rate; None for an all-zero stage
    adverse: bool = False  # impact ratio below four fifths
    p_value: float | None = None  # Fisher's exact test against the reference group


@dataclass(frozen=True)
class StageRates:
    groups: tuple[GroupRate, ...]
    reference: Hashable | None  # the group with the highest rate, None if none qualifies

    @property
    def small_sample(self) -> bool:
        return any(g.small_sample for g in self.groups)


def selection_rates(
    counts: Mapping[Hashable, tuple[int, int]],
    ratio: float = FOUR_FIFTHS,
    min_per_group: int = MIN_PER_GROUP,
    small_group: int = SMALL_GROUP,
) -> StageRates:
    """``counts`` maps each group to (selected, total) at one stage; the caller chooses the
    denominator (everyone who applied, or who reached the stage). Groups keep their order."""
    for selected, total in counts.values():
        if not 0 <= selected <= total:
            raise ValueError("selected must lie between 0 and the group's total")
    shown = {g: c for g, c in counts.items() if c[1] >= max(min_per_group, 1)}
    reference = max(shown, key=lambda g: shown[g][0] / shown[g][1], default=None)
    everyone = sum(t for _, t in counts.values())
    pooled = sum(s for s, _ in counts.values()) / everyone if everyone else 0.0
    groups = []
    for group, (selected, total) in counts.items():
        expected = min(pooled, 1 - pooled) * total
        small = total < small_group or expected < MIN_EXPECTED
        if group not in shown or reference is None:
            groups.append(GroupRate(group, selected, total, True, small))
            continue
        best_selected, best_total = shown[reference]
        best = best_selected / best_total
        rate = selected / total
        impact = rate / best if best else None
        p_value = None if group == reference else fisher_exact(
            selected, total - selected, best_selected, best_total - best_selected
        )  # fmt: skip
        adverse = impact is not None and impact < ratio
        groups.append(GroupRate(group, selected, total, False, small, rate, impact, adverse,
                                p_value))  # fmt: skip
    return StageRates(tuple(groups), reference)
