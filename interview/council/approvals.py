"""The works council's consent to a framework version (assessment principles, §94(2)
BetrVG) and to a requisition's decision rule (a selection guideline, §95), as recorded by
an admin. Unapproved requisitions show a warning; with ``APPROVAL_REQUIRED`` the loop
cannot be made ready and no decision can be recorded until both are approved."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from interview import audit
from interview.extensions import db
from interview.models import Approval, Requisition, User
from interview.problems import Refused


@dataclass(frozen=True)
class Approvals:
    framework: Approval | None
    rule: Approval | None

    @property
    def complete(self) -> bool:
        return self.framework is not None and self.rule is not None

    def missing(self) -> list[str]:
        """What still needs the works council's consent, in words."""
        return [
            text for text, approval in (
                (_("the framework version (assessment principles)"), self.framework),
                (_("the decision rule (selection guideline)"), self.rule),
            ) if approval is None
        ]  # fmt: skip


def approvals_of(requisition: Requisition) -> Approvals:
    """The latest approval of the requisition's framework version, and the latest of its
    decision rule that names the rule as it is now (a changed rule needs a new one)."""
    rows = db.session.scalars(
        select(Approval)
        .where(
            (Approval.framework_version_id == requisition.framework_version_id)
            | (Approval.requisition_id == requisition.id)
        )
        .order_by(Approval.approved_at.desc(), Approval.id.desc())
    ).all()
    framework = next((a for a in rows if a.subject == "framework_version"), None)
    rule = next(
        (a for a in rows if a.subject == "decision_rule"
         and a.rule == (requisition.decision_rule or {})),
        None,
    )  # fmt: skip
    return Approvals(framework, rule)


def approve_framework(user: User, requisition: Requisition, reference: str) -> Approval:
    row = Approval(subject="framework_version",
                   framework_version_id=requisition.framework_version_id,
                   reference=reference.strip(), approved_by_id=user.id)  # fmt: skip
    db.session.add(row)
    db.session.flush()
    audit.record("approved", row, f"Framework version approved: {row.reference}",
                 actor_id=user.id)  # fmt: skip
    return row


def approve_rule(user: User, requisition: Requisition, reference: str) -> Approval:
    row = Approval(subject="decision_rule", requisition_id=requisition.id,
                   rule=dict(requisition.decision_rule or {}), reference=reference.strip(),
                   approved_by_id=user.id)  # fmt: skip
    db.session.add(row)
    db.session.flush()
    audit.record("approved", row, f"Decision rule approved: {row.reference}", actor_id=user.id)
    return row


def require_approvals(requisition: Requisition) -> None:
    """Refuses when the installation requires approvals and one is missing."""
    if not current_app.config["APPROVAL_REQUIRED"]:
        return
    missing = approvals_of(requisition).missing()
    if missing:
        raise Refused(
            _("The works council has not approved %(what)s yet.", what=", ".join(missing))
        )
