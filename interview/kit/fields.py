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
MAX_KEY = 64  # the length of draft_fields.key
MAX_VERSION = 2**31 - 1  # the largest INTEGER on PostgreSQL
QUESTION_FIELD = re.compile(r"^q(\d{1,3})_(note|asked|outcome)$")
# A lone UTF-16 surrogate cannot be encoded as UTF-8: stored, it breaks every page showing it.
SURROGATE = re.compile(r"[\ud800-\udfff]")


class FieldError(ValueError):
    """Why a value cannot be stored. ``code`` names the rule, so the message shown beside
    the field can be translated: unknown_field, not_boolean, not_text, too_long, nul,
    surrogate, not_on_scale, unknown_recommendation, bad_key, bad_base."""

    def __init__(self, code: str, limit: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.limit = limit


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
                raise FieldError("not_boolean")
            return value
        return _text(value)
    if key == "evidence":
        return _text(value)
    if key == "rating":
        allowed = {str(p.value) for p in framework.scale} | {INSUFFICIENT, ""}
        if isinstance(value, bool) or not isinstance(value, str | int) or str(value) not in allowed:
            raise FieldError("not_on_scale")
        return str(value)
    if key == "recommendation" and framework.recommendation:
        if not isinstance(value, str) or value not in (*RECOMMENDATIONS, ""):
            raise FieldError("unknown_recommendation")
        return value
    raise FieldError("unknown_field")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError("not_text")
    if len(value) > MAX_TEXT:
        raise FieldError("too_long", MAX_TEXT)
    check_text(value)
    return value


def check_text(value: str) -> None:
    """Refuse what no database stores as text: NUL (PostgreSQL) and unpaired surrogates
    (not encodable as UTF-8; JSON lets them through as ``\\ud800``)."""
    if "\x00" in value:
        raise FieldError("nul")
    if SURROGATE.search(value):
        raise FieldError("surrogate")


def check_key(key: Any) -> str:
    """A change's field name: a short string (the field rules then say whether it exists)."""
    if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY:
        raise FieldError("bad_key")
    try:
        check_text(key)
    except FieldError:
        raise FieldError("bad_key") from None
    return key


def check_version(value: Any) -> int:
    """A field version as sent by a client: an integer 0 <= v < 2**31 (no bool, no float)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VERSION:
        raise FieldError("bad_base")
    return value


def readable(value: Any) -> Any:
    """``value`` with every unpaired surrogate replaced by U+FFFD, in strings, lists and
    dicts: text stored before such input was refused must still render."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [readable(v) for v in value]
    if isinstance(value, dict):
        return {k: readable(v) for k, v in value.items()}
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
    extremes = {str(v) for v in framework.extreme_values}
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
