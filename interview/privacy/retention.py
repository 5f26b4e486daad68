"""The retention run: which candidates are due (``scorecard retention``) and anonymising
them (``--apply``, the worker's daily run)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from interview.extensions import db
from interview.models import Candidate
from interview.privacy.anonymise import anonymise
from interview.privacy.policy import (
    Assessment,
    CandidateFacts,
    Closing,
    Periods,
    Standing,
    assess,
)


@dataclass(frozen=True)
class Assessed:
    candidate: Candidate
    assessment: Assessment

    @property
    def closed_as(self) -> str:
        """The statuses the candidate's applications closed with, for the listing."""
        return ", ".join(sorted({a.status for a in self.candidate.applications})) or "-"


def periods() -> Periods:
    config = current_app.config
    return Periods(int(config["RETENTION_REJECTED_DAYS"]), int(config["RETENTION_HIRED_DAYS"]))


def local_day(moment: datetime) -> date:
    """The installation's calendar day of ``moment`` (periods count whole local days)."""
    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def facts_of(candidate: Candidate) -> CandidateFacts:
    return CandidateFacts(
        created_on=local_day(candidate.created_at),
        closings=tuple(
            Closing(a.status, local_day(a.closed_at) if a.closed_at else None)
            for a in candidate.applications
        ),
        held=candidate.legal_hold_at is not None,
        consent_until=candidate.talent_pool_until,
        anonymised=candidate.anonymised_at is not None,
    )


def assess_candidate(candidate: Candidate, as_of: date) -> Assessment:
    return assess(facts_of(candidate), periods(), as_of)


def assess_all(as_of: date) -> list[Assessed]:
    """Every candidate not anonymised yet, with their standing on ``as_of`` (two queries)."""
    candidates = db.session.scalars(
        select(Candidate)
        .where(Candidate.anonymised_at.is_(None))
        .options(selectinload(Candidate.applications))
        .order_by(Candidate.id)
    ).all()
    rules = periods()
    return [Assessed(c, assess(facts_of(c), rules, as_of)) for c in candidates]


def due(as_of: date) -> list[Assessed]:
    return [a for a in assess_all(as_of) if a.assessment.standing is Standing.DUE]


def apply(as_of: date, *, actor_id: int | None = None) -> list[Assessed]:
    """Anonymise every candidate due on ``as_of``. Flushes; the caller commits."""
    found = due(as_of)
    for item in found:
        anonymise(
            [item.candidate],
            f"retention period ended on {item.assessment.due_on.isoformat()}"
            f" (applications: {item.closed_as})",
            actor_id=actor_id,
        )
    return found
