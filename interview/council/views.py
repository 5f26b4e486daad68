"""The works council's pages (read only) and sharing a requisition with it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.council import approvals, services
from interview.council.forms import ApprovalForm, ShareForm
from interview.db import utcnow
from interview.extensions import db
from interview.main.forms import EmptyForm
from interview.models import Requisition
from interview.permissions import (
    ADMIN,
    HIRING_MANAGER,
    WORKS_COUNCIL,
    can_read_council_pack,
    roles_required,
)
from interview.problems import save
from interview.requisitions.services import get_visible

bp = Blueprint("council", __name__, url_prefix="/council")


@bp.get("/")
@roles_required(WORKS_COUNCIL, ADMIN)
def index():
    """The requisitions shared with the works council today."""
    return render_template("council/index.html", shared=services.shared_requisitions())


@bp.get("/requisitions/<int:requisition_id>")
def documents(requisition_id: int):
    """The documents for the works council on one requisition, printable: role, framework
    version and rule, each candidate against the rule with the submitted scorecards, the
    decisions and their reasons. 404 for anybody who may not read them."""
    requisition = db.session.get(Requisition, requisition_id)
    if requisition is None:
        abort(404)
    council_reads = current_user.has_role(WORKS_COUNCIL) and services.shared_now(requisition.id)
    if not can_read_council_pack(current_user, requisition, shared_now=council_reads):
        abort(404)
    docs = services.documents(current_user, requisition, council_reads=council_reads)
    return render_template("council/documents.html", docs=docs, printed_at=utcnow())


@bp.post("/requisitions/<int:requisition_id>/share")
@roles_required(ADMIN, HIRING_MANAGER)
def share(requisition_id: int):
    """Share the requisition with the works council, optionally until a day."""
    requisition = get_visible(current_user, requisition_id, for_edit=True)
    form = ShareForm()
    if form.validate_on_submit():
        save(form, lambda: services.share(current_user, requisition, form.until.data),
             _("Shared with the works council."))  # fmt: skip
    else:
        flash(_("Enter a valid date or none."), "error")
    return redirect(url_for("requisitions.show", requisition_id=requisition_id))


@bp.post("/requisitions/<int:requisition_id>/share/revoke")
@roles_required(ADMIN, HIRING_MANAGER)
def revoke(requisition_id: int):
    """End the works council's access to the requisition."""
    requisition = get_visible(current_user, requisition_id, for_edit=True)
    if EmptyForm().validate_on_submit():
        save(None, lambda: services.revoke(current_user, requisition),
             _("No longer shared with the works council."))  # fmt: skip
    return redirect(url_for("requisitions.show", requisition_id=requisition_id))


@bp.post("/requisitions/<int:requisition_id>/approve/<subject>")
@roles_required(ADMIN)
def approve(requisition_id: int, subject: str):
    """Record the works council's approval of the requisition's framework version
    (``framework``) or of its decision rule as it is now (``rule``), with a reference."""
    requisition = get_visible(current_user, requisition_id, for_edit=True)
    record = {"framework": approvals.approve_framework, "rule": approvals.approve_rule}.get(subject)
    if record is None:
        abort(404)
    form = ApprovalForm()
    if form.validate_on_submit():
        save(None, lambda: record(current_user, requisition, form.reference.data),
             _("Approval recorded."))  # fmt: skip
    else:
        flash(_("Enter the reference of the approval."), "error")
    return redirect(url_for("requisitions.show", requisition_id=requisition_id) + "#works-council")
