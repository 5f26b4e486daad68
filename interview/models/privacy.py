"""Data protection and co-determination: daily jobs, works-council shares, approvals."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.db import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from interview.models.users import User


class JobRun(db.Model):
    """A daily job (the retention run) claimed for one day. The primary key is the claim:
    of several workers on several servers, the one whose insert succeeds runs the job."""

    __tablename__ = "job_runs"

    job: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    claimed_by: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    summary: Mapped[str] = mapped_column(String(500), default="")


class RequisitionShare(db.Model):
    """A requisition shared with the works council (every user holding that role), until
    ``until`` if given. Removing the row ends the access."""

    __tablename__ = "requisition_shares"

    requisition_id: Mapped[int] = mapped_column(
        ForeignKey("requisitions.id", ondelete="CASCADE"), primary_key=True
    )
    shared_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    until: Mapped[date | None] = mapped_column(Date)

    shared_by: Mapped[User] = relationship(lazy="joined")


APPROVAL_SUBJECTS = ("framework_version", "decision_rule")


class Approval(db.Model):
    """The works council's consent to a framework version (assessment principles, §94
    BetrVG) or to a requisition's decision rule (a selection guideline, §95), as recorded
    by an admin: who, when, under which reference (e.g. the works agreement). A rule
    approval holds for the rule it names: a changed rule needs a new approval."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(32))
    framework_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("framework_versions.id"), index=True
    )
    requisition_id: Mapped[int | None] = mapped_column(
        ForeignKey("requisitions.id", ondelete="CASCADE"), index=True
    )
    # the decision rule as approved (decision_rule only)
    rule: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reference: Mapped[str] = mapped_column(String(300))
    approved_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    approved_by: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("subject IN ('framework_version', 'decision_rule')", name="subject_known"),
        CheckConstraint(
            "(subject = 'framework_version') = (framework_version_id IS NOT NULL)",
            name="framework_version_named",
        ),
        CheckConstraint(
            "(subject = 'decision_rule') = (requisition_id IS NOT NULL)",
            name="rule_named",
        ),
    )
