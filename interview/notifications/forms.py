"""Forms: a user's notification choices, the admin outbox filter, button-only POSTs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, HiddenField, SelectField
from wtforms.fields.choices import SelectChoice

from interview.models.notifications import OUTBOX_STATUSES

LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}

STATUS_LABELS = {
    "pending": _l("Pending"),
    "sending": _l("Sending"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
}

KIND_LABELS = {
    "assigned": _l("Invitation"),
    "updated": _l("Change"),
    "cancelled": _l("Cancellation"),
    "reminder": _l("Reminder"),
    "due": _l("Scorecard due"),
    "overdue": _l("Scorecard overdue"),
    "nudge": _l("Reminder from the hiring team"),
    "digest": _l("Digest of overdue scorecards"),
    "all_in": _l("All scorecards in"),
}

#: the optional mails, with the roles that can receive them (None: everybody)
MAIL_LABELS = {
    "reminder": (_l("Reminder on the day of an interview"), None),
    "scorecard_due": (
        _l("Scorecard due, after the interview (and reminders from recruiters)"),
        None,
    ),
    "scorecard_overdue": (_l("Scorecard overdue"), None),
    "overdue_digest": (
        _l("Daily digest of overdue scorecards per requisition"),
        ("admin", "hiring_manager", "recruiter"),
    ),
    "all_in": (_l("All scorecards in for a candidate"), ("admin", "hiring_manager")),
}


class PreferencesForm(FlaskForm):
    language = SelectField(_l("Language of e-mails"), choices=[])
    reminder = BooleanField(MAIL_LABELS["reminder"][0])
    scorecard_due = BooleanField(MAIL_LABELS["scorecard_due"][0])
    scorecard_overdue = BooleanField(MAIL_LABELS["scorecard_overdue"][0])
    overdue_digest = BooleanField(MAIL_LABELS["overdue_digest"][0])
    all_in = BooleanField(MAIL_LABELS["all_in"][0])


def build_preferences_form(languages, roles: frozenset[str], **kwargs) -> PreferencesForm:
    """The form with the installation's languages and only the mails the user can get."""
    form = PreferencesForm(**kwargs)
    form.language.choices = [
        SelectChoice(code, LANGUAGE_NAMES.get(code, code)) for code in languages
    ]
    for name, (_label, for_roles) in MAIL_LABELS.items():
        if for_roles is not None and not roles.intersection(for_roles):
            delattr(form, name)
    return form


def mail_fields(form: PreferencesForm) -> dict[str, bool]:
    return {name: bool(form[name].data) for name in MAIL_LABELS if name in form}


class OutboxFilterForm(Form):
    """GET filter of the admin outbox page (no CSRF: it changes nothing)."""

    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("All")),
            *(SelectChoice(s, STATUS_LABELS[s]) for s in OUTBOX_STATUSES),
        ],
    )


class RemindForm(FlaskForm):
    """The "remind now" button; ``next`` brings the recruiter back to their page."""

    next = HiddenField()
