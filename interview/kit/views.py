"""The interview kit on a tablet: questions, probes, notes, rating, submission."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from interview.extensions import db
from interview.kit import fields, inputs, offline, payload, services, submission
from interview.kit.forms import (
    RECOMMENDATION_LABELS,
    build_kit_form,
    posted_text,
    posted_versions,
    submitted_values,
)
from interview.kit.messages import field_message, protected_ground_notice

bp = Blueprint("kit", __name__)


@bp.get("/assignments/<int:interview_id>/kit")
def show(interview_id: int):
    """The kit for the assigned interviewer only (404 for everybody else)."""
    interview = services.find_own_interview(current_user, interview_id)
    kit = services.load_kit(current_user, interview)
    form = build_kit_form(kit.area, kit.framework, kit.values, amend=kit.locked)
    return _render(kit, form)


@bp.post("/assignments/<int:interview_id>/kit/fields")
def save_fields(interview_id: int):
    """Autosave: JSON ``{"changes": [{"key", "value", "base"}]}`` → per-field results.

    400 with a reason for a body that is not such an object; a field that cannot be
    stored comes back as ``invalid`` with a translated message; 409 once submitted."""
    interview = services.find_own_interview(current_user, interview_id, draft=False)
    if not request.is_json:
        return _bad_request("expected a JSON body")
    try:
        changes = payload.autosave_changes(request.get_data())
    except payload.PayloadError as error:
        return _bad_request(str(error))
    language = services.kit_framework(interview).language
    result = services.save_changes(current_user, interview, changes)
    db.session.commit()
    sent = {c["key"]: c["value"] for c in changes}
    for item in result["results"]:
        if item["status"] == "invalid":
            item["message"] = field_message(item["code"], item.pop("limit"))
        elif item["status"] == "saved" and isinstance(sent.get(item["key"]), str):
            notice = protected_ground_notice(sent[item["key"]], language)
            if notice:
                item["notice"] = notice
    return result, 409 if result["locked"] else 200


def _bad_request(reason: str):
    """400 in the shape of the app's other JSON errors, with what was wrong."""
    return {"status": 400, "title": "Bad Request", "detail": reason}, 400


@bp.get("/assignments/<int:interview_id>/kit/state")
def state(interview_id: int):
    """The author's draft with field versions, as JSON."""
    interview = services.find_own_interview(current_user, interview_id)
    return services.current_state(current_user, interview)


@bp.post("/assignments/<int:interview_id>/kit/submit")
def submit(interview_id: int):
    """Submit and lock. Problems and conflicts come back on the kit (422); the typed
    values stay saved, except where a field was changed elsewhere meanwhile: that field
    keeps the newer text and the posted one is shown beside it. An already submitted
    scorecard is not touched (303 to the kit with a message)."""
    interview = services.find_own_interview(current_user, interview_id)
    kit = services.load_kit(current_user, interview)
    if kit.locked:
        return _already_submitted(interview)
    form = build_kit_form(kit.area, kit.framework, kit.values)
    if not form.validate_on_submit():
        return _render(kit, form), 422
    outcome = submission.submit(
        current_user,
        interview,
        submitted_values(form, kit.area, kit.framework),
        posted_versions(form),
        confirm_no_probe=bool(form.confirm_no_probe.data),
    )
    db.session.commit()  # a refused submission still keeps every typed value as a draft
    if outcome.status == "already":
        return _already_submitted(interview)
    if outcome.status == "submitted":
        flash(_("Scorecard submitted. Thank you!"), "success")
        if interview.scorecard is not None and interview.scorecard.before_interview:
            flash(
                _("Submitted before the interview's scheduled start (%(when)s). If the time "
                  "in the loop is wrong, ask the hiring manager to correct it.",
                  when=format_datetime(interview.starts_at, "short")),
                "error",
            )  # fmt: skip
        return redirect(url_for("kit.show", interview_id=interview.id), code=303)
    kit = services.load_kit(current_user, interview)
    kit.problems = outcome.problems
    kit.ask_probe_confirmation = outcome.ask_probe_confirmation
    if outcome.status == "conflict":
        kit.conflicts = {c.key: c for c in outcome.conflicts}
        form = build_kit_form(kit.area, kit.framework, kit.values, from_request=False)
    return _render(kit, form), 422


def _already_submitted(interview):
    flash(_("This scorecard was already submitted."), "info")
    return redirect(url_for("kit.show", interview_id=interview.id), code=303)


@bp.post("/assignments/<int:interview_id>/kit/amend")
def amend(interview_id: int):
    """Correct a submitted scorecard with a reason; the previous version is kept.

    404 for a draft. 409 when another device amended it after this form was loaded: the
    page shows the newer version, and what was typed here stays in the form."""
    interview = services.find_own_interview(current_user, interview_id)
    kit = services.load_kit(current_user, interview)
    if not kit.locked:
        abort(404)
    form = build_kit_form(kit.area, kit.framework, kit.values, amend=True)
    status = 422
    if form.validate_on_submit():
        outcome = submission.amend(
            current_user,
            interview,
            submitted_values(form, kit.area, kit.framework),
            posted_text(form.reason),
            form.revision.data or 0,
        )
        if outcome.status in ("amended", "unchanged"):
            db.session.commit()
            flash(
                _("Amendment saved.") if outcome.status == "amended" else _("Nothing changed."),
                "success",
            )
            return redirect(url_for("kit.show", interview_id=interview.id), code=303)
        db.session.rollback()
        if outcome.status == "draft":
            abort(404)
        kit = services.load_kit(current_user, interview)
        kit.problems = outcome.problems
        kit.amended_meanwhile = outcome.status == "meanwhile"
        status = 409 if kit.amended_meanwhile else 422
    return _render(kit, form, amending=True), status


@bp.get("/sw.js")
def service_worker():
    """The service worker that keeps kit pages readable when the Wi-Fi drops."""
    response = current_app.response_class(
        offline.worker_script(current_app.static_folder), mimetype="text/javascript"
    )
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


def _render(kit, form, **extra) -> str:
    """The kit page. Text stored before unpaired surrogates were refused would make the
    page unencodable as UTF-8: whatever still carries one is shown with U+FFFD."""
    notices = {
        key: notice
        for key, value in kit.values.items()
        if isinstance(value, str)
        and (notice := protected_ground_notice(value, kit.framework.language))
    }
    page = render_template(
        "kit/kit.html",
        kit=kit,
        form=form,
        notices=notices,
        rule=services.evidence_rule(),
        recommendation_labels=RECOMMENDATION_LABELS,
        input_html=inputs.render,
        label_html=inputs.label,
        **extra,
    )
    return fields.readable(page)
