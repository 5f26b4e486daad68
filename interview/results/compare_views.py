"""Comparison of a requisition's candidates and calibration summaries."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from interview.extensions import db
from interview.labels import APPLICATION_STATUS
from interview.models import Requisition
from interview.permissions import ADMIN, HIRING_ROLES, RECRUITER, roles_required
from interview.quality.switch import interviewer_summary, statistics_mode
from interview.requisitions.services import get_visible
from interview.results.calibration import comparison, interviewer_report, requisition_choices

bp = Blueprint("compare", __name__)

#: who sees how every interviewer rates (across requisitions)
CALIBRATION_ROLES = (ADMIN, RECRUITER)


@bp.get("/requisitions/<int:requisition_id>/compare")
@roles_required(*HIRING_ROLES)
def show(requisition_id: int):
    """All candidates of a requisition × the role's areas against the expectation.

    ``?sort=rule|<area id>|name``, ``?status=<application status>`` and ``?page=N`` (a
    page of ``PAGE_SIZE`` candidates; ``all`` for every candidate at once, to print); an
    unknown value falls back to the default, a page past the end to the last one. 404 for
    a requisition the user may not see; rows the independence rule hides show no ratings.
    """
    requisition = get_visible(current_user, requisition_id)
    status = request.args.get("status") or None
    if status not in APPLICATION_STATUS:
        status = None
    matrix = comparison(current_user, requisition, status, request.args.get("sort") or "name",
                        page_number(request.args.get("page", "")))  # fmt: skip
    return render_template(
        "results/compare.html",
        requisition=requisition,
        matrix=matrix,
        # translated once for the page, not once per row
        status_labels={code: str(label) for code, label in APPLICATION_STATUS.items()},
        can_calibrate=current_user.has_role(*CALIBRATION_ROLES),
    )


def page_number(value: str) -> int:
    """``?page=``: 0 for "all", a number from 1 (anything larger than there are pages means
    the last one), 1 for anything else."""
    if value == "all":
        return 0
    if value.isascii() and value.isdigit():
        return max(int(value[:9]), 1)  # nine digits are more pages than any requisition has
    return 1


@bp.get("/calibration/interviewers")
@roles_required(*CALIBRATION_ROLES)
def interviewers():
    """Per interviewer: scorecards, mean against the panel's mean for the same candidates,
    insufficient-evidence and on-time shares; ``?requisition=<id>`` narrows it down.
    Admins and recruiters only (403 for everyone else). Follows ``INTERVIEWER_STATISTICS``:
    nothing when off, no names in aggregate mode."""
    requisition_id = request.args.get("requisition", type=int)
    requisition = db.get_or_404(Requisition, requisition_id) if requisition_id else None
    return render_template(
        "results/interviewers.html",
        report=interviewer_summary(interviewer_report(current_user, requisition_id)),
        switch=statistics_mode(),
        requisition=requisition,
        choices=requisition_choices(),
    )
