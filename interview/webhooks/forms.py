"""The admin's webhook form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from interview.form_helpers import MultiCheckboxField, choices
from interview.webhooks.services import EVENTS


class WebhookForm(FlaskForm):
    url = StringField(
        _l("Address"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("HTTPS address of the receiving system."),
    )
    events = MultiCheckboxField(_l("Events"), choices=choices(EVENTS.items()))
