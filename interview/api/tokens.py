"""Personal access tokens: made by their user (or an operator), shown once, revoked.

A token is ``sc_`` plus 43 URL-safe characters (32 random bytes); the database holds its
SHA-256 only. A token works while it is not revoked and its user is active; it never
grants more than the user's roles, and a "read" token allows GET requests only.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from interview import audit
from interview.db import utcnow
from interview.extensions import db
from interview.models import ApiToken, User
from interview.models.integrations import TOKEN_SCOPES
from interview.problems import Refused

PREFIX = "sc_"
#: ``last_used_at`` is written at most this often per token, not on every request
TOUCH_INTERVAL = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token (shown once, never again).
    Refuses unknown scopes, an empty name and inactive users."""
    if scope not in TOKEN_SCOPES:
        raise Refused(_("Choose read or write."), "scope")
    name = " ".join((name or "").split())[:100]
    if not name:
        raise Refused(_("Give the token a name."), "name")
    if not user.active:
        raise Refused(_("This user is deactivated."))
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id, name=name, scope=scope, token_hash=token_hash(token),
        prefix=token[:10], created_at=utcnow(),
    )  # fmt: skip
    db.session.add(row)
    db.session.flush()
    audit.record("created", row, f"API token '{name}' ({scope}) for {user.email}")
    return row, token


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, live ones first, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
        )
    )


def revoke(user: User, token_id: int) -> ApiToken | None:
    """Revoke one of the user's own tokens; None for a token that is not theirs."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        return None
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record("revoked", row, f"API token '{row.name}' of {user.email}")
    return row


def authenticate(token: str) -> ApiToken | None:
    """The live token row for ``token`` (with its user), or None: unknown, revoked, or
    the user is deactivated. Notes when it was last used."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_INTERVAL:
        row.last_used_at = now
        db.session.commit()
    return row
