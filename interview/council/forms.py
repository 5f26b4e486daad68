from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, Optional

from interview.form_helpers import plausible_date


class ShareForm(FlaskForm):
    until = DateField(_l("Shared until (empty: until revoked)"),
                      validators=[Optional(), plausible_date])  # fmt: skip


class ApprovalForm(FlaskForm):
    reference = StringField(
        _l("Reference (e.g. the works agreement)"), validators=[DataRequired(), Length(max=300)]
    )
