"""Who created or changed what, and when: kept in the database, readable by admins."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.db import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from interview.models.users import User


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Nullable: the CLI (init, demo) acts without a signed-in user.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int] = mapped_column()
    summary: Mapped[str] = mapped_column(String(500))
    # {"field": [old, new], ...}; never passwords.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)
