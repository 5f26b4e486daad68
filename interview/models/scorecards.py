"""An interviewer's scorecard for one interview, and the notes per question."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.db import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from interview.models.hiring import Interview
    from interview.models.users import User

RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")


class Scorecard(db.Model):
    __tablename__ = "scorecards"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    framework_version_id: Mapped[int] = mapped_column(ForeignKey("framework_versions.id"))
    rating: Mapped[int | None] = mapped_column(Integer)
    # "Not enough evidence to rate" is its own answer, never the lowest score.
    insufficient_evidence: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str | None] = mapped_column(String(16))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    amended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    interview: Mapped[Interview] = relationship(back_populates="scorecard")
    author: Mapped[User] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="scorecard", order_by="Answer.position", cascade="all, delete-orphan"
    )
    fields: Mapped[list[DraftField]] = relationship(
        back_populates="scorecard", cascade="all, delete-orphan"
    )
    revisions: Mapped[list[ScorecardRevision]] = relationship(
        back_populates="scorecard",
        order_by="ScorecardRevision.number",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating >= 0", name="rating_not_negative"),
        CheckConstraint(
            "NOT (insufficient_evidence AND rating IS NOT NULL)", name="rating_or_insufficient"
        ),
        CheckConstraint(
            "submitted_at IS NULL OR rating IS NOT NULL OR insufficient_evidence",
            name="submitted_has_result",
        ),
        CheckConstraint(
            "amended_at IS NULL OR submitted_at IS NOT NULL", name="amended_after_submitted"
        ),
        CheckConstraint(
            "recommendation IS NULL OR recommendation IN ("
            + ", ".join(f"'{r}'" for r in RECOMMENDATIONS)
            + ")",
            name="recommendation_known",
        ),
    )

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def before_interview(self) -> bool:
        """Submitted before the interview's scheduled start: a wrong time in the loop, or a
        card written without the interview. Warned about, never counted as on time."""
        return self.submitted_at is not None and self.submitted_at < self.interview.starts_at


class Answer(db.Model):
    """Notes on one question: the answer, whether the outcome probe was asked, the outcome."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    probe_asked: Mapped[bool] = mapped_column(Boolean, default=False)
    probe_note: Mapped[str] = mapped_column(Text, default="")

    scorecard: Mapped[Scorecard] = relationship(back_populates="answers")

    __table_args__ = (UniqueConstraint("scorecard_id", "position"),)


class DraftField(db.Model):
    """One autosaved field of a draft (a note, a tick, the draft rating...).

    Each field has its own version: a save names the version it was based on and is
    refused when another tab or device saved that field in between.
    """

    __tablename__ = "draft_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    scorecard: Mapped[Scorecard] = relationship(back_populates="fields")

    __table_args__ = (
        UniqueConstraint("scorecard_id", "key"),
        CheckConstraint("version >= 1", name="version_positive"),
    )


REVISION_KINDS = ("submitted", "amended")


class ScorecardRevision(db.Model):
    """What a scorecard said at submission and after each amendment; never changed."""

    __tablename__ = "scorecard_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)

    scorecard: Mapped[Scorecard] = relationship(back_populates="revisions")
    author: Mapped[User] = relationship()

    __table_args__ = (
        UniqueConstraint("scorecard_id", "number"),
        CheckConstraint("kind IN ('submitted', 'amended')", name="kind_known"),
        CheckConstraint("kind = 'submitted' OR reason IS NOT NULL", name="amendment_has_reason"),
    )
