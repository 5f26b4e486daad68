"""Accounts: creating users and checking passwords."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Iterable

from sqlalchemy.orm import lazyload
from werkzeug.security import check_password_hash, generate_password_hash

from interview.db import utcnow
from interview.extensions import db
from interview.models import Role, User, UserRole

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    return email.strip().lower()


@functools.cache
def dummy_password_hash() -> str:
    """The hash of a random password, made like every stored one (same method and cost).
    Computed on first use, not at import: hashing is slow on purpose and start-up is not."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or ``None`` (no hint which was wrong).

    Every path checks exactly one password hash, the same query included: an unknown or
    deactivated account is checked against a dummy hash, so the time an answer takes says
    nothing about which e-mail addresses have an account."""
    user = db.session.execute(
        db.select(User)
        .filter_by(email=normalise_email(email))
        .options(lazyload(User.role_rows))  # not needed to sign in
    ).scalar_one_or_none()
    usable = user is not None and user.active
    stored_hash = user.password_hash if usable else dummy_password_hash()
    if not check_password_hash(stored_hash, password) or not usable:
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
