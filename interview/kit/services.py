"""The interview kit: autosaved drafts, submission, amendments, the panel's scorecards."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort, current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from interview import audit, notifications, visibility
from interview.assignments.services import assignment_detail
from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import framework_of
from interview.kit import fields
from interview.models import (
    Answer,
    Application,
    DraftField,
    Interview,
    Loop,
    Requisition,
    Scorecard,
    ScorecardRevision,
    User,
)
from interview.question_bank import Area, Framework


@dataclass
class Kit:
    interview: Interview
    detail: Any  # assignments.services.AssignmentDetail
    framework: Framework
    area: Area
    scorecard: Scorecard | None
    values: dict[str, Any]
    versions: dict[str, int]
    panel: list[Scorecard] | None = None
    problems: list[fields.Problem] = field(default_factory=list)
    ask_probe_confirmation: bool = False

    @property
    def locked(self) -> bool:
        return self.scorecard is not None and self.scorecard.submitted_at is not None


def evidence_rule() -> fields.EvidenceRule:
    config = current_app.config
    return fields.EvidenceRule(config["EVIDENCE_MIN_CHARS"], config["EXTREME_EVIDENCE_MIN_CHARS"])


def find_own_interview(user: User, interview_id: int) -> Interview:
    """The interview with its scorecard, drafts and revisions, for its interviewer only:
    a draft is visible to its author alone (404 for everybody else)."""
    interview = db.session.scalar(
        select(Interview)
        .where(Interview.id == interview_id)
        .options(
            joinedload(Interview.loop)
            .joinedload(Loop.application)
            .options(
                joinedload(Application.candidate),
                joinedload(Application.requisition).joinedload(Requisition.framework_version),
            ),
            joinedload(Interview.scorecard).options(
                selectinload(Scorecard.fields), selectinload(Scorecard.revisions)
            ),
        )
    )
    if interview is None or interview.interviewer_id != user.id:
        abort(404)
    if interview.scorecard is not None and interview.scorecard.author_id != user.id:
        abort(404)
    return interview


def load_kit(user: User, interview: Interview) -> Kit:
    detail = assignment_detail(user, interview, utcnow())
    if detail.area is None:
        abort(404)
    scorecard = interview.scorecard
    values, versions = _draft(scorecard)
    kit = Kit(interview, detail, detail.framework, detail.area, scorecard, values, versions)
    kit.panel = _panel(user, interview, kit.locked)
    return kit


def _draft(scorecard: Scorecard | None) -> tuple[dict[str, Any], dict[str, int]]:
    if scorecard is None:
        return {}, {}
    return (
        {f.key: f.value for f in scorecard.fields},
        {f.key: f.version for f in scorecard.fields},
    )


def _panel(user: User, interview: Interview, own_submitted: bool) -> list[Scorecard] | None:
    """Other interviewers' submitted scorecards for this candidate, or None while
    ``interview.visibility`` keeps the kit's interviewer blind."""
    state = visibility.PanelState.SUBMITTED if own_submitted else visibility.PanelState.PENDING
    facts = visibility.facts_of(user, interview.loop.application.requisition, state)
    if not visibility.kit_panel(facts).allowed:
        return None
    return list(
        db.session.scalars(
            select(Scorecard)
            .join(Interview)
            .where(
                Interview.loop_id == interview.loop_id,
                Interview.id != interview.id,
                Scorecard.submitted_at.is_not(None),
            )
            .options(joinedload(Scorecard.interview).joinedload(Interview.interviewer))
            .order_by(Interview.starts_at)
        )
    )


# --- autosave ---------------------------------------------------------------------------------


def save_changes(user: User, interview: Interview, changes: list[dict]) -> dict[str, Any]:
    """Store autosaved fields. Each change names the version it was based on; a field
    saved elsewhere in between is refused as a conflict (and its current value returned).
    Replaying a change that is already stored counts as saved. Refuses submitted cards."""
    scorecard = _scorecard_for(user, interview)
    if scorecard.submitted_at is not None:
        return {"locked": True, "results": []}
    area = _area(interview)
    framework = _framework(interview)
    results = []
    for change in changes:
        key = change.get("key")
        try:
            value = fields.clean_value(key, change.get("value"), area, framework)
            base = int(change.get("base", 0))
        except (ValueError, TypeError) as exc:
            results.append({"key": key, "status": "invalid", "message": str(exc)})
            continue
        results.append({"key": key, **_save_field(scorecard, key, value, base)})
    return {"locked": False, "results": results}


