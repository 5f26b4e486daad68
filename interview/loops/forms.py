from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from interview.form_helpers import choices, plausible_date
from interview.labels import INTERVIEW_MODE


class InterviewForm(FlaskForm):
    interviewer_id = SelectField(_l("Interviewer"), validators=[DataRequired()])
    area_key = SelectField(_l("Competency area"), validators=[DataRequired()])
    starts_at = DateTimeLocalField(
        _l("Start"), format="%Y-%m-%dT%H:%M", validators=[InputRequired(), plausible_date]
    )
    duration_minutes = IntegerField(
        _l("Duration (minutes)"), default=60, validators=[InputRequired(), NumberRange(15, 480)]
    )
    location = StringField(_l("Room or video link"), validators=[Optional(), Length(max=500)])
    mode = SelectField(
        _l("Held"),
        choices=choices([("", _l("not recorded")), *INTERVIEW_MODE.items()]),
        validators=[Optional()],
    )
    second_rater = BooleanField(_l("Second rater for this area, on purpose"))


def build_interview_form(interviewers, areas, **kwargs) -> InterviewForm:
    form = InterviewForm(**kwargs)
    form.interviewer_id.choices = choices([("", "—"), *((u.id, u.name) for u in interviewers)])
    form.area_key.choices = choices([("", "—"), *((a.id, a.title) for a in areas)])
    return form


class LoopStatusForm(FlaskForm):
    status = SelectField(choices=choices([("ready", "ready"), ("draft", "draft")]))
