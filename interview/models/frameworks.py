"""Every version of a framework that was ever loaded, kept for good.

Interviews point at the version they used, so an edit to the question bank
never rewrites what an earlier interview showed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from interview.db import UTCDateTime, db, utcnow


class FrameworkVersion(db.Model):
    __tablename__ = "framework_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_key: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(16))
    # The parsed framework as plain data (see question_bank.model.framework_from_dict).
    # Deferred: large, and parsed once per process (frameworks.services.framework_of).
    content: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("framework_key", "version"),)
