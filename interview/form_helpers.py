"""Small WTForms helpers shared by feature forms."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget


def choices(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices; values become strings, labels stay lazy
    (translated when the form is rendered, not when the module is imported)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: easier to tap than a multiple select."""

    widget = ListWidget(prefix_label=False, html_tag="ul")
    option_widget = CheckboxInput()


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def to_utc(local: datetime) -> datetime:
    """A naive date-time typed in the installation's time zone, as an aware UTC value."""
    return local.replace(tzinfo=local_zone()).astimezone(UTC)


def to_local_naive(value: datetime) -> datetime:
    """For pre-filling a datetime-local input."""
    return value.astimezone(local_zone()).replace(tzinfo=None)
