"""Forms for the admin screens: a user's details, (de)activation and the list filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    Form,
    HiddenField,
    PasswordField,
    SearchField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional, ValidationError

from interview.auth.forms import password_rules
from interview.auth.services import normalise_email
from interview.form_helpers import MultiCheckboxField
from interview.labels import ROLE

#: human labels, in the order the roles are offered and listed
ROLE_LABELS = ROLE


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


def _email(value: str | None) -> str | None:
    return normalise_email(value) if value else value


def _at_least_one(form: FlaskForm, field: MultiCheckboxField) -> None:
    # A plain function, not DataRequired: that would mark every checkbox as required.
    if not field.data:
        raise ValidationError(_l("Choose at least one role."))


class UserForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("E-mail"), filters=[_email], validators=[DataRequired(), Email(), Length(max=254)]
    )
    roles = MultiCheckboxField(
        _l("Roles"),
        choices=[SelectChoice(role, label) for role, label in ROLE_LABELS.items()],
        validators=[_at_least_one],
    )


class NewUserForm(UserForm):
    password = PasswordField(
        _l("Initial password"),
        description=_l("Leave empty to generate one; it is shown once after saving."),
        validators=[Optional(), *password_rules()],
    )


class ActiveForm(FlaskForm):
    """Deactivate ("0") or reactivate ("1") a user: a button with a hidden value."""

    active = HiddenField(validators=[AnyOf(["0", "1"])])


class UserSearchForm(Form):
    """GET filter of the user list (no CSRF: it changes nothing)."""

    q = SearchField(_l("Name or e-mail"), filters=[_strip])


class AuditFilterForm(Form):
    """GET filter of the audit trail; the view fills in the object types that occur."""

    type = SelectField(_l("Object type"), choices=[])
