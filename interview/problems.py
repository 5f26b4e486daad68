"""The one exception services raise when they refuse a change, with a reason for the user."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm


class Refused(Exception):
    """A rule says no. ``field`` names the form field the message belongs to, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def show_refusal(form: FlaskForm | None, refusal: Refused) -> None:
    """Put the reason next to its field, or at the top of the page."""
    if form is not None and refusal.field and refusal.field in form:
        form[refusal.field].errors = [*form[refusal.field].errors, refusal.message]
    else:
        flash(refusal.message, "error")
