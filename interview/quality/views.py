"""Interview-quality pages and their exports: agreement between raters, rater effects and
adherence, group comparisons and evidence flags per requisition and per framework; the
aggregate selection rates by self-reported group, and the form that records them.

The figures (``services``, ``groups`` and the statistics behind them) are imported in the
views that compute them: few requests need them, and every worker would load them at start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.candidates.services import get_visible
from interview.extensions import db
from interview.models import Requisition
from interview.permissions import ADMIN, RECRUITER, roles_required
from interview.problems import save
from interview.quality.forms import build_self_report_form
from interview.results.compare_views import CALIBRATION_ROLES
from interview.results.export_files import (
    CSV_MIMETYPE,
    JSON_MIMETYPE,
    attachment,
    download_name,
    to_json,
)

if TYPE_CHECKING:
    from interview.quality import services

bp = Blueprint("quality", __name__)

EXPORT_TYPES = {"json": JSON_MIMETYPE, "csv": CSV_MIMETYPE}


def _requisition_report(requisition_id: int) -> services.QualityReport:
    from interview.quality import services  # on use: see the module docstring

    try:
        return services.requisition_report(current_user, requisition_id)
    except services.UnknownScope:
        abort(404)


def _framework_report(framework_id: str) -> services.QualityReport:
    from interview.quality import services  # on use: see the module docstring

    try:
        return services.framework_report(current_user, framework_id)
    except services.UnknownScope:
        abort(404)


@bp.get("/quality/requisitions/<int:requisition_id>")
@roles_required(*CALIBRATION_ROLES)
def requisition(requisition_id: int):
    """Agreement, rater effects, adherence, comparisons and evidence flags of one
    requisition. Admins and recruiters (403 otherwise), 404 for an unknown requisition.
    Candidates the viewer is blind to are left out; figures below their floor say so and
    show no number."""
    return render_template("quality/report.html", report=_requisition_report(requisition_id))


@bp.get("/quality/frameworks/<framework_id>")
@roles_required(*CALIBRATION_ROLES)
def framework(framework_id: str):
    """The same figures over every requisition on the framework; 404 when none uses it."""
    return render_template("quality/report.html", report=_framework_report(framework_id))


@bp.get("/quality/requisitions/<int:requisition_id>/figures.<fmt>")
@roles_required(*CALIBRATION_ROLES)
def export_requisition(requisition_id: int, fmt: str) -> Response:
    """The requisition's figures as JSON or CSV (404 for other formats)."""
    return _download(lambda: _requisition_report(requisition_id), fmt)


@bp.get("/quality/frameworks/<framework_id>/figures.<fmt>")
@roles_required(*CALIBRATION_ROLES)
def export_framework(framework_id: str, fmt: str) -> Response:
    """The framework's figures as JSON or CSV (404 for other formats)."""
    return _download(lambda: _framework_report(framework_id), fmt)


def _download(load: Callable[[], services.QualityReport], fmt: str) -> Response:
    if fmt not in EXPORT_TYPES:
        abort(404)
    from interview.quality.export import report_csv, report_data  # imports services: on use

    report = load()
    scope = report.requisition.id if report.requisition else report.framework.id
    filename = download_name("quality", report.title, scope, ext=fmt)
    body = report_csv(report) if fmt == "csv" else to_json(report_data(report))
    return attachment(body, EXPORT_TYPES[fmt], filename)


# --- self-reported group attributes (off unless GROUP_ATTRIBUTES is set) ------------------------


@bp.route("/candidates/<int:candidate_id>/self-report", methods=["GET", "POST"])
@roles_required(ADMIN, RECRUITER)
def self_report(candidate_id: int):
    """Record a candidate's voluntary self-reported attributes (admins and recruiters;
    404 while the feature is off). The page never shows the stored answers."""
    from interview.quality import groups  # on use: see the module docstring

    if not groups.enabled():
        abort(404)
    candidate = get_visible(current_user, candidate_id)
    form = build_self_report_form(groups.attributes())
    if form.validate_on_submit():
        answers = {name: field.data for name, field in form.fields_by_attribute.items()}
        saved, _unused = save(form, lambda: groups.record(candidate.id, answers),
                              _("Self-reported answers recorded."))  # fmt: skip
        if saved:
            return redirect(url_for("candidates.show", candidate_id=candidate.id))
    status = 422 if request.method == "POST" else 200
    return render_template("quality/self_report.html", form=form, candidate=candidate,
                           recorded=groups.recorded(candidate.id)), status  # fmt: skip


@bp.get("/quality/requisitions/<int:requisition_id>/groups")
def group_selection(requisition_id: int):
    """Selection rates by self-reported group with the four-fifths ratio and Fisher's
    exact test: aggregates only, for ``GROUP_STATISTICS_ROLES`` (403 otherwise); 404 while
    the feature is off or for an unknown requisition."""
    from interview.quality import groups, services  # on use: see the module docstring

    if not groups.may_see_rates(current_user):
        abort(403)
    if not groups.enabled():
        abort(404)
    requisition = db.get_or_404(Requisition, requisition_id)
    return render_template("quality/groups.html", requisition=requisition,
                           rates=groups.group_rates(current_user, requisition),
                           minimum=services.floors().group)  # fmt: skip
