"""Departures from a candidate's panel: the facts the independence rule needs about people
who were on a panel and left it without a scorecard (see ``interview.visibility``)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.db import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from interview.models.users import User

#: how someone left: their interview was deleted, or handed to another person
DEPARTURE_KINDS = ("deleted", "reassigned")


class PanelDeparture(db.Model):
    """Someone left a loop's panel without a scorecard. Kept for good: while nobody took
    over (``replaced_by_id`` empty) they stay blind to the panel's scorecards; once
    another person took over they may see them as their role allows, and may never
    rejoin that panel."""

    __tablename__ = "panel_departures"

    id: Mapped[int] = mapped_column(primary_key=True)
    loop_id: Mapped[int] = mapped_column(ForeignKey("loops.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    area_key: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    left_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Nullable like the audit trail's actor: a command-line change has no signed-in user.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")

    __table_args__ = (
        # the visibility query asks "which loops did this user leave?"
        Index("ix_panel_departures_user_loop", "user_id", "loop_id"),
        Index("ix_panel_departures_loop_id", "loop_id"),
        CheckConstraint("kind IN ('deleted', 'reassigned')", name="kind_known"),
        CheckConstraint(
            "(replaced_by_id IS NULL) = (replaced_at IS NULL)", name="replaced_with_time"
        ),
        CheckConstraint(
            "replaced_by_id IS NULL OR replaced_by_id <> user_id", name="replaced_by_another"
        ),
    )
