from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from interview.form_helpers import plausible_date


class HoldForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (e.g. the court case)"), validators=[DataRequired(), Length(max=2000)]
    )


class ConsentForm(FlaskForm):
    given_on = DateField(_l("Consent given on"), validators=[DataRequired(), plausible_date])
    until = DateField(
        _l("Valid until (empty: remove the consent)"), validators=[Optional(), plausible_date]
    )


class EraseForm(FlaskForm):
    reason = StringField(
        _l("Reason (e.g. the request and its date)"),
        validators=[DataRequired(), Length(max=500)],
    )
    confirm = BooleanField(
        _l("Yes, erase this candidate's personal data now. This cannot be undone."),
        validators=[DataRequired()],
    )
