"""Interview loops: read one with its coverage, add, move and remove interviews, mark it
ready. The loop services enforce the same rules as the loop page: one area per
interviewer, a doubled area only as a confirmed second rater, nobody back on a panel
they may have seen, ready only when every required area is covered."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from interview.api import schemas as s
from interview.api.blueprint import bp, commit, link
from interview.candidates.services import get_application
from interview.loops import services as loops
from interview.models import Application, Interview
from interview.permissions import HIRING_ROLES, roles_required


def interview_out(i: Interview) -> dict[str, Any]:
    scorecard = i.scorecard
    return {
        "id": i.id, "application_id": i.loop.application_id, "interviewer_id": i.interviewer_id,
        "interviewer_name": i.interviewer.name, "area": i.area_key, "starts_at": i.starts_at,
        "duration_minutes": i.duration_minutes, "location": i.location,
        "second_rater": i.second_rater,
        "scorecard_submitted": bool(scorecard and scorecard.submitted_at),
    }  # fmt: skip


def loop_out(application: Application) -> dict[str, Any]:
    loop = loops.load_loop(application)
    cover = loops.loop_coverage(application, loop)
    return {
        "application_id": application.id,
        "status": loop.status if loop else "none",
        "coverage": {"complete": cover.complete, "missing": list(cover.missing),
                     "doubled": list(cover.doubled)},
        "interviews": [interview_out(i) for i in (loop.interviews if loop else [])],
        "url": link("loops.show", application_id=application.id),
    }  # fmt: skip


@bp.get("/interviewers")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Loops"])
@bp.response(200, s.InterviewerList)
def list_interviewers():
    """Active interviewers, by name: whom a loop's interviews can be given to (the loop
    page's choice)."""
    people = loops.interviewer_choices()
    return {"items": [{"id": u.id, "name": u.name, "email": u.email} for u in people]}


@bp.get("/applications/<int:application_id>/loop")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Loops"])
@bp.response(200, s.LoopOut)
def get_loop(application_id: int):
    """The candidate's interviews and which required areas they cover."""
    return loop_out(get_application(current_user, application_id, for_edit=False))


@bp.patch("/applications/<int:application_id>/loop")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Loops"])
@bp.arguments(s.LoopPatch)
@bp.response(200, s.LoopOut)
def update_loop(body, application_id: int):
    """Mark the loop ready (refused while a required area is not covered) or draft."""
    application = get_application(current_user, application_id, for_edit=True)
    user = current_user._get_current_object()
    commit(lambda: loops.set_loop_status(user, application, body["status"]))
    return loop_out(application)


@bp.post("/applications/<int:application_id>/interviews")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Loops"])
@bp.arguments(s.InterviewIn)
@bp.response(201, s.InterviewOut)
def create_interview(body, application_id: int):
    """Give one interviewer one area of the candidate's loop (the loop is made if needed)."""
    application = get_application(current_user, application_id, for_edit=True)
    data = loops.InterviewData(
        interviewer_id=body["interviewer_id"], area_key=body["area"],
        starts_at=body["starts_at"], duration_minutes=body["duration_minutes"],
        location=body["location"].strip(), second_rater=body["second_rater"],
    )  # fmt: skip
    user = current_user._get_current_object()
    return interview_out(commit(lambda: loops.add_interview(user, application, data)))


@bp.patch("/interviews/<int:interview_id>")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Loops"])
@bp.arguments(s.InterviewPatch)
@bp.response(200, s.InterviewOut)
def update_interview(body, interview_id: int):
    """Move an interview (time, length, place) or give it to another interviewer or area;
    interviewer and area stay once its scorecard was started."""
    interview = loops.get_interview_for_edit(current_user, interview_id)
    data = loops.InterviewData(
        interviewer_id=body.get("interviewer_id", interview.interviewer_id),
        area_key=body.get("area", interview.area_key),
        starts_at=body.get("starts_at", interview.starts_at),
        duration_minutes=body.get("duration_minutes", interview.duration_minutes),
        location=body.get("location", interview.location).strip(),
        second_rater=body.get("second_rater", interview.second_rater),
    )
    user = current_user._get_current_object()
    commit(lambda: loops.update_interview(user, interview, data))
    return interview_out(interview)


@bp.delete("/interviews/<int:interview_id>")
@roles_required(*HIRING_ROLES)
@bp.doc(tags=["Loops"])
@bp.response(204)
def delete_interview(interview_id: int):
    """Remove an interview that has no scorecard; its interviewer gets the cancellation."""
    interview = loops.get_interview_for_edit(current_user, interview_id)
    user = current_user._get_current_object()
    commit(lambda: loops.delete_interview(user, interview))
