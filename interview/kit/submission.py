"""Submitting a scorecard and amending it, each under the scorecard's lock.

A submitted form is the author's final word only for the fields it was based on: a field
saved from another tab or device after the form's page was loaded is never overwritten
silently (see ``Conflict``). Amendments name the revision they change, so two devices
amending at once cannot overwrite each other either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interview import audit, notifications, pipeline
from interview.db import utcnow
from interview.extensions import db
from interview.kit import fields
from interview.kit.services import (
    Conflict,
    evidence_rule,
    kit_area,
    kit_framework,
    locked_scorecard,
)
from interview.models import Answer, DraftField, Interview, Scorecard, ScorecardRevision, User
from interview.question_bank import Area, Framework

REASON_MIN_CHARS = 10


@dataclass
class Outcome:
    # submitted, amended, unchanged; refused: already (submitted before), invalid (rules),
    # conflict (a field changed elsewhere), meanwhile (amended elsewhere), draft (not submitted)
    status: str
    problems: list[fields.Problem] = field(default_factory=list)
    ask_probe_confirmation: bool = False
    conflicts: list[Conflict] = field(default_factory=list)


def submit(
    user: User,
    interview: Interview,
    values: dict[str, Any],
    versions: dict[str, int],
    *,
    confirm_no_probe: bool,
) -> Outcome:
    """Store the final values and lock the scorecard.

    ``versions`` are the field versions the form was based on. Refuses, keeping what was
    typed as a draft: fields saved elsewhere since then with other text ("conflict": those
    keep the newer text, the others are stored, nothing is submitted), a missing rating,
    missing or too short evidence, and, until confirmed, a scorecard whose outcome probe
    was never ticked. A second submission (double tap, replayed request, the loser of a
    race between devices) changes nothing ("already").
    """
    scorecard = locked_scorecard(user, interview)
    if scorecard.submitted_at is not None:
        return Outcome("already")
    area, framework = kit_area(interview), kit_framework(interview)
    cleaned = _final_values(values, area, framework)
    conflicts = _write_drafts(scorecard, cleaned, versions)
    if conflicts:
        return Outcome("conflict", conflicts=conflicts)
    problems = fields.check_submission(cleaned, framework, evidence_rule())
    if problems:
        return Outcome("invalid", problems)
    if fields.no_probe_asked(cleaned, area) and not confirm_no_probe:
        return Outcome("invalid", ask_probe_confirmation=True)
    content = fields.snapshot(cleaned, area)
    scorecard.submitted_at = utcnow()
    for name, value in _columns(content).items():
        setattr(scorecard, name, value)
    _record(scorecard, user, content, "submitted", None)
    audit.record("submitted", scorecard, f"Scorecard for interview {interview.id}")
    pipeline.scorecard_submitted(interview)
    notifications.scorecard_submitted(interview)
    return Outcome("submitted")


def amend(
    user: User, interview: Interview, values: dict[str, Any], reason: str, based_on: int
) -> Outcome:
    """Correct a submitted scorecard: the reason is mandatory, the previous version stays
    in the history. ``based_on`` is the number of the revision the form showed.

    Refuses drafts ("draft"), a short reason and the evidence rules of a submission
    ("invalid"), and an amendment of a revision that is no longer the newest
    ("meanwhile": another device amended it; reload and decide again). An amendment that
    changes nothing is not stored ("unchanged"), so a replayed request adds no entry.
    """
    scorecard = locked_scorecard(user, interview)
    if scorecard.submitted_at is None:
        return Outcome("draft")
    if len(reason.strip()) < REASON_MIN_CHARS:
        return Outcome("invalid", [fields.Problem("reason", "reason_missing", REASON_MIN_CHARS)])
    area, framework = kit_area(interview), kit_framework(interview)
    cleaned = {k: fields.clean_value(k, v, area, framework) for k, v in values.items()}
    problems = fields.check_submission(cleaned, framework, evidence_rule())
    if problems:
        return Outcome("invalid", problems)
    content = fields.snapshot(cleaned, area)
    latest = scorecard.revisions[-1] if scorecard.revisions else None
    if latest is not None and latest.content == content:
        return Outcome("unchanged")
    if (latest.number if latest else 0) != based_on:
        return Outcome("meanwhile")
    for key, value in cleaned.items():
        _force_field(scorecard, key, value)
    for name, value in _columns(content).items():
        setattr(scorecard, name, value)
    scorecard.amended_at = utcnow()
    _record(scorecard, user, content, "amended", reason.strip())
    # The reason stays with the revision: the audit trail is read by admins who may sit
    # on this candidate's panel, so it must not carry what the scorecard says.
    number = scorecard.revisions[-1].number
    audit.record("amended", scorecard, f"Scorecard for interview {interview.id}, revision {number}")
    return Outcome("amended")


def _final_values(values: dict[str, Any], area: Area, framework: Framework) -> dict[str, Any]:
    """Every field of the kit, as posted (an unticked box or empty field is absent)."""
    cleaned = {}
    for key in fields.field_keys(area):
        if key == "recommendation" and not framework.recommendation:
            continue
        default: Any = False if key.endswith("_asked") else ""
        cleaned[key] = fields.clean_value(key, values.get(key, default), area, framework)
    return cleaned


def _write_drafts(
    scorecard: Scorecard, cleaned: dict[str, Any], versions: dict[str, int]
) -> list[Conflict]:
    """Store the posted values as the draft, except where the stored field is newer than
    the version the form was based on and says something else: those are returned as
    conflicts and keep the newer value."""
    stored = {f.key: f for f in scorecard.fields}
    conflicts = []
    for key, value in cleaned.items():
        row = stored.get(key)
        base = versions.get(key, 0)
        if row is None:
            scorecard.fields.append(DraftField(key=key, value=value))
        elif row.value == value:
            continue
        elif row.version != base:
            stored_value = fields.readable(row.value)
            conflicts.append(Conflict(key, stored_value, row.version, value, base))
        else:
            row.value = value
            row.version += 1
    db.session.flush()
    return conflicts


def _force_field(scorecard: Scorecard, key: str, value: Any) -> None:
    existing = next((f for f in scorecard.fields if f.key == key), None)
    if existing is None:
        scorecard.fields.append(DraftField(key=key, value=value))
    elif existing.value != value:
        existing.value = value
        existing.version += 1


def _columns(content: dict[str, Any]) -> dict[str, Any]:
    return {
        "rating": content["rating"],
        "insufficient_evidence": content["insufficient_evidence"],
        "evidence": content["evidence"],
        "recommendation": content["recommendation"],
    }


def _record(scorecard: Scorecard, user: User, content: dict, kind: str, reason: str | None):
    """Add the next revision; its number is read under the scorecard's lock."""
    number = max((r.number for r in scorecard.revisions), default=0) + 1
    scorecard.revisions.append(
        ScorecardRevision(
            number=number, kind=kind, reason=reason, author_id=user.id, content=content
        )  # fmt: skip
    )
    _set_answers(scorecard, content["answers"])
    db.session.flush()


def _set_answers(scorecard: Scorecard, answers: list[dict]) -> None:
    """Update the answer rows in place (replacing them would clash on their unique position)."""
    existing = {a.position: a for a in scorecard.answers}
    for position, answer in enumerate(answers):
        row = existing.pop(position, None)
        if row is None:
            row = Answer(position=position)
            scorecard.answers.append(row)
        row.note, row.probe_asked, row.probe_note = (
            answer["note"],
            answer["asked"],
            answer["outcome"],
        )
    for row in existing.values():
        scorecard.answers.remove(row)
