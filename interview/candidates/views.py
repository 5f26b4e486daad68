"""Candidates: list, add (with duplicate check), show, edit, pipeline status."""

from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.utils import secure_filename

from interview.candidates import importing, services
from interview.candidates.forms import (
    AddToRequisitionForm,
    ApplicationStatusForm,
    CandidateForm,
    ImportConfirmForm,
    ImportUploadForm,
    NewCandidateForm,
    requisition_choices,
)
from interview.edges import page_arg
from interview.extensions import db
from interview.models import Requisition
from interview.permissions import HIRING_ROLES, roles_required
from interview.problems import Refused, save

bp = Blueprint("candidates", __name__)


@bp.get("/candidates/")
@roles_required(*HIRING_ROLES)
def list_candidates():
    """Candidates the user may see (hiring managers: those on their requisitions)."""
    q = request.args.get("q", "").strip()
    page = page_arg()
    pagination = services.visible_candidates(current_user, q, page)
    titles = {
        c.id: [a.requisition.title for a in services.visible_applications(current_user, c)]
        for c in pagination.items
    }
    return render_template("candidates/list.html", pagination=pagination, titles=titles, q=q)


@bp.route("/candidates/new", methods=["GET", "POST"])
@roles_required(*HIRING_ROLES)
def create():
    """Add a candidate, optionally for a requisition; flags e-mails already on file."""
    open_requisitions = services.requisitions_open_to(current_user)
    optional = current_user.has_role("admin", "recruiter")
    form = NewCandidateForm()
    form.requisition_id.choices = requisition_choices(open_requisitions, optional=optional)
    if request.method == "GET":
        form.requisition_id.data = request.args.get("requisition", "")
    duplicates, hidden = (
        services.visible_duplicates(current_user, form.email.data) if form.email.data else ([], 0)
    )
    if form.validate_on_submit():
        chosen = {str(r.id): r for r in open_requisitions}.get(form.requisition_id.data)
        data = services.CandidateData(form.name.data, form.email.data, form.phone.data,
                                      form.source.data, form.notes.data)  # fmt: skip
        saved, candidate = save(
            form,
            lambda: services.create_candidate(
                current_user,
                data,
                chosen,
                confirm_duplicate=form.confirm_duplicate.data,
                internal=form.internal.data,
            ),
            _("Candidate added."),
        )
        if saved:
            return redirect(url_for("candidates.show", candidate_id=candidate.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "candidates/new.html", form=form, duplicates=duplicates, hidden=hidden
    ), status


@bp.get("/candidates/<int:candidate_id>")
@roles_required(*HIRING_ROLES)
def show(candidate_id: int):
    """One candidate: contact data, notes, possible duplicates, requisitions and loops."""
    candidate = services.get_visible(current_user, candidate_id)
    add_form = AddToRequisitionForm()
    taken = {a.requisition_id for a in candidate.applications}
    add_form.requisition_id.choices = requisition_choices(
        [r for r in services.requisitions_open_to(current_user) if r.id not in taken],
        optional=False,
    )
    return render_template(
        "candidates/show.html",
        candidate=candidate,
        applications=services.visible_applications(current_user, candidate),
        duplicates=services.visible_duplicates(current_user, candidate.email, candidate.id)[0],
        add_form=add_form,
        status_form=ApplicationStatusForm(),
    )


@bp.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
@roles_required(*HIRING_ROLES)
def edit(candidate_id: int):
    """Change contact data and notes of a visible candidate."""
    candidate = services.get_visible(current_user, candidate_id)
    form = CandidateForm(obj=candidate)
    if form.validate_on_submit():
        data = services.CandidateData(form.name.data, form.email.data, form.phone.data,
                                      form.source.data, form.notes.data)  # fmt: skip
        saved, _none = save(
            form, lambda: services.update_candidate(current_user, candidate, data),
            _("Candidate saved."),
        )  # fmt: skip
        if saved:
            return redirect(url_for("candidates.show", candidate_id=candidate.id))
    status = 422 if request.method == "POST" else 200
    return render_template("candidates/edit.html", form=form, candidate=candidate), status


@bp.post("/candidates/<int:candidate_id>/applications")
@roles_required(*HIRING_ROLES)
def add_application(candidate_id: int):
    """Consider a candidate for one more requisition."""
    candidate = services.get_visible(current_user, candidate_id)
    form = AddToRequisitionForm()
    form.requisition_id.choices = requisition_choices(
        services.requisitions_open_to(current_user), optional=False
    )
    if form.validate_on_submit():
        requisition = db.get_or_404(Requisition, int(form.requisition_id.data))
        save(
            None,
            lambda: services.add_to_requisition(
                current_user, candidate, requisition, internal=form.internal.data
            ),
            _("Candidate added to the requisition."),
        )
    else:
        flash(_("Choose a requisition."), "error")
    return redirect(url_for("candidates.show", candidate_id=candidate.id))


@bp.post("/applications/<int:application_id>/status")
@roles_required(*HIRING_ROLES)
def set_status(application_id: int):
    """Move a candidate along the requisition's pipeline."""
    application = services.get_application(current_user, application_id, for_edit=True)
    form = ApplicationStatusForm()
    if form.validate_on_submit():
        services.set_status(current_user, application, form.status.data, form.internal.data)
        db.session.commit()
        flash(_("Status saved."), "success")
    else:
        flash(_("Unknown status."), "error")
    return redirect(url_for("candidates.show", candidate_id=application.candidate_id))


@bp.route("/requisitions/<int:requisition_id>/import", methods=["GET", "POST"])
@roles_required(*HIRING_ROLES)
def import_file(requisition_id: int):
    """Upload an ATS export: every row is shown with its problems before anything is stored."""
    requisition = db.get_or_404(Requisition, requisition_id)
    refused = _import_refusal(requisition)
    upload, confirm = ImportUploadForm(), ImportConfirmForm()
    rows: list[importing.ImportRow] = []
    status = 200
    if not refused and request.method == "POST" and upload.validate_on_submit():
        filename = secure_filename(upload.file.data.filename or "") or "upload"
        try:
            rows = importing.parse_rows(importing.read_table(filename, upload.file.data.read()))
            importing.mark_duplicates(rows, services.emails_on_file([r.email for r in rows]))
        except importing.ImportFileError as error:
            upload.file.errors = [str(error)]
        confirm.rows.data = json.dumps([r.as_dict() for r in rows])
        confirm.filename.data = filename
    if request.method == "POST" and (upload.errors or not rows or refused):
        status = 422
    return render_template(
        "candidates/import.html",
        requisition=requisition,
        upload=upload,
        confirm=confirm,
        rows=rows,
        ready=bool(rows) and not any(r.problems for r in rows),
        refused=refused,
    ), status


@bp.post("/requisitions/<int:requisition_id>/import/confirm")
@roles_required(*HIRING_ROLES)
def import_confirm(requisition_id: int):
    """Store every previewed row, or none: the rows are checked again first."""
    requisition = db.get_or_404(Requisition, requisition_id)
    refused = _import_refusal(requisition)
    confirm = ImportConfirmForm()
    if refused or not confirm.validate_on_submit():
        flash(refused or _("The import data is invalid. Upload the file again."), "error")
        return redirect(url_for("candidates.import_file", requisition_id=requisition.id))
    try:
        rows = importing.rows_from_json(json.loads(confirm.rows.data))
    except (ValueError, importing.ImportFileError):
        flash(_("The import data is invalid. Upload the file again."), "error")
        return redirect(url_for("candidates.import_file", requisition_id=requisition.id))
    saved, created = save(
        None,
        lambda: services.import_candidates(current_user, requisition, rows, confirm.filename.data),
        ngettext("%(num)d candidate imported.", "%(num)d candidates imported.", len(rows)),
    )
    if saved:
        return redirect(url_for("requisitions.show", requisition_id=requisition.id))
    return render_template(
        "candidates/import.html",
        requisition=requisition,
        upload=ImportUploadForm(formdata=None),
        confirm=confirm,
        rows=rows,
        ready=False,
        refused=None,
    ), 422


def _import_refusal(requisition: Requisition) -> str | None:
    """404 for a requisition the user may not staff; a message when it is closed."""
    try:
        services.check_import_allowed(current_user, requisition)
    except Refused as refusal:
        return refusal.message
    return None
