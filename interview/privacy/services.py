"""Requests and holds for one candidate: legal hold, talent-pool consent, erasure now.

Each change leaves an audit event that says what happened and who did it, never the
candidate's data (the hold's reason stays on the candidate, where the export shows it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from interview import audit
from interview.db import utcnow
from interview.extensions import db
from interview.models import Candidate, User
from interview.privacy.anonymise import anonymise
from interview.privacy.policy import Assessment
from interview.privacy.retention import assess_candidate, local_day
from interview.problems import Refused

SEARCH_LIMIT = 50
MIN_ERASE_REASON = 10


@dataclass(frozen=True)
class Found:
    candidates: list[Candidate]
    more: bool


def search(q: str) -> Found:
    """Candidates whose name or e-mail contains ``q`` (anonymised ones never match)."""
    pattern = f"%{q.strip().lower()}%"
    rows = db.session.scalars(
        select(Candidate)
        .where(Candidate.anonymised_at.is_(None))
        .where(or_(func.lower(Candidate.name).like(pattern), Candidate.email.like(pattern)))
        .order_by(Candidate.name, Candidate.id)
        .limit(SEARCH_LIMIT + 1)
    ).all()
    return Found(list(rows[:SEARCH_LIMIT]), len(rows) > SEARCH_LIMIT)


def standing(candidate: Candidate) -> Assessment:
    return assess_candidate(candidate, local_day(utcnow()))


def set_hold(user: User, candidate: Candidate, reason: str) -> None:
    """Refuses an anonymised candidate (nothing is left to hold)."""
    _refuse_anonymised(candidate)
    candidate.legal_hold_reason = reason.strip()
    candidate.legal_hold_at = utcnow()
    audit.record("held", candidate, "Legal hold set", actor_id=user.id)


def lift_hold(user: User, candidate: Candidate) -> None:
    if candidate.legal_hold_at is None:
        return
    candidate.legal_hold_reason = None
    candidate.legal_hold_at = None
    audit.record("released", candidate, "Legal hold lifted", actor_id=user.id)


def set_consent(user: User, candidate: Candidate, given_on: date, until: date | None) -> None:
    """Records a talent-pool consent, or removes it (``until`` None). Refuses an end
    before the day it was given."""
    _refuse_anonymised(candidate)
    if until is not None and until < given_on:
        raise Refused(_("The consent cannot end before it was given."), "until")
    candidate.talent_pool_consent_on = given_on if until is not None else None
    candidate.talent_pool_until = until
    summary = f"Talent-pool consent until {until.isoformat()}" if until else "Consent removed"
    audit.record("consent", candidate, summary, actor_id=user.id)


def erase(user: User, candidate: Candidate, reason: str) -> None:
    """Anonymise now, on the candidate's request. Refuses a candidate on legal hold (lift
    it first, so that erasing held data is a decision someone takes on purpose) and a
    reason too short to understand later."""
    _refuse_anonymised(candidate)
    if candidate.legal_hold_at is not None:
        raise Refused(_("This candidate is on legal hold. Lift the hold first."))
    if len(reason.strip()) < MIN_ERASE_REASON:
        raise Refused(_("Write down why (at least %(n)d characters).", n=MIN_ERASE_REASON),
                      "reason")  # fmt: skip
    anonymise([candidate], f"erased on request: {reason.strip()}", actor_id=user.id)


def _refuse_anonymised(candidate: Candidate) -> None:
    if candidate.anonymised_at is not None:
        raise Refused(_("This candidate has been anonymised already."))
