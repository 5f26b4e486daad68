from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length

from interview.auth.services import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField(_l("Stay signed in on this device"))
    next = HiddenField()


def password_rules() -> list:
    """Length rules for every new password, with the message users see."""
    return [
        Length(
            min=MIN_PASSWORD_LENGTH,
            message=_l("Use at least %(min)d characters.", min=MIN_PASSWORD_LENGTH),
        ),
        Length(max=1024),
    ]
