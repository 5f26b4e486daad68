"""Requisitions: list, create (framework first), show, edit."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.council import services as council
from interview.council.approvals import approvals_of
from interview.council.forms import ApprovalForm, ShareForm
from interview.edges import page_arg
from interview.form_helpers import choices
from interview.frameworks.services import current_bank, framework_of
from interview.permissions import (
    HIRING_ROLES,
    can_edit_loop,
    can_edit_requisition,
    can_manage_candidates,
    roles_required,
)
from interview.problems import save
from interview.question_bank import Framework
from interview.requisitions import pages
from interview.requisitions.forms import FrameworkChoiceForm, build_requisition_form
from interview.requisitions.services import (
    create_requisition,
    get_visible,
    owner_choices,
    release_for_debrief,
    update_requisition,
    visible_requisitions,
)

bp = Blueprint("requisitions", __name__, url_prefix="/requisitions")


@bp.get("/")
@roles_required(*HIRING_ROLES)
def list_requisitions():
    """Requisitions the user may see; hiring managers see their own only."""
    status = request.args.get("status") or None
    page = page_arg()
    pagination, counts = visible_requisitions(current_user, status, page)
    return render_template(
        "requisitions/list.html", pagination=pagination, counts=counts, status=status
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required("admin", "hiring_manager")
def create():
    """New requisition: pick the framework, then title, expectation, areas and rule."""
    bank = current_bank()
    chooser = FrameworkChoiceForm(request.args)
    chooser.framework.choices = choices((f.id, f.title) for f in bank.frameworks)
    framework = bank.get(request.args.get("framework") or "")
    if framework is None and len(bank.frameworks) == 1:
        framework = bank.frameworks[0]
    if framework is None:
        return render_template("requisitions/choose_framework.html", chooser=chooser)
    form = build_requisition_form(framework, owner_choices(current_user))
    if request.method == "GET":
        pages.prefill_new(form, framework, current_user)
    elif form.validate_on_submit():
        saved, requisition = save(
            form,
            lambda: create_requisition(
                current_user, framework, pages.data_from_form(form, framework)
            ),
            _("Requisition created."),
        )
        if saved:
            return redirect(url_for("requisitions.show", requisition_id=requisition.id))
    return _render_form(form, framework, requisition=None)


@bp.get("/<int:requisition_id>")
@roles_required(*HIRING_ROLES)
def show(requisition_id: int):
    """One requisition with its expectation, rule and candidates (404 if not visible)."""
    requisition = get_visible(current_user, requisition_id)
    return render_template(
        "requisitions/show.html",
        **pages.show_context(requisition, page_arg()),
        can_edit=can_edit_requisition(current_user, requisition),
        can_import=can_manage_candidates(current_user) and can_edit_loop(current_user, requisition),
        council_share=council.share_of(requisition.id),
        share_form=ShareForm(),
        approvals=approvals_of(requisition),
        approval_form=ApprovalForm(),
    )


@bp.route("/<int:requisition_id>/edit", methods=["GET", "POST"])
@roles_required("admin", "hiring_manager")
def edit(requisition_id: int):
    """Change a requisition the user owns (admins: any). The framework stays fixed."""
    requisition = get_visible(current_user, requisition_id, for_edit=True)
    framework = framework_of(requisition.framework_version)
    owners = owner_choices(current_user)
    if requisition.owner not in owners:
        owners = [requisition.owner, *owners]
    form = build_requisition_form(framework, owners)
    if request.method == "GET":
        pages.prefill_existing(form, framework, requisition)
    elif form.validate_on_submit():
        saved, _unused = save(
            form,
            lambda: update_requisition(
                current_user, requisition, pages.data_from_form(form, framework)
            ),
            _("Requisition saved."),
        )
        if saved:
            return redirect(url_for("requisitions.show", requisition_id=requisition.id))
    return _render_form(form, framework, requisition=requisition)


def _render_form(form, framework: Framework, requisition):
    # 422 tells tests and tools that the POST was refused; the page is the same.
    status = 422 if request.method == "POST" else 200
    words = pages.rule_words(form, len(form.required_areas.data or []))
    return render_template(
        "requisitions/form.html",
        form=form,
        framework=framework,
        requisition=requisition,
        rule_words=words,
    ), status


@bp.post("/<int:requisition_id>/release")
@roles_required("admin", "hiring_manager")
def release(requisition_id: int):
    """Release the panel's scorecards to the interviewers for the debrief."""
    requisition = get_visible(current_user, requisition_id, for_edit=True)
    save(
        None,
        lambda: release_for_debrief(current_user, requisition),
        _("Scorecards released to the panel."),
    )
    return redirect(url_for("requisitions.show", requisition_id=requisition.id))
