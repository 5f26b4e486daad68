"""Per-user choices: the language of mails, which optional mails, the calendar feed token.

Assignment mails (new, changed, cancelled interviews) cannot be switched off: they are
how an interviewer learns where to be.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from interview.extensions import db
from interview.models import User, UserPreferences

#: the mails a user may switch off, all on by default
OPTIONAL_MAILS = ("reminder", "scorecard_due", "scorecard_overdue", "overdue_digest", "all_in")


def preferences_for(user_ids: Iterable[int]) -> dict[int, UserPreferences]:
    """Stored preferences by user id, in one query (users without a row are missing)."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    rows = db.session.scalars(select(UserPreferences).where(UserPreferences.user_id.in_(ids)))
    return {row.user_id: row for row in rows}


def wants(preferences: UserPreferences | None, mail: str) -> bool:
    """Whether the user gets the optional ``mail`` (yes unless they switched it off)."""
    if mail not in OPTIONAL_MAILS:
        raise ValueError(f"unknown optional mail {mail!r}")
    return preferences is None or bool(getattr(preferences, mail))


def preferences_of(user: User) -> UserPreferences:
    """The user's row, or an unsaved one holding the defaults."""
    row = db.session.get(UserPreferences, user.id)
    if row is None:
        row = UserPreferences(user_id=user.id, language=None, **dict.fromkeys(OPTIONAL_MAILS, True))
    return row


def save_preferences(user: User, language: str | None, mails: dict[str, bool]) -> None:
    """Store the language (None: the installation's) and the given mail switches; refuses
    (``ValueError``) names that are not optional mails."""
    unknown = set(mails) - set(OPTIONAL_MAILS)
    if unknown:
        raise ValueError(f"unknown optional mails: {sorted(unknown)}")
    row = preferences_of(user)
    row.language = language or None
    for name, on in mails.items():
        setattr(row, name, bool(on))
    db.session.add(row)
    db.session.flush()


# --- calendar feed --------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def renew_feed_token(user: User, now: datetime) -> str:
    """A new secret for the user's feed URL; the old URL stops working. Only the hash is
    stored, so the caller shows the token once."""
    token = secrets.token_urlsafe(32)
    row = preferences_of(user)
    row.feed_token_hash = _hash(token)
    row.feed_created_at = now
    db.session.add(row)
    db.session.flush()
    return token


def revoke_feed_token(user: User) -> bool:
    """Ends the feed URL. Returns whether there was one."""
    row = db.session.get(UserPreferences, user.id)
    if row is None or row.feed_token_hash is None:
        return False
    row.feed_token_hash = None
    row.feed_created_at = None
    db.session.flush()
    return True


def user_for_feed_token(token: str) -> User | None:
    """The active user whose feed ``token`` opens, or None (unknown, revoked, deactivated)."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(User)
        .join(UserPreferences, UserPreferences.user_id == User.id)
        .where(UserPreferences.feed_token_hash == _hash(token), User.active.is_(True))
    )
