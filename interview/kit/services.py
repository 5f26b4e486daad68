"""The interview kit: autosaved drafts, submission, amendments, the panel's scorecards."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask import abort, current_app
from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, lazyload, selectinload

from interview import visibility
from interview.assignments.services import assignment_detail
from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import framework_of
from interview.kit import fields, locking
from interview.models import (
    Application,
    DraftField,
    Interview,
    Loop,
    Requisition,
    Scorecard,
    User,
)
from interview.question_bank import Area, Framework


@dataclass(frozen=True)
class Conflict:
    """A field a submitted form would have overwritten although it was saved elsewhere
    after the form's page was loaded: both texts are shown, the author chooses."""

    key: str
    stored: Any
    version: int
    posted: Any
    base: int


@dataclass(frozen=True)
class Revision:
    """One entry of a scorecard's history, ready to show."""

    number: int
    kind: str
    reason: str | None
    created_at: Any
    content: dict[str, Any]


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
    conflicts: dict[str, Conflict] = field(default_factory=dict)
    amended_meanwhile: bool = False

    @property
    def locked(self) -> bool:
        return self.scorecard is not None and self.scorecard.submitted_at is not None

    @property
    def history(self) -> list[Revision]:
        """The scorecard's revisions, oldest first (text made safe to render)."""
        if self.scorecard is None:
            return []
        return [
            Revision(r.number, r.kind, fields.readable(r.reason), r.created_at,
                     fields.readable(r.content))
            for r in self.scorecard.revisions
        ]  # fmt: skip

    @property
    def revision_number(self) -> int:
        """The newest revision's number: an amendment names it as the version it changes."""
        revisions = self.scorecard.revisions if self.scorecard is not None else []
        return revisions[-1].number if revisions else 0


def evidence_rule() -> fields.EvidenceRule:
    config = current_app.config
    return fields.EvidenceRule(config["EVIDENCE_MIN_CHARS"], config["EXTREME_EVIDENCE_MIN_CHARS"])


def find_own_interview(user: User, interview_id: int, *, draft: bool = True) -> Interview:
    """The interview with its scorecard and (with ``draft``) the draft's fields, for its
    interviewer only: a draft is visible to its author alone (404 for everybody else).
    An autosave needs no draft: it reads the fields it changes under its lock."""
    query = _own_interview_query(draft)
    interview = db.session.scalar(query, {"interview_id": interview_id})
    if interview is None or interview.interviewer_id != user.id:
        abort(404)
    if interview.scorecard is not None and interview.scorecard.author_id != user.id:
        abort(404)
    return interview


@cache
def _own_interview_query(draft: bool) -> Select:
    """Built once: every kit request and every autosave runs it, and building a statement
    with this many loader options cost about as much as running it.

    The interviewer is the signed-in user and the kit never shows the requisition's
    owner: loading either would cost a query for their roles. Revisions load when used
    (a submitted scorecard, a submission), not for every draft and autosave."""
    return (
        select(Interview)
        .where(Interview.id == bindparam("interview_id"))
        .options(
            lazyload(Interview.interviewer),
            joinedload(Interview.loop)
            .joinedload(Loop.application)
            .options(
                joinedload(Application.candidate),
                joinedload(Application.requisition).options(
                    lazyload(Requisition.owner), joinedload(Requisition.framework_version)
                ),
            ),
            joinedload(Interview.scorecard).options(
                (selectinload if draft else lazyload)(Scorecard.fields),
                lazyload(Scorecard.revisions),
            ),
        )
    )


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
    """Values and versions of the draft fields. A value stored before unpaired surrogates
    were refused is shown with U+FFFD in their place (saving it again cleans it)."""
    if scorecard is None:
        return {}, {}
    return (
        {f.key: fields.readable(f.value) for f in scorecard.fields},
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
    """Store autosaved fields (``changes`` as read by ``payload.autosave_changes``). Each
    change names the version it was based on; a field saved elsewhere in between is
    refused as a conflict (and its current value returned). Replaying a change that is
    already stored counts as saved. Refuses submitted cards, and per field unknown keys and
    values the field cannot hold (``status: invalid`` with a ``code``; that field keeps
    what it had)."""
    # A requisition's framework version is fixed once interviews are planned: read it
    # before the lock, which expires what was loaded.
    area = kit_area(interview)
    framework = kit_framework(interview)
    scorecard = locked_scorecard(user, interview, shared=True)
    if scorecard.submitted_at is not None:
        return {"locked": True, "results": []}
    results = []
    for change in changes:
        key = change["key"]
        try:
            value = fields.clean_value(key, change["value"], area, framework)
        except fields.FieldError as error:
            results.append({"key": key, "status": "invalid", "code": error.code,
                            "limit": error.limit})  # fmt: skip
            continue
        results.append({"key": key, **_save_field(scorecard, key, value, change["base"])})
    return {"locked": False, "results": results}


def locked_scorecard(user: User, interview: Interview, *, shared: bool = False) -> Scorecard:
    """The interview's scorecard (created on the first save), locked until the request
    ends and re-read under that lock: a decision taken on what it says now cannot be
    overtaken by another request (see ``locking``). ``shared`` lets autosaves run side by
    side while a submission or amendment waits for them, and they for it."""
    locking.take_write_lock()
    scorecard = _scorecard_for(user, interview)
    locking.lock_row(scorecard.id, shared=shared)
    # everything read before the lock may be stale: read it again
    db.session.expire_all()
    return scorecard


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
        "value": fields.readable(current.value) if current else None,
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


def kit_framework(interview: Interview) -> Framework:
    return framework_of(interview.loop.application.requisition.framework_version)


def kit_area(interview: Interview) -> Area:
    area = kit_framework(interview).area(interview.area_key)
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
