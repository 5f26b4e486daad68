"""What the quality figures read, from the database: one row per submitted scorecard of a
scope (one requisition, or every requisition on one framework), in a fixed number of
queries however many candidates there are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import select

from interview.extensions import db
from interview.models import (
    Answer,
    Application,
    Candidate,
    FrameworkVersion,
    Interview,
    Loop,
    Requisition,
    Scorecard,
    User,
)


@dataclass
class CardRow:
    """One submitted scorecard with what every figure needs. ``value`` is None for
    "insufficient evidence"."""

    card_id: int
    application_id: int
    requisition_id: int
    candidate: str
    internal: bool
    interviewer_id: int
    interviewer: str
    area: str
    value: int | None
    evidence: str
    mode: str | None
    starts_at: datetime
    ends_at: datetime
    submitted_at: datetime
    notes: int = 0  # answers (questions) with a note
    answered: int = 0  # answer rows
    probes_ticked: int = 0
    texts: list[str] = field(default_factory=list)  # notes and outcome notes

    @property
    def text(self) -> str:
        return "\n".join([self.evidence, *self.texts])


def scope_requisitions(
    requisition_id: int | None = None, framework_key: str | None = None
) -> list[Requisition]:
    """One requisition, or every requisition on the framework (any version); one query."""
    query = select(Requisition).order_by(Requisition.id)
    if requisition_id is not None:
        query = query.where(Requisition.id == requisition_id)
    if framework_key is not None:
        query = query.join(
            FrameworkVersion, FrameworkVersion.id == Requisition.framework_version_id
        ).where(FrameworkVersion.framework_key == framework_key)
    return list(db.session.scalars(query))


def card_rows(requisition_ids: Iterable[int], hidden: set[int]) -> list[CardRow]:
    """Submitted scorecards of these requisitions, leaving out the applications in
    ``hidden`` (those the viewer is blind to); two queries."""
    ids = list(requisition_ids)
    if not ids:
        return []
    query = (
        select(Scorecard.id, Scorecard.rating, Scorecard.insufficient_evidence,
               Scorecard.evidence, Scorecard.submitted_at, Interview.starts_at,
               Interview.duration_minutes, Interview.mode, Interview.area_key,
               Interview.interviewer_id, User.name.label("interviewer"), Loop.application_id,
               Application.requisition_id, Candidate.name.label("candidate"),
               Application.internal)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(User, User.id == Interview.interviewer_id)
        .join(Loop, Loop.id == Interview.loop_id)
        .join(Application, Application.id == Loop.application_id)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Application.requisition_id.in_(ids), Scorecard.submitted_at.is_not(None))
        .order_by(Loop.application_id, Interview.starts_at, Scorecard.id)
    )  # fmt: skip
    rows = [
        CardRow(
            r.id, r.application_id, r.requisition_id, r.candidate,
            bool(r.internal), r.interviewer_id, r.interviewer, r.area_key,
            None if r.insufficient_evidence else r.rating, r.evidence or "", r.mode,
            r.starts_at, r.starts_at + timedelta(minutes=r.duration_minutes),
            cast(datetime, r.submitted_at),
        )
        for r in db.session.execute(query)
        if r.application_id not in hidden
    ]  # fmt: skip
    _add_answers(rows)
    return rows


def _add_answers(rows: list[CardRow]) -> None:
    by_card = {row.card_id: row for row in rows}
    if not by_card:
        return
    query = select(Answer.scorecard_id, Answer.note, Answer.probe_asked, Answer.probe_note).where(
        Answer.scorecard_id.in_(by_card)
    )
    for card_id, note, probe_asked, probe_note in db.session.execute(query):
        row = by_card[card_id]
        row.answered += 1
        row.notes += bool((note or "").strip())
        row.probes_ticked += bool(probe_asked)
        row.texts += [t for t in (note, probe_note) if t and t.strip()]


def applications_of(requisition_ids: Iterable[int], hidden: set[int]) -> dict[int, list[int]]:
    """requisition id -> its application ids (not hidden), in application order; one query."""
    grouped: dict[int, list[int]] = defaultdict(list)
    query = (
        select(Application.requisition_id, Application.id)
        .where(Application.requisition_id.in_(list(requisition_ids)))
        .order_by(Application.created_at, Application.id)
    )
    for requisition_id, application_id in db.session.execute(query):
        if application_id not in hidden:
            grouped[requisition_id].append(application_id)
    return grouped
