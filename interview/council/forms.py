from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import Optional

from interview.form_helpers import plausible_date


class ShareForm(FlaskForm):
    until = DateField(_l("Shared until (empty: until revoked)"),
                      validators=[Optional(), plausible_date])  # fmt: skip
