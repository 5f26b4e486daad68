"""Notifications: the outbox, what each interviewer was told, and per-user preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from interview.db import UTCDateTime, db, utcnow

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed")
CHANNELS = ("email", "webhook")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class OutboxMessage(db.Model):
    """One message to deliver, written in the transaction of the change that caused it.

    Generic over channels: an e-mail now, a webhook call later. Workers claim rows with a
    lease (``claimed_by``/``claimed_until``); a lease that runs out belongs to a worker that
    died, so another one may deliver the row again with the same ``message_id``.
    ``dedupe_key`` keeps notifications computed from data (reminders, digests) to one row.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), default="email")
    kind: Mapped[str] = mapped_column(String(32))
    # an e-mail address, or a URL for webhooks
    recipient: Mapped[str] = mapped_column(String(500))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # No foreign key: the message (a cancellation above all) outlives a removed interview.
    interview_id: Mapped[int | None] = mapped_column(Integer, index=True)
    subject: Mapped[str] = mapped_column(String(300))
    # e-mail: text, html and an optional calendar part; webhook: the body
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint(_in("status", OUTBOX_STATUSES), name="status_known"),
        CheckConstraint(_in("channel", CHANNELS), name="channel_known"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint("status <> 'sent' OR sent_at IS NOT NULL", name="sent_has_time"),
        CheckConstraint(
            "status <> 'sending' OR (claimed_by IS NOT NULL AND claimed_until IS NOT NULL)",
            name="sending_is_claimed",
        ),
        # the workers' query: what is due, oldest first
        Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    )


class InterviewNotice(db.Model):
    """What the interviewer of an interview was last told, for calendar updates.

    The calendar UID is random (SQLite may hand a removed interview's id to a new one);
    the SEQUENCE only grows. The snapshot tells a time or place change from a
    reassignment. ``last_nudged_at`` limits the recruiter's "remind now" per scorecard.
    """

    __tablename__ = "interview_notices"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    uid: Mapped[str] = mapped_column(String(255), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    attendee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    area_key: Mapped[str] = mapped_column(String(100))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    location: Mapped[str] = mapped_column(String(500), default="")
    # when the attendee last got an invitation mail (None: before notifications existed)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint("sequence >= 0", name="sequence_not_negative"),)


class UserPreferences(db.Model):
    """A user's language for mails, which optional mails they get, their calendar feed.

    No row means the defaults: installation language, every mail on, no feed. The feed
    token is stored as a SHA-256 hash only; the URL is shown once, when it is made.
    """

    __tablename__ = "user_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str | None] = mapped_column(String(8))
    reminder: Mapped[bool] = mapped_column(Boolean, default=True)
    scorecard_due: Mapped[bool] = mapped_column(Boolean, default=True)
    scorecard_overdue: Mapped[bool] = mapped_column(Boolean, default=True)
    overdue_digest: Mapped[bool] = mapped_column(Boolean, default=True)
    all_in: Mapped[bool] = mapped_column(Boolean, default=True)
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    feed_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint(
            "(feed_token_hash IS NULL) = (feed_created_at IS NULL)", name="feed_has_time"
        ),
    )
