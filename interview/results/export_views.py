"""Exports of consolidated scorecards and comparisons.

The same people see the same data as on the pages these files mirror, decided by
``interview.visibility``: the hiring side of the requisition, minus those the independence
rule keeps blind (answered 403 with the reason, like the pages). Every answer is a
download (``Content-Disposition: attachment``) and, like every signed-in page, is kept
out of caches (see ``interview.security``).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from flask_login import current_user

from interview.models.hiring import APPLICATION_STATUSES
from interview.permissions import HIRING_ROLES, roles_required
from interview.requisitions.services import get_visible
from interview.results import exports
from interview.results.access import require_results
from interview.results.services import compare, consolidate, load_application
from interview.visibility import results_by_application

bp = Blueprint("exports", __name__)

# format -> (builder, mimetype)
CANDIDATE_EXPORTS = {
    "csv": (exports.candidate_csv, exports.CSV_MIMETYPE),
    "xlsx": (exports.candidate_xlsx, exports.XLSX_MIMETYPE),
    "json": (exports.candidate_json, exports.JSON_MIMETYPE),
}
COMPARISON_FORMATS = ("csv", "xlsx")


@bp.get("/applications/<int:application_id>/results.<fmt>")
@roles_required(*HIRING_ROLES)
def candidate(application_id: int, fmt: str) -> Response:
    """One candidate's consolidated scorecard as CSV, XLSX or JSON.

    404 for other formats and for candidates of requisitions the user may not see; 403
    for users without a hiring role, and (with the reason) for a viewer the independence
    rule keeps blind: a panel member whose own scorecard is not submitted yet (or, where
    the requisition says so, before the debrief), or who left the panel without one.
    """
    if fmt not in CANDIDATE_EXPORTS:
        abort(404)
    application = load_application(application_id)
    require_results(application, as_json=fmt == "json")
    build, mimetype = CANDIDATE_EXPORTS[fmt]
    name = exports.ascii_filename("scorecard", application.candidate.name, application.id,
                                  ext=fmt)  # fmt: skip
    return _download(build(consolidate(application)), mimetype, name)


@bp.get("/requisitions/<int:requisition_id>/compare.<fmt>")
@roles_required(*HIRING_ROLES)
def comparison(requisition_id: int, fmt: str) -> Response:
    """The requisition's candidates × areas matrix as CSV or XLSX (``?status=`` filters
    like the comparison page).

    404 for other formats and for requisitions the user may not see; 403 for users without
    a hiring role. Candidates whose ratings the user may not see yet (independent scoring)
    keep their row, with empty rating cells and "hidden" as the rule result.
    """
    if fmt not in COMPARISON_FORMATS:
        abort(404)
    requisition = get_visible(current_user, requisition_id)
    status = request.args.get("status")
    framework, rows = compare(requisition, status if status in APPLICATION_STATUSES else None)
    verdicts = results_by_application(current_user, requisition, (r.application.id for r in rows))
    hidden = {a for a, verdict in verdicts.items() if not verdict.allowed}
    sheet = exports.comparison_sheet(framework, rows, hidden)
    name = exports.ascii_filename("comparison", requisition.title, requisition.id, ext=fmt)
    if fmt == "csv":
        return _download(exports.to_csv(sheet), exports.CSV_MIMETYPE, name)
    return _download(exports.to_xlsx([sheet]), exports.XLSX_MIMETYPE, name)


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, content_type=mimetype)
    # ascii_filename() leaves neither quotes nor separators: safe inside the quoted value
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
