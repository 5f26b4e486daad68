"""The interview kit on a tablet: questions, probes, notes, rating, submission."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from interview.extensions import db
from interview.kit import services
from interview.kit.forms import RECOMMENDATION_LABELS, build_kit_form, submitted_values

bp = Blueprint("kit", __name__)


@bp.get("/assignments/<int:interview_id>/kit")
def show(interview_id: int):
    """The kit for the assigned interviewer only (404 for everybody else)."""
    interview = services.find_own_interview(current_user, interview_id)
    kit = services.load_kit(current_user, interview)
    form = build_kit_form(kit.area, kit.framework, kit.values, amend=kit.locked)
    return render_template("kit/kit.html", **_page(kit, form))


@bp.post("/assignments/<int:interview_id>/kit/fields")
def save_fields(interview_id: int):
    """Autosave: JSON ``{"changes": [{"key", "value", "base"}]}`` → per-field results."""
    interview = services.find_own_interview(current_user, interview_id)
    payload = request.get_json(silent=True) or {}
    changes = payload.get("changes")
    if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
        return {"error": "expected {'changes': [...]}"}, 400
    result = services.save_changes(current_user, interview, changes[:200])
    db.session.commit()
    return result, 409 if result["locked"] else 200


@bp.get("/assignments/<int:interview_id>/kit/state")
def state(interview_id: int):
    """The author's draft with field versions, as JSON."""
    interview = services.find_own_interview(current_user, interview_id)
    return services.current_state(current_user, interview)


@bp.post("/assignments/<int:interview_id>/kit/submit")
def submit(interview_id: int):
    """Submit and lock. Problems come back on the kit; the typed values stay saved."""
    interview = services.find_own_interview(current_user, interview_id)
    kit = services.load_kit(current_user, interview)
    form = build_kit_form(kit.area, kit.framework, kit.values)
    if not form.validate_on_submit():
        return render_template("kit/kit.html", **_page(kit, form)), 422
    outcome = services.submit(
        current_user,
        interview,
        submitted_values(form, kit.area, kit.framework),
        confirm_no_probe=bool(form.confirm_no_probe.data),
    )
    db.session.commit()  # a refused submission still keeps every typed value as a draft
    if outcome.status == "invalid":
        kit = services.load_kit(current_user, interview)
        kit.problems = outcome.problems
        kit.ask_probe_confirmation = outcome.ask_probe_confirmation
        return render_template("kit/kit.html", **_page(kit, form)), 422
    if outcome.status == "already":
        flash(_("This scorecard was already submitted."), "info")
    else:
        flash(_("Scorecard submitted. Thank you!"), "success")
    return redirect(url_for("kit.show", interview_id=interview.id), code=303)


@bp.post("/assignments/<int:interview_id>/kit/amend")
def amend(interview_id: int):
    """Correct a submitted scorecard with a reason; the previous version is kept."""
    interview = services.find_own_interview(current_user, interview_id)
    kit = services.load_kit(current_user, interview)
    form = build_kit_form(kit.area, kit.framework, kit.values, amend=True)
    if form.validate_on_submit():
        outcome = services.amend(
            current_user,
            interview,
            submitted_values(form, kit.area, kit.framework),
            form.reason.data or "",
        )
        if outcome.status in ("amended", "unchanged"):
            db.session.commit()
            flash(
                _("Amendment saved.") if outcome.status == "amended" else _("Nothing changed."),
                "success",
            )
            return redirect(url_for("kit.show", interview_id=interview.id), code=303)
        db.session.rollback()
        kit = services.load_kit(current_user, interview)
        kit.problems = outcome.problems
    return render_template("kit/kit.html", **_page(kit, form), amending=True), 422


@bp.get("/sw.js")
def service_worker():
    """The service worker that keeps kit pages readable when the Wi-Fi drops."""
    response = send_from_directory(current_app.static_folder, "sw.js", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/"
    return response


def _page(kit, form) -> dict:
    return {
        "kit": kit,
        "form": form,
        "rule": services.evidence_rule(),
        "recommendation_labels": RECOMMENDATION_LABELS,
    }
