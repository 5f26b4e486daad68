"""The decision rule of a framework or requisition: one typed object, its checks and its
wording. Pure: no Flask, no database.

The bank (``decision_rule`` in ``framework.md``), the requisition (its JSON column and its
form), scoring, the page and the exports all use :class:`DecisionRule`. Stored as plain
data::

    {"min_rating": 3, "min_areas": 5, "none_below": 2, "text": "..."}

``min_rating`` may be ``"target"`` (each area's expected value), ``min_areas`` may be
``"all"``. ``text`` is a free note next to the rule; the rule in words is always generated
from the rule itself (:meth:`DecisionRule.describe`), so the two cannot contradict.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

TARGET = "target"
ALL = "all"
# The checks' findings, by field (the bank and the form word them for their readers).
PROBLEM_FIELDS = ("min_rating", "min_areas", "none_below")

Gettext = Callable[..., str]


def is_whole_number(value: Any) -> bool:
    """An int that is not a bool (YAML's ``true`` is not a count or a rating)."""
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class DecisionRule:
    """E.g. "at least 5 areas rated 3 or higher, none below 2".

    The field names are part of every stored framework version (its hash): keep them.
    """

    min_rating: int | Literal["target"]
    min_areas: int | Literal["all"]
    none_below: int | None = None
    text: str | None = None  # a free note, never the rule's wording

    # --- plain data -----------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> DecisionRule | None:
        """The rule stored on a requisition (None for "no rule": an empty mapping)."""
        if not data:
            return None
        return cls(
            min_rating=data.get("min_rating", TARGET),
            min_areas=data.get("min_areas", ALL),
            none_below=data.get("none_below"),
            text=data.get("text") or None,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    # --- checks -----------------------------------------------------------------------------

    def problems(self, scale: Collection[int], area_count: int) -> list[str]:
        """The fields (of ``PROBLEM_FIELDS``) that do not fit a scale and a number of areas.

        Robust against any value a YAML file or a form may carry (lists, booleans...)."""
        values = set(scale)

        def on_scale(value: Any) -> bool:
            # whole number first: a list is unhashable, and True == 1
            return is_whole_number(value) and value in values

        found = []
        if self.min_rating != TARGET and not on_scale(self.min_rating):
            found.append("min_rating")
        count_ok = is_whole_number(self.min_areas) and 1 <= self.min_areas <= area_count
        if self.min_areas != ALL and not count_ok:
            found.append("min_areas")
        if self.none_below is not None and not on_scale(self.none_below):
            found.append("none_below")
        return found

    # --- meaning ----------------------------------------------------------------------------

    @property
    def against_target(self) -> bool:
        return self.min_rating == TARGET

    def needed(self, total: int) -> int:
        """How many of ``total`` required areas must pass."""
        return total if self.min_areas == ALL else int(self.min_areas)

    def threshold(self, expected: float | None) -> float:
        """The rating an area needs: the fixed ``min_rating`` or the area's expected value."""
        if self.against_target:
            return expected if expected is not None else 0
        return float(self.min_rating)

    # --- wording ----------------------------------------------------------------------------

    def bar(self, gettext: Gettext) -> str:
        """The passing mark in words: "at 3 or higher" or "at or above their target"."""
        if self.against_target:
            return gettext("at or above their target")
        return gettext("at %(rating)s or higher", rating=self.min_rating)

    def describe(self, total: int, gettext: Gettext) -> str:
        """The rule in plain words, e.g. "At least 5 of 6 areas rated 3 or higher. No area
        below 2." ``gettext`` is passed in so this module stays free of Flask."""
        if self.against_target:
            sentence = gettext(
                "At least %(count)s of %(total)s areas at or above their target value.",
                count=self.needed(total),
                total=total,
            )
        else:
            sentence = gettext(
                "At least %(count)s of %(total)s areas rated %(rating)s or higher.",
                count=self.needed(total),
                total=total,
                rating=self.min_rating,
            )
        if self.none_below is not None:
            sentence += " " + gettext("No area below %(value)s.", value=self.none_below)
        return sentence


# The rule that applies when a requisition has none: every required area at its target.
NO_RULE = DecisionRule(TARGET, ALL)


def default_rule(bank_rule: DecisionRule | None, has_levels: bool, meets: int) -> DecisionRule:
    """A new requisition's rule: the framework's, without its note (the note was written
    for one level and one rule); otherwise ``meets`` ("meets expectations") in all areas, or
    every area at its target for frameworks with a Soll profile."""
    if bank_rule is not None:
        return DecisionRule(bank_rule.min_rating, bank_rule.min_areas, bank_rule.none_below)
    return DecisionRule(meets if has_levels else TARGET, ALL)


def describe_rule(
    rule: DecisionRule | Mapping[str, Any] | None, total: int, gettext: Gettext
) -> str:
    """The rule in words, or "No decision rule." (stored rules may be plain mappings)."""
    if rule is not None and not isinstance(rule, DecisionRule):
        rule = DecisionRule.from_dict(rule)
    if rule is None:
        return gettext("No decision rule.")
    return rule.describe(total, gettext)
