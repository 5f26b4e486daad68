"""Sign-ins: one row per browser that logged in, so a session can be ended on the server."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from interview.db import UTCDateTime, db


class LoginSession(db.Model):
    """The cookie carries a random token; only its SHA-256 is stored, so a copy of the
    table signs nobody in. Logging out, a password change, a reset or a deactivation set
    ``revoked_at``; idle and absolute lifetimes are checked against the two timestamps."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_agent: Mapped[str] = mapped_column(String(255), default="")

    def __repr__(self) -> str:
        return f"<LoginSession user={self.user_id} revoked={self.revoked_at is not None}>"
