from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField


class LocaleForm(FlaskForm):
    locale = SelectField(choices=[("de", "Deutsch"), ("en", "English")])
    next = HiddenField()


class EmptyForm(FlaskForm):
    """For button-only POSTs (logout): CSRF token and nothing else."""
