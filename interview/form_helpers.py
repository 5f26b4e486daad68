"""Small WTForms helpers shared by feature forms."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from interview.edges import EARLIEST_YEAR, LATEST_YEAR, year_in_range


def choices(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices; values become strings, labels stay lazy
    (translated when the form is rendered, not when the module is imported)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: easier to tap than a multiple select."""

    widget = ListWidget(prefix_label=False, html_tag="ul")
    option_widget = CheckboxInput()


def plausible_date(form, field) -> None:
    """A WTForms validator: dates far in the past or future are typing mistakes."""
    if field.data is not None and not year_in_range(field.data):
        raise ValidationError(
            _l("Enter a date between %(first)s and %(last)s.", first=EARLIEST_YEAR,
               last=LATEST_YEAR)
        )  # fmt: skip


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def to_utc(local: datetime) -> datetime:
    """A naive date-time typed in the installation's time zone, as an aware UTC value."""
    return local.replace(tzinfo=local_zone()).astimezone(UTC)


def to_local_naive(value: datetime) -> datetime:
    """For pre-filling a datetime-local input."""
    return value.astimezone(local_zone()).replace(tzinfo=None)
