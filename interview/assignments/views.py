"""Interviewers' start screen and assignment pages."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.assignments import services
from interview.db import utcnow
from interview.edges import page_arg
from interview.models import Interview

bp = Blueprint("assignments", __name__)


@bp.get("/my/interviews")
def my_interviews():
    """The signed-in user's own interviews, upcoming and past (``?page=`` pages the past).
    Open to every signed-in user; without assignments it shows an empty state."""
    page = page_arg()
    data = services.my_interviews(current_user, utcnow(), past_page=page)
    return render_template("assignments/my_interviews.html", data=data)


@bp.get("/assignments/<int:interview_id>")
def show_assignment(interview_id: int):
    """One assignment: candidate, area, expectation and questions from the stored framework
    version. 404 (not 403) for anyone but the interviewer and requisition viewers."""
    interview = _visible_interview(interview_id)
    if services.opens_as_kit(current_user, interview):
        # the link or QR code takes the interviewer straight into the kit
        return redirect(url_for("kit.show", interview_id=interview.id))
    detail = services.assignment_detail(current_user, interview, utcnow())
    return render_template("assignments/show.html", a=detail)


@bp.get("/assignments/<int:interview_id>/qr.svg")
def assignment_qr(interview_id: int):
    """An SVG QR code with the assignment page's absolute address, to open it on a tablet.
    Same rule as the page: 404 for anyone who may not see the assignment."""
    interview = _visible_interview(interview_id)
    url = url_for("assignments.show_assignment", interview_id=interview.id, _external=True)
    svg = services.qr_svg(url, title=_("Link to this interview assignment"))
    return Response(svg, mimetype="image/svg+xml")


def _visible_interview(interview_id: int) -> Interview:
    interview = services.find_assignment(current_user, interview_id)
    if interview is None:
        abort(404)
    return interview