def _save_field(scorecard: Scorecard, key: str, value: Any, base: int) -> dict[str, Any]:
    if base == 0:
        try:
            with db.session.begin_nested():
                db.session.add(DraftField(scorecard_id=scorecard.id, key=key, value=value))
            return {"status": "saved", "version": 1}
        except IntegrityError:
            pass  # created meanwhile by another tab: fall through to the conflict check
    else:
        result = db.session.execute(
            update(DraftField)
            .where(
                DraftField.scorecard_id == scorecard.id,
                DraftField.key == key,
                DraftField.version == base,
            )
            .values(value=value, version=base + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            return {"status": "saved", "version": base + 1}
    current = db.session.execute(
        select(DraftField.value, DraftField.version).where(
            DraftField.scorecard_id == scorecard.id, DraftField.key == key
        )
    ).one_or_none()
    if current is not None and current.value == value:
        return {"status": "saved", "version": current.version}
    return {
        "status": "conflict",
        "version": current.version if current else 0,
        "value": current.value if current else None,
    }


def _scorecard_for(user: User, interview: Interview) -> Scorecard:
    """The interview's scorecard, created (and pinned to the requisition's framework
    version) on the first save; two tabs creating it at once get the same one."""
    if interview.scorecard is not None:
        return interview.scorecard
    requisition = interview.loop.application.requisition
    try:
        with db.session.begin_nested():
            scorecard = Scorecard(
                interview_id=interview.id,
                author_id=user.id,
                framework_version_id=requisition.framework_version_id,
            )
            db.session.add(scorecard)
    except IntegrityError:
        scorecard = db.session.scalar(select(Scorecard).filter_by(interview_id=interview.id))
    interview.scorecard = scorecard
    return scorecard


def _framework(interview: Interview) -> Framework:
    return framework_of(interview.loop.application.requisition.framework_version)


def _area(interview: Interview) -> Area:
    area = _framework(interview).area(interview.area_key)
    if area is None:
        abort(404)
    return area


def current_state(user: User, interview: Interview) -> dict[str, Any]:
    """The author's draft as JSON: values and versions (for another tab or after a conflict)."""
    scorecard = interview.scorecard
    values, versions = _draft(scorecard)
    return {
        "locked": bool(scorecard and scorecard.submitted_at),
        "fields": {k: {"value": values[k], "version": versions[k]} for k in values},
    }


# --- submission and amendments ---------------------------------------------------------------


@dataclass
class Outcome:
    status: str  # submitted, amended, already, invalid, unchanged
    problems: list[fields.Problem] = field(default_factory=list)
    ask_probe_confirmation: bool = False


def submit(
    user: User, interview: Interview, values: dict[str, Any], *, confirm_no_probe: bool
) -> Outcome:
    """Store the final values and lock the scorecard.

    Refuses (keeping everything as a draft) a missing rating, missing or too short
    evidence, and, until confirmed, a scorecard whose outcome probe was never ticked.
    A second submission (double tap, replayed request) changes nothing.
    """
    scorecard = _scorecard_for(user, interview)
    if scorecard.submitted_at is not None:
        return Outcome("already")
    area, framework = _area(interview), _framework(interview)
    cleaned = _write_all(scorecard, values, area, framework)
    problems = fields.check_submission(cleaned, framework, evidence_rule())
    if problems:
        return Outcome("invalid", problems)
    if fields.no_probe_asked(cleaned, area) and not confirm_no_probe:
        return Outcome("invalid", ask_probe_confirmation=True)
    content = fields.snapshot(cleaned, area)
    now = utcnow()
    locked = db.session.execute(
        update(Scorecard)
        .where(Scorecard.id == scorecard.id, Scorecard.submitted_at.is_(None))
        .values(submitted_at=now, **_columns(content))
        .execution_options(synchronize_session=False)
    )
    if locked.rowcount != 1:
        return Outcome("already")  # another request won the race
    _record(scorecard, user, content, "submitted", None)
    audit.record("submitted", scorecard, f"Scorecard for interview {interview.id}")
    notifications.scorecard_submitted(interview)
    db.session.expire(scorecard)
    return Outcome("submitted")


def amend(user: User, interview: Interview, values: dict[str, Any], reason: str) -> Outcome:
    """Correct a submitted scorecard: the reason is mandatory, the previous version stays
    in the history. Refuses drafts, the same evidence rules as a submission, and an
    amendment that changes nothing (so a replayed request adds no second entry)."""
    scorecard = interview.scorecard
    if scorecard is None or scorecard.submitted_at is None:
        abort(404)
    if len(reason.strip()) < 10:
        return Outcome("invalid", [fields.Problem("reason", "reason_missing", 10)])
    area, framework = _area(interview), _framework(interview)
    cleaned = {k: fields.clean_value(k, v, area, framework) for k, v in values.items()}
    problems = fields.check_submission(cleaned, framework, evidence_rule())
    if problems:
        return Outcome("invalid", problems)
    content = fields.snapshot(cleaned, area)
    if scorecard.revisions and scorecard.revisions[-1].content == content:
        return Outcome("unchanged")
    for key, value in cleaned.items():
        _force_field(scorecard, key, value)
    for name, value in _columns(content).items():
        setattr(scorecard, name, value)
    scorecard.amended_at = utcnow()
    _record(scorecard, user, content, "amended", reason.strip())
    audit.record("amended", scorecard, f"Scorecard for interview {interview.id}: {reason}"[:500])
    return Outcome("amended")


def _write_all(scorecard: Scorecard, values: dict[str, Any], area: Area, framework: Framework):
    """The submitted form is the author's final word: store every field as it came."""
    cleaned = {}
    for key in fields.field_keys(area):
        if key == "recommendation" and not framework.recommendation:
            continue
        default: Any = False if key.endswith("_asked") else ""
        cleaned[key] = fields.clean_value(key, values.get(key, default), area, framework)
        _force_field(scorecard, key, cleaned[key])
    db.session.flush()
    return cleaned


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
    number = len(scorecard.revisions) + 1
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
