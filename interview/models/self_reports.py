"""Voluntary, self-reported group attributes of a candidate, kept apart from everything
else about them: only the aggregate selection-rate page reads this table, never a page an
interviewer or hiring manager sees."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from interview.db import UTCDateTime, db, utcnow


class SelfReport(db.Model):
    """One candidate's answers (attribute -> chosen value; "prefer not to say" is simply
    left out). No relationship to ``Candidate``: nothing loads it by accident."""

    __tablename__ = "self_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), unique=True
    )
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
