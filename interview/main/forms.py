from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired


class LocaleForm(FlaskForm):
    # Checked against the configured languages by i18n.choose_locale.
    locale = StringField(validators=[DataRequired()])
    next = HiddenField()


class EmptyForm(FlaskForm):
    """For button-only POSTs (logout): CSRF token and nothing else."""
