"""Accounts at the identity provider that sign in as a user of this app."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from interview.db import UTCDateTime, db, utcnow


class SsoIdentity(db.Model):
    """One provider account (issuer + subject) linked to one user. The subject never
    changes at the provider while the e-mail may, so a linked account is found by it and an
    e-mail address reused at the provider cannot take over somebody else's account."""

    __tablename__ = "sso_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    def __repr__(self) -> str:
        return f"<SsoIdentity {self.issuer} {self.subject} user={self.user_id}>"
