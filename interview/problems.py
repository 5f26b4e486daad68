"""How views run a service change: commit it, or undo it and show why it was refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash
from flask_wtf import FlaskForm

from interview.extensions import db

T = TypeVar("T")


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


def save(form: FlaskForm | None, change: Callable[[], T], done: str) -> tuple[bool, T | None]:
    """Run ``change`` (a service call); commit and flash ``done``, or roll back so nothing
    is half-saved and show the refusal. Returns (saved, what the service returned)."""
    try:
        result = change()
    except Refused as refusal:
        db.session.rollback()
        show_refusal(form, refusal)
        return False, None
    db.session.commit()
    flash(done, "success")
    return True, result
