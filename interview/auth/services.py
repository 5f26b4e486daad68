"""Accounts: creating users and checking passwords."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from werkzeug.security import check_password_hash, generate_password_hash

from interview.db import utcnow
from interview.extensions import db
from interview.models import Role, User, UserRole

# Checked when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or ``None`` (no hint which was wrong)."""
    user = db.session.execute(
        db.select(User).filter_by(email=normalise_email(email))
    ).scalar_one_or_none()
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def create_user(email: str, name: str, password: str, roles: Iterable[str]) -> User:
    """Add a user; refuses short passwords. Flushes, the caller commits."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    user = User(email=normalise_email(email), name=name.strip())
    user.set_password(password)
    user.set_roles(frozenset(roles))
    db.session.add(user)
    db.session.flush()
    return user


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def admin_exists() -> bool:
    return (
        db.session.execute(db.select(UserRole).filter_by(role=Role.ADMIN.value).limit(1)).first()
        is not None
    )
