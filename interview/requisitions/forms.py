"""The requisition form, built for the framework the requisition uses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from interview.form_helpers import MultiCheckboxField, choices
from interview.labels import REQUISITION_STATUS
from interview.models.hiring import REQUISITION_STATUSES
from interview.question_bank import Framework


class FrameworkChoiceForm(FlaskForm):
    """Step one of a new requisition: which framework (fixed afterwards)."""

    class Meta:
        csrf = False  # a GET form that only selects what the next form shows

    framework = SelectField(_l("Competency framework"), validators=[DataRequired()])


class RequisitionForm(FlaskForm):
    title = StringField(_l("Job title"), validators=[DataRequired(), Length(max=200)])
    target_level = SelectField(_l("Target level"), validate_choice=True)
    required_areas = MultiCheckboxField(_l("Areas every loop must cover"))
    min_rating = SelectField(_l("Rating an area needs"))
    min_areas = SelectField(_l("Number of areas that need it"))
    none_below = SelectField(_l("No area may be rated below"))
    rule_text = TextAreaField(
        _l("Rule in words (shown to the panel)"), validators=[Optional(), Length(max=1000)]
    )
    owner_id = SelectField(_l("Hiring manager"))
    scores_visible = SelectField(
        _l("Interviewers see the panel's scorecards"),
        choices=choices(
            [
                ("after_submit", _l("after submitting their own")),
                (
                    "after_debrief",
                    _l("only after the hiring manager releases them for the debrief"),
                ),
            ]
        ),
    )
    status = SelectField(_l("Status"))
    reliability_share = IntegerField(
        _l("Reliability sample: share of candidates with one area rated twice (%)"),
        default=20,
        validators=[Optional(), NumberRange(0, 100)],
    )


def build_requisition_form(framework: Framework, owners: list, **kwargs) -> RequisitionForm:
    """A form whose choices come from ``framework`` (levels or target profile, scale, areas).

    Frameworks without levels get one target field per area (``target_0`` ...), pre-set to
    the framework's Soll value and overridable per requisition.
    """
    scale = [(p.value, f"{p.value} {p.label or ''}".strip()) for p in framework.scale]
    extra = {}
    if not framework.has_levels:
        for index, area in enumerate(framework.areas):
            extra[f"target_{index}"] = SelectField(
                area.title, choices=choices(scale), default=str(area.target)
            )
    form_class = type("FrameworkRequisitionForm", (RequisitionForm,), extra)
    form = form_class(**kwargs)
    form.target_fields = (
        [(a, form[f"target_{i}"]) for i, a in enumerate(framework.areas)] if extra else []
    )
    form.target_level.choices = choices((lv.id, lv.title) for lv in framework.levels)
    if not framework.has_levels:
        del form.target_level
    form.required_areas.choices = choices((a.id, a.title) for a in framework.areas)
    form.min_rating.choices = choices([("target", _l("its target value")), *scale])
    form.min_areas.choices = choices(
        [("all", _l("all")), *((n, n) for n in range(len(framework.areas), 0, -1))]
    )
    form.none_below.choices = choices([("", _l("no lower limit")), *scale])
    form.owner_id.choices = choices((u.id, f"{u.name} ({u.email})") for u in owners)
    form.status.choices = choices((s, REQUISITION_STATUS[s]) for s in REQUISITION_STATUSES)
    return form
