"""Interview-quality pages and their exports: agreement between raters, rater effects and
adherence, group comparisons and evidence flags per requisition and per framework; the
aggregate selection rates by self-reported group, and the form that records them."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user
from slugify import slugify

from interview.permissions import roles_required
from interview.quality import services
from interview.quality.export import report_csv, report_data
from interview.results.compare_views import CALIBRATION_ROLES

bp = Blueprint("quality", __name__)

EXPORT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}


def _requisition_report(requisition_id: int) -> services.QualityReport:
    try:
        return services.requisition_report(current_user, requisition_id)
    except services.UnknownScope:
        abort(404)


def _framework_report(framework_id: str) -> services.QualityReport:
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
    report = load()
    scope = report.requisition.id if report.requisition else report.framework.id
    filename = f"{slugify(f'quality {report.title} {scope}')}.{fmt}"
    body = report_csv(report) if fmt == "csv" else json.dumps(report_data(report), indent=2)
    response = Response(body, content_type=EXPORT_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
