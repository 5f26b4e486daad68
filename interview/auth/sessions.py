"""Sign-ins kept on the server: started at login, checked on every request, revoked on
logout, password change, password reset and deactivation.

The session cookie and the "stay signed in" cookie both carry ``"<user id>.<token>"``
(Flask-Login's user id); the token names one ``login_sessions`` row. A cookie captured
before a logout is therefore worthless after it, whichever cookie it was.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from flask_login import login_user
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from interview.db import utcnow
from interview.extensions import db
from interview.models import LoginSession, User

# last_seen_at is written at most this often per sign-in, not on every request.
TOUCH_INTERVAL = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def max_lifetime() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_MAX_HOURS"])


def start_session(user: User, user_agent: str) -> str:
    """Record a new sign-in of ``user`` and return its token (also set on the user for
    Flask-Login's ``get_id``). Drops the user's sign-ins past the absolute lifetime, so the
    table does not grow with every login. Flushes; the request commits."""
    now = utcnow()
    db.session.execute(
        db.delete(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.created_at < now - max_lifetime()
        )
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            user_agent=user_agent[:255],
        )
    )
    db.session.flush()
    user.login_token = token
    return token


def sign_in(user: User, user_agent: str, *, remember: bool) -> None:
    """Start a sign-in of ``user`` and give it to Flask-Login (session and, with
    ``remember``, the "stay signed in" cookie). Password and single sign-on both come here.
    Flushes; the request commits."""
    start_session(user, user_agent)
    login_user(user, remember=remember, duration=max_lifetime())


def user_for_identity(identity: str) -> User | None:
    """The user signed in as ``"<user id>.<token>"``, with their roles, in one query.

    ``None`` when the sign-in is unknown or revoked, idle longer than
    ``SESSION_IDLE_MINUTES``, older than ``SESSION_MAX_HOURS``, or the user is deactivated.
    Notes the request in ``last_seen_at`` at most once a minute."""
    user_id, _, token = identity.partition(".")
    if not user_id.isdigit() or not token:
        return None
    parameters = {"user_id": int(user_id), "token_hash": token_hash(token)}
    row = db.session.execute(_signed_in_query(), parameters).unique().one_or_none()
    if row is None:
        return None
    user, login = row
    now = utcnow()
    if not user.active or not is_live(login, now):
        return None
    if now - login.last_seen_at >= TOUCH_INTERVAL:
        _touch(login.token_hash, now)
    user.login_token = token
    return user


@cache
def _signed_in_query() -> Select:
    """User, roles and sign-in, in one query built once: every request runs it, and
    building the statement cost as much as running it."""
    return (
        select(User, LoginSession)
        .join(LoginSession, LoginSession.user_id == User.id)
        # Roles are needed on every page (permissions, navigation): same query.
        .options(joinedload(User.role_rows))
        .where(User.id == bindparam("user_id"), LoginSession.token_hash == bindparam("token_hash"))
    )


def is_live(login: LoginSession, now: datetime) -> bool:
    return (
        login.revoked_at is None
        and now - login.last_seen_at < idle_lifetime()
        and now - login.created_at < max_lifetime()
    )


def end_session(user: User) -> None:
    """Revoke the sign-in ``user`` is signed in with (logout). Flushes."""
    db.session.execute(
        db.update(LoginSession)
        .where(
            LoginSession.token_hash == token_hash(user.login_token),
            LoginSession.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    db.session.flush()


def revoke_sessions(user: User, *, keep_current: bool = False) -> None:
    """Revoke every sign-in of ``user`` (password reset, deactivation), or every one but
    the sign-in this request is made with (``keep_current``: own password change).
    Flushes; the request commits it together with the change that caused it."""
    query = db.update(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None)
    )
    if keep_current and user.login_token:
        query = query.where(LoginSession.token_hash != token_hash(user.login_token))
    db.session.execute(query.values(revoked_at=utcnow()))
    db.session.flush()


def _touch(hashed: str, now: datetime) -> None:
    # Its own short transaction: a GET never commits, and committing the request's
    # session here would expire the user just loaded (more queries).
    with db.engine.begin() as conn:
        conn.execute(
            db.update(LoginSession)
            .where(
                LoginSession.token_hash == hashed,
                LoginSession.last_seen_at < now - TOUCH_INTERVAL,
            )
            .values(last_seen_at=now)
        )
