"""Validation of ``framework.md``: scale, levels, probe, decision rule."""

from __future__ import annotations

from dataclasses import dataclass

from interview.question_bank.errors import ErrorList
from interview.question_bank.fields import ID_PATTERN, Fields, cut_message, slug
from interview.question_bank.markdown_doc import Document
from interview.question_bank.model import DecisionRule, Level, ScalePoint
from interview.question_bank.yaml_lines import LineDict, LineList, looks_cut
from interview.rules import is_whole_number

FRAMEWORK_KEYS = {
    "id",
    "title",
    "language",
    "description",
    "scale",
    "levels",
    "probe",
    "decision_rule",
    "recommendation",
    "level_allowance",
    "sections",
    "extreme_ratings",
}
SCALE_POINT_KEYS = {"value", "label", "anchor"}
RULE_KEYS = {"min_rating", "min_areas", "none_below", "text"}
MIN_SCALE, MAX_SCALE = 3, 7


@dataclass
class FrameworkHead:
    """Everything of a framework except its areas."""

    id: str
    title: str
    language: str
    description: str
    body: str
    scale: tuple[ScalePoint, ...]
    levels: tuple[Level, ...]
    probe: str
    rule_meta: LineDict | None
    recommendation: bool
    level_allowance: int
    sections_meta: LineList | None = None
    extreme_ratings: tuple[int, ...] | None = None


def read_head(doc: Document, errors: ErrorList) -> FrameworkHead | None:
    before = len(errors)
    f = Fields(doc.path, doc.meta, errors, FRAMEWORK_KEYS)
    framework_id = f.identifier()
    title = f.text("title")
    language = f.text("language")
    description = f.text("description", required=False) or ""
    probe = f.text("probe")
    scale = _scale(f)
    levels = _levels(f)
    recommendation = f.flag("recommendation", True)
    allowance = f.integer("level_allowance", minimum=0) or 0
    if allowance and allowance >= max(len(levels), 1):
        f.error("level_allowance", "'level_allowance' must be smaller than the number of levels")
    rule_meta = doc.meta.get("decision_rule")
    if rule_meta is not None and not isinstance(rule_meta, LineDict):
        f.error("decision_rule", "'decision_rule' must be a mapping")
        rule_meta = None
    sections_meta = doc.meta.get("sections")
    if sections_meta is not None and not (isinstance(sections_meta, LineList) and sections_meta):
        f.error("sections", "'sections' must be a list of sections, each with 'title' and 'areas'")
        sections_meta = None
    extremes = _extreme_ratings(f, scale)
    if len(errors) > before or None in (framework_id, title, language, probe):
        return None
    return FrameworkHead(
        framework_id, title, language, description, doc.intro, scale, levels, probe,
        rule_meta, recommendation, allowance, sections_meta, extremes,
    )  # fmt: skip


def _extreme_ratings(f: Fields, scale: tuple[ScalePoint, ...]) -> tuple[int, ...] | None:
    """The optional list of scale values that need the long justification."""
    raw = f.meta.get("extreme_ratings")
    if raw is None:
        return None
    if not isinstance(raw, LineList):
        f.error("extreme_ratings", "'extreme_ratings' must be a list of scale values, e.g. [1, 5]")
        return None
    values = {p.value for p in scale}
    seen: list[int] = []
    for index, item in enumerate(raw):
        if not is_whole_number(item) or (values and item not in values):
            shown = ", ".join(str(v) for v in sorted(values))
            f.errors.add(
                f.path,
                raw.line_of(index),
                f"'extreme_ratings' may only list values of the scale ({shown})",
            )
        elif item in seen:
            f.errors.add(f.path, raw.line_of(index), f"'extreme_ratings' lists {item} twice")
        else:
            seen.append(item)
    return tuple(sorted(seen))


def _scale(f: Fields) -> tuple[ScalePoint, ...]:
    raw = f.meta.get("scale")
    if raw is None:
        f.errors.add(f.path, f.meta.line, "missing required key 'scale'")
        return ()
    if not isinstance(raw, LineList) or not MIN_SCALE <= len(raw) <= MAX_SCALE:
        f.error("scale", f"'scale' must list {MIN_SCALE} to {MAX_SCALE} points")
        return ()
    points: list[ScalePoint] = []
    for index, item in enumerate(raw):
        if not isinstance(item, LineDict):
            f.errors.add(f.path, raw.line_of(index), "a scale point needs 'value' (and 'label')")
            continue
        p = Fields(f.path, item, f.errors, SCALE_POINT_KEYS)
        value = item.get("value")
        if isinstance(value, bool) or not isinstance(value, int):
            f.errors.add(
                f.path, item.line_of("value"), "scale point 'value' must be a whole number"
            )
            continue
        points.append(
            ScalePoint(value, p.text("label", required=False), p.text("anchor", required=False))
        )
    values = [p.value for p in points]
    if len(points) == len(raw) and values != sorted(set(values)):
        f.error("scale", "scale values must be unique and in ascending order")
    if len(points) == len(raw):
        for index in (0, len(points) - 1):
            if not points[index].label:
                f.errors.add(
                    f.path,
                    raw.line_of(index),
                    f"the end point {points[index].value} of the scale needs a 'label'",
                )
    return tuple(points)


def _levels(f: Fields) -> tuple[Level, ...]:
    raw = f.meta.get("levels")
    if raw is None:
        return ()
    if not isinstance(raw, LineList) or not raw:
        f.error("levels", "'levels' must be a list of level titles, lowest first")
        return ()
    levels: list[Level] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        line = raw.line_of(index)
        if isinstance(item, LineDict):
            lv = Fields(f.path, item, f.errors, {"id", "title"})
            title = lv.text("title")
            level_id = lv.text("id", required=False) or slug(title or "")
        elif isinstance(item, str) and looks_cut(raw.comments.get(index)):
            f.errors.add(f.path, line, cut_message("the level title", raw.comments[index]))
            continue
        elif isinstance(item, str) and item.strip():
            title, level_id = item.strip(), slug(item)
        else:
            f.errors.add(f.path, line, "a level is a title or a mapping with 'title' and 'id'")
            continue
        if not title:
            continue
        if not ID_PATTERN.match(level_id):
            f.errors.add(
                f.path, line, f"level id '{level_id}' must be lower-case letters, digits and dashes"
            )
        elif level_id in seen:
            f.errors.add(f.path, line, f"duplicate level '{level_id}'")
        else:
            seen.add(level_id)
            levels.append(Level(level_id, title))
    return tuple(levels)


RULE_MESSAGES = {
    "min_rating": "'min_rating' must be a scale value or 'target'",
    "min_areas": "'min_areas' must be 'all' or a number from 1 to {count} (the number of areas)",
    "none_below": "'none_below' must be a scale value",
}


def read_rule(
    path: str, meta: LineDict, errors: ErrorList, scale: tuple[ScalePoint, ...], area_count: int
) -> DecisionRule | None:
    """The default decision rule; needs the scale and the number of areas to check ranges
    (the checks are the rule's own, the same the requisition form uses)."""
    before = len(errors)
    f = Fields(path, meta, errors, RULE_KEYS)
    rule = DecisionRule(
        meta.get("min_rating"), meta.get("min_areas"), meta.get("none_below"),
        f.text("text", required=False),
    )  # fmt: skip
    for problem in rule.problems([p.value for p in scale], area_count):
        errors.add(path, meta.line_of(problem), RULE_MESSAGES[problem].format(count=area_count))
    if len(errors) > before:
        return None
    return rule
