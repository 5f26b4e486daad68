"""The signed-in user's own account: changing the password."""

from __future__ import annotations

from interview import audit
from interview.auth import sessions
from interview.auth.services import MIN_PASSWORD_LENGTH
from interview.extensions import db
from interview.models import User


class WrongPasswordError(ValueError):
    """The current password given was not the user's password."""


def change_password(user: User, current: str, new: str) -> None:
    """Replace the user's password and record that it changed (never the values). Every
    other sign-in of the user is revoked; the one making this request carries on.

    Refuses a wrong current password (``WrongPasswordError``) and a new password shorter
    than the minimum (``ValueError``)."""
    if not user.check_password(current):
        raise WrongPasswordError
    if len(new) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    user.set_password(new)
    sessions.revoke_sessions(user, keep_current=True)
    audit.record("change_password", user, f"{user.email} changed their own password")
    db.session.flush()
