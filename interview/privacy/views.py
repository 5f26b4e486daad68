"""Data protection pages: find a candidate, export their data (JSON and printable), keep
a legal hold or a talent-pool consent, erase now. Admins and the data protection role."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.db import utcnow
from interview.main.forms import EmptyForm
from interview.models import Candidate
from interview.permissions import PRIVACY_ROLES, roles_required
from interview.privacy import export as exporting
from interview.privacy import retention, services
from interview.privacy.forms import ConsentForm, EraseForm, HoldForm
from interview.problems import save
from interview.results.export_files import JSON_MIMETYPE, attachment, download_name, to_json

bp = Blueprint("privacy", __name__, url_prefix="/privacy")


def _candidate(candidate_id: int) -> Candidate:
    try:
        return exporting.load_candidate(candidate_id)
    except exporting.UnknownCandidate:
        abort(404)


@bp.get("/")
@roles_required(*PRIVACY_ROLES)
def index():
    """Search candidates by name or e-mail; list who is due for anonymisation today."""
    q = request.args.get("q", "").strip()
    found = services.search(q) if q else None
    due = retention.due(retention.local_day(utcnow()))
    return render_template("privacy/index.html", q=q, found=found, due=due)


@bp.get("/candidates/<int:candidate_id>")
@roles_required(*PRIVACY_ROLES)
def show(candidate_id: int):
    """One candidate's retention standing, exports and the forms for hold, consent, erasure."""
    candidate = _candidate(candidate_id)
    consent = ConsentForm(given_on=candidate.talent_pool_consent_on,
                          until=candidate.talent_pool_until)  # fmt: skip
    return _page(candidate, HoldForm(), consent, EraseForm())


def _page(candidate: Candidate, hold: HoldForm, consent: ConsentForm, erase: EraseForm):
    status = 422 if request.method == "POST" else 200
    return render_template(
        "privacy/candidate.html", candidate=candidate, standing=services.standing(candidate),
        hold_form=hold, consent_form=consent, erase_form=erase, lift_form=EmptyForm(),
    ), status  # fmt: skip


@bp.get("/candidates/<int:candidate_id>/export.json")
@roles_required(*PRIVACY_ROLES)
def export_json(candidate_id: int) -> Response:
    """Everything stored about the candidate as a JSON download."""
    candidate = _candidate(candidate_id)
    name = download_name("candidate", candidate.name, candidate.id, ext="json")
    response = attachment(to_json(exporting.export(candidate)), JSON_MIMETYPE, name)
    return response


@bp.get("/candidates/<int:candidate_id>/export")
@roles_required(*PRIVACY_ROLES)
def export_page(candidate_id: int):
    """The same export as a readable page, to print or save as PDF for the candidate."""
    candidate = _candidate(candidate_id)
    return render_template("privacy/export.html", data=exporting.export(candidate))


@bp.post("/candidates/<int:candidate_id>/hold")
@roles_required(*PRIVACY_ROLES)
def set_hold(candidate_id: int):
    """Keep everything about the candidate until the hold is lifted."""
    candidate = _candidate(candidate_id)
    form = HoldForm()
    if form.validate_on_submit():
        saved, _none = save(
            form, lambda: services.set_hold(current_user, candidate, form.reason.data),
            _("Legal hold set."),
        )  # fmt: skip
        if saved:
            return redirect(url_for("privacy.show", candidate_id=candidate_id))
    return _page(candidate, form, ConsentForm(formdata=None), EraseForm(formdata=None))


@bp.post("/candidates/<int:candidate_id>/hold/lift")
@roles_required(*PRIVACY_ROLES)
def lift_hold(candidate_id: int):
    """End the legal hold: the retention period applies again."""
    candidate = _candidate(candidate_id)
    if EmptyForm().validate_on_submit():
        save(None, lambda: services.lift_hold(current_user, candidate), _("Legal hold lifted."))
    return redirect(url_for("privacy.show", candidate_id=candidate_id))


@bp.post("/candidates/<int:candidate_id>/consent")
@roles_required(*PRIVACY_ROLES)
def set_consent(candidate_id: int):
    """Record (or remove) the candidate's consent to stay in the talent pool."""
    candidate = _candidate(candidate_id)
    form = ConsentForm()
    if form.validate_on_submit():
        saved, _none = save(
            form,
            lambda: services.set_consent(
                current_user, candidate, form.given_on.data, form.until.data
            ),
            _("Consent saved."),
        )
        if saved:
            return redirect(url_for("privacy.show", candidate_id=candidate_id))
    return _page(candidate, HoldForm(formdata=None), form, EraseForm(formdata=None))


@bp.post("/candidates/<int:candidate_id>/erase")
@roles_required(*PRIVACY_ROLES)
def erase(candidate_id: int):
    """Anonymise the candidate now, on their request, with the reason in the audit trail."""
    candidate = _candidate(candidate_id)
    form = EraseForm()
    if form.validate_on_submit():
        saved, _none = save(
            form, lambda: services.erase(current_user, candidate, form.reason.data),
            _("The candidate's personal data has been erased."),
        )  # fmt: skip
        if saved:
            return redirect(url_for("privacy.show", candidate_id=candidate_id))
    return _page(candidate, HoldForm(formdata=None), ConsentForm(formdata=None), form)
