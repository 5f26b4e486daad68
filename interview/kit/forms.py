"""The kit form, built per request from the stored questions of one area."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import Length, Optional

from interview.form_helpers import choices
from interview.kit.fields import INSUFFICIENT, MAX_TEXT
from interview.question_bank import Area, Framework

RECOMMENDATION_LABELS = {
    "strong_no": _l("Strong no"),
    "no": _l("No"),
    "yes": _l("Yes"),
    "strong_yes": _l("Strong yes"),
}


def build_kit_form(
    area: Area, framework: Framework, values: dict[str, Any], *, amend: bool = False
) -> FlaskForm:
    """Fields named like the autosave keys (``q0_note`` ...), pre-filled from the draft."""
    text = [Optional(), Length(max=MAX_TEXT)]
    attrs: dict[str, Any] = {}
    for index in range(len(area.questions)):
        attrs[f"q{index}_note"] = TextAreaField(_l("Notes on the answer"), validators=text)
        attrs[f"q{index}_asked"] = BooleanField(_l("Outcome probe asked"))
        attrs[f"q{index}_outcome"] = TextAreaField(_l("Outcome"), validators=text)
    scale = [(p.value, p.label or str(p.value)) for p in framework.scale]
    attrs["rating"] = RadioField(
        _l("Rating"),
        choices=choices([*scale, (INSUFFICIENT, _l("Insufficient evidence"))]),
        validators=[Optional()],
    )
    attrs["evidence"] = TextAreaField(_l("Evidence for this rating"), validators=text)
    if framework.recommendation:
        attrs["recommendation"] = RadioField(
            _l("Overall recommendation (optional)"),
            choices=choices(RECOMMENDATION_LABELS.items()),
            validators=[Optional()],
        )
    attrs["confirm_no_probe"] = BooleanField(_l("Submit although no outcome probe is ticked"))
    if amend:
        attrs["reason"] = TextAreaField(
            _l("Reason for the amendment (required)"), validators=[Length(max=2000)]
        )
    form_class = type("KitForm", (FlaskForm,), attrs)
    return form_class(data=values)


def submitted_values(form: FlaskForm, area: Area, framework: Framework) -> dict[str, Any]:
    """The kit fields of a posted form as draft values (unset radios become empty text)."""
    values: dict[str, Any] = {}
    for index in range(len(area.questions)):
        values[f"q{index}_note"] = form[f"q{index}_note"].data or ""
        values[f"q{index}_asked"] = bool(form[f"q{index}_asked"].data)
        values[f"q{index}_outcome"] = form[f"q{index}_outcome"].data or ""
    values["rating"] = form["rating"].data or ""
    values["evidence"] = form["evidence"].data or ""
    if framework.recommendation:
        values["recommendation"] = form["recommendation"].data or ""
    return values
