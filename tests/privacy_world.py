"""Candidates with everything the app stores about a person, for the privacy tests.

Each candidate gets a loop with two submitted scorecards (evidence, question notes,
outcome notes, draft fields, a revision with an amendment reason), a decision with its
reason, audit events naming them and a mail about their interview. Every free text
carries a marker unique to the candidate, so a dump can be searched for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from interview import audit
from interview.db import utcnow
from interview.extensions import db
from interview.models import (
    Answer,
    Application,
    Candidate,
    Decision,
    DraftField,
    Interview,
    Loop,
    OutboxMessage,
    Requisition,
    Scorecard,
    ScorecardRevision,
    User,
)
from tests import factories


@dataclass(frozen=True)
class Person:
    id: int
    application_id: int
    name: str
    email: str
    phone: str
    marker: str  # unique text in every free-text field about them


def person(
    requisition: Requisition,
    panel: list[User],
    key: str,
    *,
    status: str = "rejected",
    closed_days_ago: int = 200,
    ratings: tuple[int, ...] = (3, 2),
) -> Person:
    """A candidate called ``key`` with the full footprint (flushed, not committed)."""
    marker = f"EVIDENZ-{key.upper()}-7f3a"
    name = f"{key.capitalize()} Quellenberg-{key}"
    email = f"{key}.quellenberg@example.net"
    phone = f"+49 30 99{abs(hash(key)) % 100000:05d}"
    candidate = Candidate(name=name, email=email, phone=phone, source="Messe",
                          notes=f"Notiz {marker}")  # fmt: skip
    application = Application(candidate=candidate, requisition=requisition, status=status)
    loop = Loop(application=application, status="ready")
    db.session.add_all([candidate, application, loop])
    db.session.flush()
    audit.record("created", candidate, f"Candidate {name}", {"email": (None, email)})
    audit.record("created", application, f"{name} considered for '{requisition.title}'")
    past = utcnow() - timedelta(days=closed_days_ago + 10)
    for index, (user, rating) in enumerate(zip(panel, ratings, strict=False)):
        interview = Interview(
            loop=loop, interviewer_id=user.id, area_key=factories.AREAS[index],
            starts_at=past, duration_minutes=60, location="Raum Elbe",
        )  # fmt: skip
        db.session.add(interview)
        db.session.flush()
        evidence = f"Belegte {marker} mit Zahlen ({index})."
        card = Scorecard(
            interview=interview, author_id=user.id, rating=rating, evidence=evidence,
            framework_version_id=requisition.framework_version_id, recommendation="yes",
            submitted_at=past + timedelta(hours=2), amended_at=past + timedelta(hours=3),
        )  # fmt: skip
        card.answers = [Answer(position=0, note=f"Antwort {marker}", probe_asked=True,
                               probe_note=f"Ergebnis {marker}")]  # fmt: skip
        card.fields = [
            DraftField(key="q0_note", value=f"Antwort {marker}"),
            DraftField(key="q0_asked", value=True),
            DraftField(key="q0_outcome", value=f"Ergebnis {marker}"),
            DraftField(key="evidence", value=evidence),
            DraftField(key="rating", value=str(rating)),
        ]
        content = {"rating": rating, "insufficient_evidence": False, "evidence": evidence,
                   "recommendation": "yes",
                   "answers": [{"note": f"Antwort {marker}", "asked": True,
                                "outcome": f"Ergebnis {marker}"}]}  # fmt: skip
        card.revisions = [
            ScorecardRevision(number=1, kind="submitted", author_id=user.id, content=content),
            ScorecardRevision(number=2, kind="amended", author_id=user.id, content=content,
                              reason=f"Tippfehler bei {name} korrigiert"),
        ]  # fmt: skip
        db.session.add(card)
        db.session.add(
            OutboxMessage(
                kind="invitation",
                recipient=user.email,
                user_id=user.id,
                interview_id=interview.id,
                subject=f"Interview mit {name}",
                payload={"to_name": user.name, "text": f"Kandidatin: {name}, {email}"},
                message_id=f"<{key}-{index}@test>",
                status="sent",
                sent_at=past,
            )  # fmt: skip
        )
        db.session.flush()
        audit.record("updated", interview, f"Interview of {name}: {interview.area_key}")
    decision = Decision(application_id=application.id, decision="reject",
                        reason=f"Grund {marker}", rule_result="below",
                        rule_explanation="Below the rule.",
                        decided_by_id=requisition.owner_id)  # fmt: skip
    db.session.add(decision)
    db.session.flush()
    audit.record("decided", decision, f"{name}: reject. Grund {marker}")
    if status in ("rejected", "withdrawn", "hired"):
        application.closed_at = utcnow() - timedelta(days=closed_days_ago)
        candidate.created_at = past
    db.session.flush()
    return Person(candidate.id, application.id, name, email, phone, marker)


def digest_mentioning(user: User, people: list[Person]) -> None:
    """A digest mail naming several candidates (no interview id)."""
    text = "; ".join(f"{p.name} <{p.email}>" for p in people)
    db.session.add(
        OutboxMessage(
            kind="digest",
            recipient=user.email,
            user_id=user.id,
            subject="Überfällige Scorecards",
            payload={"text": text},
            message_id=f"<digest-{people[0].id}@test>",
            status="sent",
            sent_at=utcnow(),
        )  # fmt: skip
    )
    db.session.flush()


def hold(candidate_id: int, reason: str = "Klage vor dem Arbeitsgericht anhängig") -> None:
    candidate = db.session.get(Candidate, candidate_id)
    candidate.legal_hold_reason = reason
    candidate.legal_hold_at = utcnow()


def consent(candidate_id: int, until: date) -> None:
    candidate = db.session.get(Candidate, candidate_id)
    candidate.talent_pool_consent_on = until - timedelta(days=365)
    candidate.talent_pool_until = until
