"""The kit form, built per request from the stored questions of one area."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from interview.form_helpers import choices
from interview.kit.fields import INSUFFICIENT, MAX_TEXT, MAX_VERSION, FieldError, check_text
from interview.kit.messages import field_message
from interview.kit.payload import form_versions
from interview.question_bank import Area, Framework

RECOMMENDATION_LABELS = {
    "strong_no": _l("Strong no"),
    "no": _l("No"),
    "yes": _l("Yes"),
    "strong_yes": _l("Strong yes"),
}


def storable_text(form: FlaskForm, field: Any) -> None:
    """No NUL and no unpaired surrogate: neither can be stored as text."""
    try:
        check_text(field.data or "")
    except FieldError as error:
        raise ValidationError(field_message(error.code)) from error


def field_versions(form: FlaskForm, field: Any) -> None:
    try:
        form_versions(field.data)
    except FieldError as error:
        raise ValidationError(field_message(error.code)) from error


def build_kit_form(
    area: Area,
    framework: Framework,
    values: dict[str, Any],
    *,
    amend: bool = False,
    from_request: bool = True,
) -> FlaskForm:
    """Fields named like the autosave keys (``q0_note`` ...), pre-filled from the draft.

    On a POST the form holds what was posted, unless ``from_request`` is false (a page
    that shows the stored draft again, e.g. after a conflict). The page renders the
    hidden ``versions`` (submit) and ``revision`` (amend) itself, from the stored state.
    """
    scale = tuple((p.value, p.label or str(p.value)) for p in framework.scale)
    form_class = kit_form_class(len(area.questions), scale, framework.recommendation, amend)
    if not from_request:
        return form_class(formdata=None, data=values)
    return form_class(data=values)


@lru_cache(maxsize=64)
def kit_form_class(
    questions: int, scale: tuple[tuple[int, str], ...], recommendation: bool, amend: bool
) -> type[FlaskForm]:
    """The form class for an area's shape, built once per process: building a class of
    twenty-odd fields cost a tenth of the kit page. Labels stay lazy (translated when
    rendered), so one class serves every language."""
    text = [Optional(), Length(max=MAX_TEXT), storable_text]
    attrs: dict[str, Any] = {}
    for index in range(questions):
        attrs[f"q{index}_note"] = TextAreaField(_l("Notes on the answer"), validators=text)
        attrs[f"q{index}_asked"] = BooleanField(_l("Outcome probe asked"))
        attrs[f"q{index}_outcome"] = TextAreaField(_l("Outcome"), validators=text)
    attrs["rating"] = RadioField(
        _l("Rating"),
        choices=choices([*scale, (INSUFFICIENT, _l("Insufficient evidence"))]),
        validators=[Optional()],
    )
    attrs["evidence"] = TextAreaField(_l("Evidence for this rating"), validators=text)
    if recommendation:
        attrs["recommendation"] = RadioField(
            _l("Overall recommendation (optional)"),
            choices=choices(RECOMMENDATION_LABELS.items()),
            validators=[Optional()],
        )
    attrs["confirm_no_probe"] = BooleanField(_l("Submit although no outcome probe is ticked"))
    if amend:
        attrs["reason"] = TextAreaField(
            _l("Reason for the amendment (required)"),
            validators=[Length(max=2000), storable_text],
        )
        attrs["revision"] = IntegerField(validators=[Optional(), NumberRange(0, MAX_VERSION)])
    else:
        attrs["versions"] = HiddenField(validators=[field_versions])
    return type("KitForm", (FlaskForm,), attrs)


def posted_versions(form: FlaskForm) -> dict[str, int]:
    """The field versions a validated kit form was based on."""
    return form_versions(form.versions.data)


def submitted_values(form: FlaskForm, area: Area, framework: Framework) -> dict[str, Any]:
    """The kit fields of a posted form as draft values (unset radios become empty text)."""
    values: dict[str, Any] = {}
    for index in range(len(area.questions)):
        values[f"q{index}_note"] = posted_text(form[f"q{index}_note"])
        values[f"q{index}_asked"] = bool(form[f"q{index}_asked"].data)
        values[f"q{index}_outcome"] = posted_text(form[f"q{index}_outcome"])
    values["rating"] = form["rating"].data or ""
    values["evidence"] = posted_text(form["evidence"])
    if framework.recommendation:
        values["recommendation"] = form["recommendation"].data or ""
    return values


def posted_text(field: Any) -> str:
    """A textarea as typed: browsers post its line breaks as CRLF, autosave sends LF, and
    the same note must compare equal either way."""
    return (field.data or "").replace("\r\n", "\n")
