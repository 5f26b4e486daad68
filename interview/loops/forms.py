from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from interview.form_helpers import choices, plausible_date
from interview.labels import INTERVIEW_MODE
from interview.question_bank import AreaGroup


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


def build_interview_form(
    interviewers, area_groups: tuple[AreaGroup, ...], **kwargs
) -> InterviewForm:
    """``area_groups``: the framework's areas by section (``Framework.area_groups``)."""
    form = InterviewForm(**kwargs)
    form.interviewer_id.choices = choices([("", "—"), *((u.id, u.name) for u in interviewers)])
    form.area_key.choices = area_choices(area_groups)
    return form


def area_choices(area_groups: tuple[AreaGroup, ...]) -> list | dict:
    """A flat list, or one option group per section: 35 areas in one list are hard to scan."""
    if len(area_groups) == 1 and area_groups[0].section is None:
        return choices([("", "—"), *((a.id, a.title) for a in area_groups[0].areas)])
    grouped = {"": choices([("", "—")])}
    for group in area_groups:
        title = group.section.title if group.section else ""
        grouped[title] = choices((a.id, a.title) for a in group.areas)
    return grouped


class LoopStatusForm(FlaskForm):
    status = SelectField(choices=choices([("ready", "ready"), ("draft", "draft")]))
