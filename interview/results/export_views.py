"""Exports of consolidated scorecards and comparisons.

The same people see the same data as on the pages these files mirror, decided by
``interview.visibility``: the hiring side of the requisition, minus those the independence
rule keeps blind (answered 403 with the reason, like the pages). Every answer is a
download (``Content-Disposition: attachment``) and, like every signed-in page, is kept
out of caches (see ``interview.security``).

One language per file: the user's, or ``?lang=de|en``. CSV comes in the spreadsheet dialect
of that language (German: ";" and decimal commas), or as chosen with
``?dialect=comma|semicolon`` (``comma`` is the form for programs).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from flask_babel import force_locale, get_locale, gettext
from flask_login import current_user

from interview.i18n import available_locales
from interview.models.hiring import APPLICATION_STATUSES
from interview.notifications.render import installation_zone
from interview.permissions import HIRING_ROLES, roles_required
from interview.requisitions.services import get_visible
from interview.results import export_files as files
from interview.results import exports
from interview.results.access import require_results
from interview.results.export_json import candidate_data
from interview.results.export_model import candidate_export
from interview.results.matrix import scored_candidates
from interview.results.services import consolidate, load_application
from interview.visibility import results_by_application

bp = Blueprint("exports", __name__)

CANDIDATE_FORMATS = ("csv", "xlsx", "json")
COMPARISON_FORMATS = ("csv", "xlsx")


@bp.get("/applications/<int:application_id>/results.<fmt>")
@roles_required(*HIRING_ROLES)
def candidate(application_id: int, fmt: str) -> Response:
    """One candidate's consolidated scorecard as CSV, XLSX or JSON.

    404 for other formats and for candidates of requisitions the user may not see; 400 for
    an unknown ``lang`` or ``dialect``; 403 for users without a hiring role, and (with the
    reason) for a viewer the independence rule keeps blind: a panel member whose own
    scorecard is not submitted yet (or, where the requisition says so, before the
    debrief), or who left the panel without one.
    """
    if fmt not in CANDIDATE_FORMATS:
        abort(404)
    language, dialect = _language_and_dialect()
    application = load_application(application_id)
    require_results(application, as_json=fmt == "json")
    zone = installation_zone()
    with force_locale(language):
        export = candidate_export(consolidate(application))
        if fmt == "json":
            data, mimetype = files.to_json(candidate_data(export)), files.JSON_MIMETYPE
        elif fmt == "csv":
            data, mimetype = exports.candidate_csv(export, dialect, zone), files.CSV_MIMETYPE
        else:
            data, mimetype = exports.candidate_xlsx(export, zone), files.XLSX_MIMETYPE
        name = files.download_name(gettext("scorecard"), application.candidate.name,
                                   application.id, ext=fmt)  # fmt: skip
    return files.attachment(data, mimetype, name)


@bp.get("/requisitions/<int:requisition_id>/compare.<fmt>")
@roles_required(*HIRING_ROLES)
def comparison(requisition_id: int, fmt: str) -> Response:
    """The requisition's candidates × areas matrix as CSV or XLSX (``?status=`` filters
    like the comparison page), under a row with the expectation per area.

    404 for other formats and for requisitions the user may not see; 400 for an unknown
    ``lang`` or ``dialect``; 403 for users without a hiring role. Candidates whose ratings
    the user may not see yet (independent scoring) keep their row, with empty rating cells
    and "hidden" as the rule result.
    """
    if fmt not in COMPARISON_FORMATS:
        abort(404)
    language, dialect = _language_and_dialect()
    requisition = get_visible(current_user, requisition_id)
    status = request.args.get("status")
    zone = installation_zone()
    with force_locale(language):
        framework, rows = scored_candidates(
            requisition, status if status in APPLICATION_STATUSES else None
        )
        ids = (row.candidacy.application_id for row in rows)
        # one verdict per panel state, not per candidate (as on the comparison page)
        verdicts = results_by_application(current_user, requisition, ids)
        hidden = {a for a, verdict in verdicts.items() if not verdict.allowed}
        sheet = exports.comparison_sheet(requisition, framework, rows, hidden)
        name = files.download_name(gettext("comparison"), requisition.title, requisition.id,
                                   ext=fmt)  # fmt: skip
    if fmt == "csv":
        return files.attachment(files.to_csv(sheet, dialect, zone), files.CSV_MIMETYPE, name)
    return files.attachment(files.to_xlsx([sheet], zone), files.XLSX_MIMETYPE, name)


def _language_and_dialect() -> tuple[str, str]:
    """``?lang=`` (default: the user's language) and ``?dialect=`` (default: the
    spreadsheet dialect of that language); 400 with the reason for unknown values."""
    language = request.args.get("lang") or str(get_locale())
    if language not in available_locales():
        abort(400, gettext("Unknown language: choose one of %(choices)s.",
                           choices=", ".join(available_locales())))  # fmt: skip
    dialect = request.args.get("dialect") or files.dialect_for(language)
    if dialect not in files.DIALECTS:
        abort(400, gettext("Unknown CSV dialect: choose one of %(choices)s.",
                           choices=", ".join(files.DIALECTS)))  # fmt: skip
    return language, dialect
