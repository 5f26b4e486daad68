"""Consolidated results and decisions (read only), behind the one visibility policy:
404 where the role does not reach the candidate, 403 with the reason while the
independence rule keeps the user blind (``interview.visibility``)."""

from __future__ import annotations

from sqlalchemy import select

from interview.api import schemas as s
from interview.api.blueprint import bp
from interview.extensions import db
from interview.models import Decision
from interview.permissions import HIRING_ROLES, roles_required
from interview.results.access import require_results
from interview.results.export_json import candidate_data
from interview.results.export_model import candidate_export
from interview.results.services import consolidate, load_application


def _visible(application_id: int):
    application = load_application(application_id)
    require_results(application)
    return application


@bp.get("/applications/<int:application_id>/results")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Results"])
@bp.response(200, s.ResultsOut)
def get_results(application_id: int):
    """The consolidated scorecard: every area against the expectation, the rule's result,
    the submitted scorecards and the latest decision (as the web's results.json)."""
    return candidate_data(candidate_export(consolidate(_visible(application_id))))


@bp.get("/applications/<int:application_id>/decisions")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Results"])
@bp.response(200, s.DecisionList)
def list_decisions(application_id: int):
    """Every decision on the candidate, newest first, with what the rule said then."""
    application = _visible(application_id)
    rows = db.session.scalars(
        select(Decision)
        .where(Decision.application_id == application.id)
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
    )
    return {
        "items": [
            {"id": d.id, "decision": d.decision, "reason": d.reason,
             "rule_result": d.rule_result, "rule_explanation": d.rule_explanation,
             "decided_by": d.decided_by.name, "decided_at": d.decided_at}
            for d in rows
        ]
    }  # fmt: skip
