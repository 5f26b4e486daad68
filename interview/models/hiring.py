"""Requisitions, candidates, their applications and interview loops."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.db import UTCDateTime, db, utcnow
from interview.rules import DecisionRule
from interview.statuses import (  # noqa: F401  (re-exported: models.hiring names them)
    ACTIVE_APPLICATION_STATUSES,
    APPLICATION_STATUSES,
    CLOSED_STATUSES,
)

if TYPE_CHECKING:
    from interview.models.frameworks import FrameworkVersion
    from interview.models.scorecards import Scorecard
    from interview.models.users import User

REQUISITION_STATUSES = ("open", "on_hold", "closed")
LOOP_STATUSES = ("draft", "ready")
SCORE_VISIBILITY = ("after_submit", "after_debrief")
INTERVIEW_MODES = ("on_site", "remote")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Requisition(db.Model):
    __tablename__ = "requisitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    framework_version_id: Mapped[int] = mapped_column(ForeignKey("framework_versions.id"))
    # Expectation: a target level for frameworks with levels, or per-area target overrides
    # on top of the framework's Soll profile.
    target_level: Mapped[str | None] = mapped_column(String(100))
    target_overrides: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    required_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    decision_rule: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default="open")
    # Independent scoring: when interviewers who submitted may see the panel's scorecards.
    scores_visible: Mapped[str] = mapped_column(
        String(16), default="after_submit", server_default="after_submit"
    )
    debrief_released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Reliability sample: the share of candidates (percent) whose loop pairs one area with
    # a second, independent rater, so that agreement between raters can be measured.
    reliability_share: Mapped[int] = mapped_column(Integer, default=20, server_default="20")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    framework_version: Mapped[FrameworkVersion] = relationship(lazy="joined")
    owner: Mapped[User] = relationship(lazy="joined")
    applications: Mapped[list[Application]] = relationship(back_populates="requisition")

    @property
    def rule(self) -> DecisionRule | None:
        """The stored decision rule as the one typed rule object (None: no rule)."""
        return DecisionRule.from_dict(self.decision_rule)

    __table_args__ = (
        CheckConstraint(_in("status", REQUISITION_STATUSES), name="status_known"),
        CheckConstraint(_in("scores_visible", SCORE_VISIBILITY), name="scores_visible_known"),
        CheckConstraint("reliability_share BETWEEN 0 AND 100", name="reliability_share_percent"),
    )


class Candidate(db.Model):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Not unique: duplicates by e-mail are flagged to a person, never merged silently.
    email: Mapped[str] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(50))
    source: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Retention (interview.privacy): set once name, contact data and free text are gone.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A pending legal dispute keeps everything until the hold is lifted.
    legal_hold_reason: Mapped[str | None] = mapped_column(Text)
    legal_hold_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Talent pool: the candidate agreed on this day to be kept until the other.
    talent_pool_consent_on: Mapped[date | None] = mapped_column(Date)
    talent_pool_until: Mapped[date | None] = mapped_column(Date)

    applications: Mapped[list[Application]] = relationship(back_populates="candidate")

    __table_args__ = (
        CheckConstraint(
            "(legal_hold_reason IS NULL) = (legal_hold_at IS NULL)", name="hold_has_time"
        ),
        CheckConstraint(
            "(talent_pool_consent_on IS NULL) = (talent_pool_until IS NULL)",
            name="consent_has_end",
        ),
        CheckConstraint(
            "talent_pool_until IS NULL OR talent_pool_until >= talent_pool_consent_on",
            name="consent_ends_after_start",
        ),
    )


class Application(db.Model):
    """A candidate considered for one requisition, with a pipeline status."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"))
    requisition_id: Mapped[int] = mapped_column(ForeignKey("requisitions.id"))
    status: Mapped[str] = mapped_column(String(16), default="new")
    # Internal candidates get no level allowance: the framework's ramp-up allowance is
    # meant for people new to the company (``Framework.level_allowance``).
    internal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the status last became hired, rejected or withdrawn (kept by the listener below).
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    candidate: Mapped[Candidate] = relationship(back_populates="applications", lazy="joined")
    requisition: Mapped[Requisition] = relationship(back_populates="applications")
    loop: Mapped[Loop | None] = relationship(back_populates="application")

    __table_args__ = (
        UniqueConstraint("candidate_id", "requisition_id"),
        CheckConstraint(_in("status", APPLICATION_STATUSES), name="status_known"),
        CheckConstraint(
            f"({_in('status', CLOSED_STATUSES)}) = (closed_at IS NOT NULL)",
            name="closed_has_time",
        ),
    )


@event.listens_for(Application.status, "set")
def _track_closing(application: Application, status: str, old: object, _initiator) -> None:
    """Every way of changing the status (pipeline, decision, demo) starts or stops the
    retention clock, so no service can forget it."""
    if status in CLOSED_STATUSES:
        if old not in CLOSED_STATUSES or application.closed_at is None:
            application.closed_at = utcnow()
    else:
        application.closed_at = None


class Loop(db.Model):
    """The interviews one application goes through; ready once every required area is covered."""

    __tablename__ = "loops"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="loop")
    interviews: Mapped[list[Interview]] = relationship(
        back_populates="loop", order_by="Interview.starts_at"
    )

    __table_args__ = (CheckConstraint(_in("status", LOOP_STATUSES), name="status_known"),)


class Interview(db.Model):
    """One interviewer assigned exactly one competency area within a loop."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    loop_id: Mapped[int] = mapped_column(ForeignKey("loops.id"))
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    area_key: Mapped[str] = mapped_column(String(100))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    location: Mapped[str] = mapped_column(String(500), default="")
    # A second rater on the same area only when the hiring manager confirmed it on purpose.
    second_rater: Mapped[bool] = mapped_column(Boolean, default=False)
    # on_site or remote; None where nobody recorded it (older interviews)
    mode: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    loop: Mapped[Loop] = relationship(back_populates="interviews")
    interviewer: Mapped[User] = relationship(lazy="joined")
    scorecard: Mapped[Scorecard | None] = relationship(back_populates="interview")

    __table_args__ = (
        UniqueConstraint("loop_id", "interviewer_id"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("mode IS NULL OR " + _in("mode", INTERVIEW_MODES), name="mode_known"),
    )


DECISIONS = ("advance", "hire", "reject", "on_hold")


class Decision(db.Model):
    """The hiring manager's decision on a candidate, with the reasoning; never overwritten
    (a new decision is a new row), so the record shows how it came about."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    # what the decision rule said at that moment: meets, below or open
    rule_result: Mapped[str] = mapped_column(String(16))
    rule_explanation: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decided_by: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(_in("decision", DECISIONS), name="decision_known"),
        CheckConstraint(_in("rule_result", ("meets", "below", "open")), name="rule_result_known"),
    )
