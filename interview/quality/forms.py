"""The self-report form: one optional choice per configured attribute."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional

from interview.form_helpers import choices


class SelfReportForm(FlaskForm):
    """Fields ``attr_0`` ... are added per attribute; ``fields_by_attribute`` maps back."""


def build_self_report_form(attributes: dict[str, list[str]]) -> SelfReportForm:
    """Every answer optional ("prefer not to say" is the empty choice); never prefilled, so
    the page does not show what a candidate reported."""
    extra = {
        f"attr_{n}": SelectField(
            name,
            choices=choices([("", _l("prefer not to say")), *((a, a) for a in answers)]),
            validators=[Optional()],
        )
        for n, (name, answers) in enumerate(attributes.items())
    }
    form = type("ConfiguredSelfReportForm", (SelfReportForm,), extra)()
    form.fields_by_attribute = {name: form[f"attr_{n}"] for n, name in enumerate(attributes)}
    return form
