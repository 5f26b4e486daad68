"""The fields of an interview kit and the rules a submission must meet.

Pure: no Flask, no database. Values are plain JSON data keyed by field name:
``q0_note``, ``q0_asked``, ``q0_outcome`` (per question), ``rating`` (a scale value as
text, or ``"insufficient"``), ``evidence``, ``recommendation``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from interview.question_bank import Area, Framework

INSUFFICIENT = "insufficient"
RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")
MAX_TEXT = 20_000
QUESTION_FIELD = re.compile(r"^q(\d{1,3})_(note|asked|outcome)$")


@dataclass(frozen=True)
class EvidenceRule:
    min_chars: int = 20
    extreme_min_chars: int = 150


@dataclass(frozen=True)
class Problem:
    field: str
    code: str  # evidence_missing, evidence_short, rating_missing, ...
    needed: int = 0


def field_keys(area: Area) -> list[str]:
    keys = []
    for index in range(len(area.questions)):
        keys += [f"q{index}_note", f"q{index}_asked", f"q{index}_outcome"]
    return [*keys, "rating", "evidence", "recommendation"]


def clean_value(key: str, value: Any, area: Area, framework: Framework) -> Any:
    """The value to store for ``key``, or ``ValueError`` when it cannot belong there."""
    question = QUESTION_FIELD.match(key)
    if question and int(question.group(1)) < len(area.questions):
        if question.group(2) == "asked":
            if not isinstance(value, bool):
                raise ValueError("expected true or false")
            return value
        return _text(value)
    if key == "evidence":
        return _text(value)
    if key == "rating":
        allowed = {str(p.value) for p in framework.scale} | {INSUFFICIENT, ""}
        if str(value) not in allowed:
            raise ValueError("not a value of the scale")
        return str(value)
    if key == "recommendation" and framework.recommendation:
        if value not in (*RECOMMENDATIONS, ""):
            raise ValueError("unknown recommendation")
        return value
    raise ValueError(f"unknown field {key}")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected text")
    if len(value) > MAX_TEXT:
        raise ValueError(f"longer than {MAX_TEXT} characters")
    return value


def check_submission(
    values: dict[str, Any], framework: Framework, rule: EvidenceRule
) -> list[Problem]:
    """What stops this scorecard from being submitted (empty list: it may be)."""
    problems = []
    rating = str(values.get("rating") or "")
    evidence = (values.get("evidence") or "").strip()
    if not rating:
        problems.append(Problem("rating", "rating_missing"))
    extremes = {str(framework.scale[0].value), str(framework.scale[-1].value)}
    needed = rule.extreme_min_chars if rating in extremes else rule.min_chars
    if not evidence:
        problems.append(Problem("evidence", "evidence_missing", needed))
    elif len(evidence) < needed:
        problems.append(
            Problem(
                "evidence", "evidence_extreme" if rating in extremes else "evidence_short", needed
            )  # fmt: skip
        )
    return problems


def no_probe_asked(values: dict[str, Any], area: Area) -> bool:
    return not any(values.get(f"q{i}_asked") for i in range(len(area.questions)))


def snapshot(values: dict[str, Any], area: Area) -> dict[str, Any]:
    """The submitted record: what results, exports and the history show."""
    rating = str(values.get("rating") or "")
    return {
        "rating": int(rating) if rating and rating != INSUFFICIENT else None,
        "insufficient_evidence": rating == INSUFFICIENT,
        "evidence": (values.get("evidence") or "").strip(),
        "recommendation": values.get("recommendation") or None,
        "answers": [
            {
                "note": values.get(f"q{i}_note") or "",
                "asked": bool(values.get(f"q{i}_asked")),
                "outcome": values.get(f"q{i}_outcome") or "",
            }
            for i in range(len(area.questions))
        ],
    }
