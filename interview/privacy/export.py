"""Everything stored about one candidate (DSGVO Art. 15), as plain JSON-ready data: the
JSON download and the printable page are both made from it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from interview.db import utcnow
from interview.extensions import db
from interview.models import (
    Application,
    AuditEvent,
    Candidate,
    Decision,
    Interview,
    Loop,
    OutboxMessage,
    Scorecard,
)
from interview.models.self_reports import SelfReport
from interview.privacy.anonymise import events_about, footprint

FORMAT = "scorecard-candidate-export/1"


class UnknownCandidate(LookupError):
    pass


def load_candidate(candidate_id: int) -> Candidate:
    """The candidate with everything the export shows, loaded in a fixed number of queries."""
    candidate = db.session.scalar(
        select(Candidate)
        .where(Candidate.id == candidate_id)
        .options(
            selectinload(Candidate.applications).joinedload(Application.requisition),
            selectinload(Candidate.applications)
            .selectinload(Application.loop)
            .selectinload(Loop.interviews)
            .selectinload(Interview.scorecard)
            .options(
                selectinload(Scorecard.answers),
                selectinload(Scorecard.fields),
                selectinload(Scorecard.revisions),
            ),
        )
    )
    if candidate is None:
        raise UnknownCandidate(candidate_id)
    return candidate


def export(candidate: Candidate) -> dict[str, Any]:
    """The candidate's data, their applications, interviews, scorecards (submitted and
    draft), decisions, the audit trail about them and the mails about their interviews."""
    found = footprint([candidate.id])
    decisions = db.session.scalars(
        select(Decision).where(Decision.id.in_(found.decisions)).order_by(Decision.decided_at)
    ).all()
    by_application: dict[int, list[Decision]] = {}
    for decision in decisions:
        by_application.setdefault(decision.application_id, []).append(decision)
    return {
        "format": FORMAT,
        "exported_at": _when(utcnow()),
        "candidate": _candidate(candidate),
        "applications": [
            _application(a, by_application.get(a.id, []))
            for a in sorted(candidate.applications, key=lambda a: a.id)
        ],
        "audit_trail": _audit(found.audit_objects()),
        "notifications": _mails(found.interviews),
        # the voluntary self-report (interview quality), kept apart from the interviews
        "self_report": _self_report(candidate.id),
    }


def _self_report(candidate_id: int) -> dict[str, Any] | None:
    report = db.session.scalar(select(SelfReport).where(SelfReport.candidate_id == candidate_id))
    if report is None:
        return None
    return {"answers": dict(report.answers), "recorded_at": _when(report.recorded_at)}


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _candidate(c: Candidate) -> dict[str, Any]:
    return {
        "id": c.id, "name": c.name, "email": c.email, "phone": c.phone, "source": c.source,
        "notes": c.notes, "created_at": _when(c.created_at),
        "anonymised_at": _when(c.anonymised_at),
        "legal_hold": {"reason": c.legal_hold_reason, "since": _when(c.legal_hold_at)}
        if c.legal_hold_at else None,
        "talent_pool": {"consent_given_on": _when(c.talent_pool_consent_on),
                        "valid_until": _when(c.talent_pool_until)}
        if c.talent_pool_until else None,
    }  # fmt: skip


def _application(a: Application, decisions: list[Decision]) -> dict[str, Any]:
    interviews = a.loop.interviews if a.loop else []
    return {
        "id": a.id,
        "requisition": {"id": a.requisition.id, "title": a.requisition.title},
        "status": a.status,
        "created_at": _when(a.created_at),
        "closed_at": _when(a.closed_at),
        "interviews": [_interview(i) for i in interviews],
        "decisions": [
            {
                "decision": d.decision,
                "reason": d.reason,
                "rule_result": d.rule_result,
                "rule_explanation": d.rule_explanation,
                "decided_by": d.decided_by.name,
                "decided_at": _when(d.decided_at),
            }
            for d in decisions
        ],  # fmt: skip
    }


def _interview(i: Interview) -> dict[str, Any]:
    card = i.scorecard
    return {
        "id": i.id, "area": i.area_key, "interviewer": i.interviewer.name,
        "starts_at": _when(i.starts_at), "duration_minutes": i.duration_minutes,
        "location": i.location, "scorecard": _scorecard(card) if card else None,
    }  # fmt: skip


def _scorecard(card: Scorecard) -> dict[str, Any]:
    return {
        "submitted_at": _when(card.submitted_at),
        "amended_at": _when(card.amended_at),
        "rating": card.rating,
        "insufficient_evidence": card.insufficient_evidence,
        "recommendation": card.recommendation,
        "evidence": card.evidence,
        "answers": [
            {
                "question": a.position + 1,
                "note": a.note,
                "outcome_probe_asked": a.probe_asked,
                "outcome": a.probe_note,
            }
            for a in card.answers
        ],  # fmt: skip
        # what the interviewer's kit holds, also before submitting
        "draft": {f.key: f.value for f in sorted(card.fields, key=lambda f: f.key)},
        "revisions": [
            {
                "number": r.number,
                "kind": r.kind,
                "reason": r.reason,
                "created_at": _when(r.created_at),
                "content": r.content,
            }
            for r in card.revisions
        ],  # fmt: skip
    }


def _audit(objects: list[tuple[str, int]]) -> list[dict[str, Any]]:
    events: list[AuditEvent] = []
    for condition in events_about(objects):
        events += db.session.scalars(select(AuditEvent).where(condition)).all()
    events.sort(key=lambda e: (e.created_at, e.id))
    return [
        {"at": _when(e.created_at), "by": e.actor.name if e.actor else None,
         "action": e.action, "object": f"{e.object_type}/{e.object_id}",
         "summary": e.summary, "changes": e.changes}
        for e in events
    ]  # fmt: skip


def _mails(interview_ids: tuple[int, ...]) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.interview_id.in_(interview_ids))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    ).all()
    # what was sent about them, not the mail bodies: those are addressed to employees
    return [
        {"created_at": _when(m.created_at), "kind": m.kind, "subject": m.subject,
         "status": m.status}
        for m in rows
    ]  # fmt: skip
