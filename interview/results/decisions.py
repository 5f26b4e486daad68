"""Recording the hiring decision next to what the rule said (kept in the audit trail)."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _

from interview import audit, notifications
from interview.council.approvals import require_approvals
from interview.extensions import db
from interview.models import Application, Decision, User
from interview.models.hiring import DECISIONS
from interview.permissions import can_edit_requisition
from interview.problems import Refused
from interview.results.services import Consolidated
from interview.webhooks import events as webhook_events

PIPELINE = {"hire": "hired", "reject": "rejected", "advance": "interviewing"}
MIN_REASON = 10


def differs_from_rule(decision: str, rule_code: str) -> bool:
    """A decision that goes against the rule (or is final while the rule cannot decide)."""
    if decision == "on_hold":
        return False
    if rule_code == "open":
        return True
    positive = decision in ("advance", "hire")
    return positive != (rule_code == "meets")


def record_decision(
    user: User, application: Application, result: Consolidated, decision: str, reason: str
) -> Decision:
    """Only the requisition's hiring manager (or an admin) decides. Refuses unknown
    decisions, and a decision that differs from the rule without a written reason."""
    if not can_edit_requisition(user, application.requisition):
        abort(403)
    if decision not in DECISIONS:
        raise Refused(_("Choose a decision."), "decision")
    require_approvals(application.requisition)
    reason = reason.strip()
    if differs_from_rule(decision, result.rule.code) and len(reason) < MIN_REASON:
        raise Refused(
            _("This decision differs from the decision rule (%(rule)s). Write down why.",
              rule=result.explanation),
            "reason",
        )  # fmt: skip
    row = Decision(
        application_id=application.id, decision=decision, reason=reason,
        rule_result=result.rule.code, rule_explanation=result.explanation,
        decided_by_id=user.id,
    )  # fmt: skip
    db.session.add(row)
    changes = {"decision": (None, decision), "rule": (None, result.rule.code)}
    was_live = notifications.is_live(application)
    if decision in PIPELINE and application.status != PIPELINE[decision]:
        changes["status"] = (application.status, PIPELINE[decision])
        application.status = PIPELINE[decision]
    db.session.flush()
    notifications.application_changed(application, was_live)
    audit.record(
        "decided", row, f"{application.candidate.name}: {decision}. {reason}"[:500], changes
    )
    webhook_events.decision_recorded(row, application)
    return row
