"""One candidate's consolidated scorecard and the hiring decision."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from interview.form_helpers import choices
from interview.kit.forms import RECOMMENDATION_LABELS
from interview.labels import DECISION
from interview.permissions import (
    HIRING_ROLES,
    can_edit_requisition,
    roles_required,
)
from interview.problems import save
from interview.results.access import require_results
from interview.results.chart import profile_svg
from interview.results.decisions import record_decision
from interview.results.services import consolidate, load_application

bp = Blueprint("results", __name__)

DECISION_LABELS = DECISION  # the stored codes, labelled where they are shown


class DecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=choices(DECISION_LABELS.items()),
                           validators=[DataRequired()])  # fmt: skip
    reason = TextAreaField(_l("Reasoning"), validators=[Length(max=5000)])


@bp.get("/applications/<int:application_id>/results")
@roles_required(*HIRING_ROLES)
def show(application_id: int):
    """Consolidated scorecard: every area against the expectation, the rule in words, the
    evidence. 404 for candidates the user's role does not reach, 403 with the reason while
    the independence rule keeps the user blind (``interview.visibility``)."""
    return _render(_visible(application_id), DecisionForm())


@bp.post("/applications/<int:application_id>/decision")
@roles_required(*HIRING_ROLES)
def decide(application_id: int):
    """Record the hiring manager's decision; a reason is required where it differs from
    the rule's result."""
    application = _visible(application_id)
    form = DecisionForm()
    if form.validate_on_submit():
        result = consolidate(application)
        saved, _row = save(
            form,
            lambda: record_decision(
                current_user, application, result, form.decision.data, form.reason.data or ""
            ),
            _("Decision recorded."),
        )
        if saved:
            return redirect(url_for("results.show", application_id=application.id) + "#decision")
    return _render(load_application(application_id), form), 422


def _visible(application_id: int):
    application = load_application(application_id)
    require_results(application)
    return application


def _render(application, form):
    result = consolidate(application)
    legend = {
        "expected": _("expected"),
        "actual": _("rating (mean)"),
        "rater": _("one rater"),
        "insufficient": _("insufficient evidence"),
        "missing": _("not rated yet"),
    }
    chart = profile_svg(
        result.areas,
        [p.value for p in result.framework.scale],
        _("Profile of %(name)s against the expectation", name=application.candidate.name),
        legend,
    )
    return render_template(
        "results/show.html",
        r=result,
        chart=chart,
        form=form,
        decision_labels=DECISION_LABELS,
        recommendation_label=lambda code: RECOMMENDATION_LABELS.get(code, code),
        can_decide=can_edit_requisition(current_user, application.requisition),
        printing=request.args.get("print") == "1",
    )
