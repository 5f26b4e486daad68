"""The loop screen: interviews of one candidate on one requisition, with coverage."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from interview.candidates.services import get_application
from interview.form_helpers import to_local_naive, to_utc
from interview.loops import services
from interview.loops.forms import LoopStatusForm, build_interview_form
from interview.models import Interview
from interview.permissions import HIRING_ROLES, can_edit_loop, can_view_requisition, roles_required
from interview.problems import save

bp = Blueprint("loops", __name__)


@bp.get("/applications/<int:application_id>/loop")
@roles_required(*HIRING_ROLES)
def show(application_id: int):
    """The loop with its coverage panel and, for those who may plan it, the add form."""
    application = get_application(current_user, application_id, for_edit=False)
    return _render(application, _new_form(application))


@bp.post("/applications/<int:application_id>/loop/interviews")
@roles_required(*HIRING_ROLES)
def add_interview(application_id: int):
    """Assign an area to an interviewer; rule breaches come back as form errors."""
    application = get_application(current_user, application_id, for_edit=True)
    form = _new_form(application)
    if form.validate_on_submit():
        saved, _ = save(
            form,
            lambda: services.add_interview(current_user, application, _data(form)),
            gettext("Interview added."),
        )
        if saved:
            return redirect(url_for("loops.show", application_id=application.id))
    return _render(application, form), 422


@bp.route("/interviews/<int:interview_id>/edit", methods=["GET", "POST"])
@roles_required(*HIRING_ROLES)
def edit_interview(interview_id: int):
    """Reschedule or reassign one interview (not its interviewer or area once scored)."""
    interview = _interview_for_edit(interview_id)
    application = interview.loop.application
    form = build_interview_form(
        services.interviewer_choices(), services.framework_for(application).areas
    )
    if request.method == "GET":
        _prefill(form, interview)
    elif form.validate_on_submit():
        saved, _ = save(
            form,
            lambda: services.update_interview(current_user, interview, _data(form)),
            gettext("Interview saved."),
        )
        if saved:
            return redirect(url_for("loops.show", application_id=application.id))
    page = services.loop_page(application)
    status = 422 if request.method == "POST" else 200
    return render_template("loops/edit.html", form=form, interview=interview, **page), status


@bp.post("/interviews/<int:interview_id>/delete")
@roles_required(*HIRING_ROLES)
def delete_interview(interview_id: int):
    """Remove an interview that has no scorecard."""
    interview = _interview_for_edit(interview_id)
    application_id = interview.loop.application_id
    save(
        None,
        lambda: services.delete_interview(current_user, interview),
        gettext("Interview removed."),
    )
    return redirect(url_for("loops.show", application_id=application_id))


@bp.post("/applications/<int:application_id>/loop/status")
@roles_required(*HIRING_ROLES)
def set_status(application_id: int):
    """Mark the loop ready (every required area covered) or back to planning."""
    application = get_application(current_user, application_id, for_edit=True)
    form = LoopStatusForm()
    if form.validate_on_submit():
        save(
            None,
            lambda: services.set_loop_status(current_user, application, form.status.data),
            gettext("Loop status saved."),
        )
    return redirect(url_for("loops.show", application_id=application.id))


def _interview_for_edit(interview_id: int) -> Interview:
    return services.get_interview_for_edit(current_user, interview_id)


def _new_form(application):
    areas = services.framework_for(application).areas
    form = build_interview_form(services.interviewer_choices(), areas)
    # "add the second rater" from the reliability sample: the area chosen, the box ticked
    pair = request.args.get("pair")
    if request.method == "GET" and pair in {a.id for a in areas}:
        form.area_key.data, form.second_rater.data = pair, True
    return form


def _render(application, form):
    page = services.loop_page(application)
    return render_template(
        "loops/show.html",
        form=form,
        can_edit=can_edit_loop(current_user, application.requisition),
        can_view=can_view_requisition(current_user, application.requisition),
        status_form=LoopStatusForm(),
        **page,
    )


def _prefill(form, interview: Interview) -> None:
    form.interviewer_id.data = str(interview.interviewer_id)
    form.area_key.data = interview.area_key
    form.starts_at.data = to_local_naive(interview.starts_at)
    form.duration_minutes.data = interview.duration_minutes
    form.location.data = interview.location
    form.second_rater.data = interview.second_rater
    form.mode.data = interview.mode or ""


def _data(form) -> services.InterviewData:
    return services.InterviewData(
        interviewer_id=int(form.interviewer_id.data),
        area_key=form.area_key.data,
        starts_at=to_utc(form.starts_at.data),
        duration_minutes=form.duration_minutes.data,
        location=(form.location.data or "").strip(),
        second_rater=bool(form.second_rater.data),
        mode=form.mode.data or None,
    )
