"""The parsed question bank as frozen dataclasses, plus their stable version hash.

Pure: no Flask, no database. ``framework_to_dict``/``framework_from_dict`` turn a
framework into plain data and back, for the snapshot stored with every version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from interview.rules import DecisionRule  # the one rule object, shared with requisitions


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Level:
    id: str
    title: str


@dataclass(frozen=True)
class Question:
    text: str
    outcome_probe: str
    probes: tuple[str, ...] = ()


@dataclass(frozen=True)
class LevelExpectation:
    level_id: str
    text: str


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    definition: str
    questions: tuple[Question, ...]
    indicators: tuple[str, ...] = ()
    expectations: tuple[LevelExpectation, ...] = ()
    evidence: tuple[str, ...] = ()
    description: str = ""
    target: int | None = None

    def expectation(self, level_id: str) -> str | None:
        return next((e.text for e in self.expectations if e.level_id == level_id), None)


@dataclass(frozen=True)
class Section:
    """A named group of areas, so that a framework with many areas stays readable."""

    id: str
    title: str
    area_ids: tuple[str, ...]


@dataclass(frozen=True)
class AreaGroup:
    """Areas shown together: one section, or (``section`` None) all areas of a framework
    without sections."""

    section: Section | None
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    language: str
    scale: tuple[ScalePoint, ...]
    probe: str
    areas: tuple[Area, ...]
    levels: tuple[Level, ...] = ()
    description: str = ""
    body: str = ""
    decision_rule: DecisionRule | None = None
    recommendation: bool = True
    level_allowance: int = 0
    sections: tuple[Section, ...] = ()
    # Ratings that need the long justification and are discussed first; None: both ends.
    extreme_ratings: tuple[int, ...] | None = None
    # Where it was read from; not part of the content, so not part of the version.
    source: str = field(default="", compare=False)

    @cached_property
    def version(self) -> str:
        """A hash of the content: equal content, equal version, wherever it was read from."""
        canonical = json.dumps(
            framework_to_dict(self), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]

    @property
    def has_levels(self) -> bool:
        return bool(self.levels)

    @property
    def question_count(self) -> int:
        return sum(len(a.questions) for a in self.areas)

    @property
    def extreme_values(self) -> frozenset[int]:
        """The scale values that count as extreme (long evidence, discussed first)."""
        if self.extreme_ratings is not None:
            return frozenset(self.extreme_ratings)
        return frozenset({self.scale[0].value, self.scale[-1].value}) if self.scale else frozenset()

    @property
    def area_groups(self) -> tuple[AreaGroup, ...]:
        """The areas by section, in the framework's order; one group without sections."""
        if not self.sections:
            return (AreaGroup(None, self.areas),)
        by_id = {a.id: a for a in self.areas}
        return tuple(
            AreaGroup(s, tuple(by_id[i] for i in s.area_ids if i in by_id)) for s in self.sections
        )

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def scale_point(self, value: int) -> ScalePoint | None:
        return next((p for p in self.scale if p.value == value), None)


@dataclass(frozen=True)
class Bank:
    path: str
    frameworks: tuple[Framework, ...]

    def get(self, framework_id: str) -> Framework | None:
        return next((f for f in self.frameworks if f.id == framework_id), None)


def framework_to_dict(framework: Framework) -> dict[str, Any]:
    data = asdict(framework)
    data.pop("source")
    # Optional features left out while unused, so frameworks written before they existed
    # keep their version hash.
    if not data["sections"]:
        data.pop("sections")
    if data["extreme_ratings"] is None:
        data.pop("extreme_ratings")
    return data


def framework_from_dict(data: dict[str, Any], source: str = "") -> Framework:
    rule = data.get("decision_rule")
    return Framework(
        id=data["id"],
        title=data["title"],
        language=data["language"],
        scale=tuple(ScalePoint(**p) for p in data["scale"]),
        probe=data["probe"],
        areas=tuple(_area_from_dict(a) for a in data["areas"]),
        levels=tuple(Level(**lv) for lv in data.get("levels", ())),
        description=data.get("description", ""),
        body=data.get("body", ""),
        decision_rule=DecisionRule(**rule) if rule else None,
        recommendation=data.get("recommendation", True),
        level_allowance=data.get("level_allowance", 0),
        sections=tuple(
            Section(s["id"], s["title"], tuple(s["area_ids"])) for s in data.get("sections", ())
        ),
        extreme_ratings=_optional_tuple(data.get("extreme_ratings")),
        source=source,
    )


def _area_from_dict(data: dict[str, Any]) -> Area:
    return Area(
        id=data["id"],
        title=data["title"],
        definition=data["definition"],
        questions=tuple(
            Question(q["text"], q["outcome_probe"], tuple(q.get("probes", ())))
            for q in data["questions"]
        ),
        indicators=tuple(data.get("indicators", ())),
        expectations=tuple(LevelExpectation(**e) for e in data.get("expectations", ())),
        evidence=tuple(data.get("evidence", ())),
        description=data.get("description", ""),
        target=data.get("target"),
    )


def _optional_tuple(values: list[int] | None) -> tuple[int, ...] | None:
    return None if values is None else tuple(values)
