"""The reliability sample of a requisition, from the database (see ``pairing``)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from interview.extensions import db
from interview.models import Application, Interview, Loop, Requisition
from interview.quality.pairing import Pairing, plan_pairings


def paired_areas(requisition_id: int) -> dict[int, str]:
    """application id -> an area its loop rates twice (a confirmed second rater); one query."""
    query = (
        select(Loop.application_id, Interview.area_key)
        .join(Interview, Interview.loop_id == Loop.id)
        .join(Application, Application.id == Loop.application_id)
        .where(Application.requisition_id == requisition_id, Interview.second_rater.is_(True))
        .order_by(Interview.id)
    )
    paired: dict[int, str] = {}
    for application_id, area in db.session.execute(query):
        paired.setdefault(application_id, area)
    return paired


def sample_plan(requisition: Requisition) -> dict[int, Pairing]:
    """Every sampled or paired application of the requisition with its area; two queries."""
    paired = paired_areas(requisition.id)
    order = db.session.scalars(
        select(Application.id)
        .where(Application.requisition_id == requisition.id)
        .order_by(Application.created_at, Application.id)
    )
    return plan_pairings(
        ((a, paired.get(a)) for a in order),
        list(requisition.required_areas),
        requisition.reliability_share,
    )


def pairing_for(application: Application) -> Pairing | None:
    """The pairing the loop builder proposes (or shows as done) for this candidate."""
    return sample_plan(application.requisition).get(application.id)


def pair_counts(requisition: Requisition) -> Counter[str]:
    """How often each area is paired (done) in the requisition."""
    return Counter(p.area for p in sample_plan(requisition).values() if p.done)
