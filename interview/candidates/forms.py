from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from interview.form_helpers import choices
from interview.labels import APPLICATION_STATUS

PHONE = r"^\+?[0-9 ()/.-]{5,30}$"


class CandidateForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    phone = StringField(
        _l("Phone (optional)"),
        validators=[Optional(), Regexp(PHONE, message=_l("Digits, spaces and + ( ) / - only."))],
    )
    source = StringField(_l("Source (optional)"), validators=[Optional(), Length(max=100)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])


INTERNAL_LABEL = _l("Internal candidate (already works here: no level allowance)")


class NewCandidateForm(CandidateForm):
    requisition_id = SelectField(_l("Consider for requisition"))
    internal = BooleanField(INTERNAL_LABEL)
    confirm_duplicate = BooleanField(_l("Yes, this is a different person: create a new candidate"))


class AddToRequisitionForm(FlaskForm):
    requisition_id = SelectField(_l("Also consider for"), validators=[DataRequired()])
    internal = BooleanField(INTERNAL_LABEL)


class ApplicationStatusForm(FlaskForm):
    status = SelectField(
        _l("Pipeline status"),
        choices=choices(APPLICATION_STATUS.items()),
        validators=[DataRequired()],
    )
    internal = BooleanField(INTERNAL_LABEL)


def requisition_choices(requisitions, *, optional: bool):
    pairs = [(r.id, r.title) for r in requisitions]
    return choices([("", _l("— none yet —")), *pairs] if optional else pairs)


class ImportUploadForm(FlaskForm):
    file = FileField(
        _l("CSV file or Excel workbook"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(
                ["csv", "txt", "xlsx"], _l("Upload a CSV file or an Excel workbook (.xlsx).")
            ),
        ],
    )


class ImportConfirmForm(FlaskForm):
    """The previewed rows travel back as JSON and are checked again before anything is stored."""

    rows = HiddenField(validators=[DataRequired()])
    filename = HiddenField(validators=[Length(max=255)])
