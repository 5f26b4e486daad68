"""What other systems use: personal access tokens for the API, webhook endpoints."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.db import UTCDateTime, db, utcnow
from interview.models.users import User

TOKEN_SCOPES = ("read", "write")


class ApiToken(db.Model):
    """A personal access token: the API acts as its user, never beyond the user's roles.

    Only the SHA-256 of the token is stored (it has 256 random bits, so a plain hash is
    enough), so a copy of the table lets nobody in; the token is shown once, when made.
    ``scope`` "read" allows GET requests only. Revoked tokens stay listed, with the time.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(8))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # the first characters, so that a user can tell their tokens apart
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # the API needs the user (and their roles) on every request
    user: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (CheckConstraint("scope IN ('read', 'write')", name="scope_known"),)


class WebhookEndpoint(db.Model):
    """An address that is told about events (HMAC-signed POSTs through the outbox).

    The secret signs every delivery, so it is kept as it is (a hash could not sign); it is
    shown to the admin once, when made or renewed.
    """

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the outcome of the latest delivery attempt, for the admin page
    last_status: Mapped[str | None] = mapped_column(String(200))
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
