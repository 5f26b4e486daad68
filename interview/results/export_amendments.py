"""What each amendment of a scorecard changed: reason, who, when, old and new rating.

Read from the scorecard revisions (a "submitted" one, then one per amendment), in one query
for any number of scorecards. A stand-in for the exports until the results page's amendment
history lands; then both should share one function.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from interview.extensions import db
from interview.models import ScorecardRevision


@dataclass(frozen=True)
class Amendment:
    scorecard_id: int
    at: datetime
    by: str
    reason: str
    old_rating: int | None  # None with old_insufficient False: no earlier version kept
    old_insufficient: bool
    new_rating: int | None
    new_insufficient: bool


def amendments_of(scorecard_ids: Iterable[int]) -> dict[int, list[Amendment]]:
    """Every amendment of the given scorecards, oldest first, keyed by scorecard id."""
    ids = list(scorecard_ids)
    if not ids:
        return {}
    revisions = db.session.scalars(
        select(ScorecardRevision)
        .where(ScorecardRevision.scorecard_id.in_(ids))
        .options(joinedload(ScorecardRevision.author))
        .order_by(ScorecardRevision.scorecard_id, ScorecardRevision.number)
    )
    found: dict[int, list[Amendment]] = {}
    before: dict[int, dict[str, Any]] = {}
    for revision in revisions:
        content = revision.content or {}
        if revision.kind == "amended":
            old = before.get(revision.scorecard_id, {})
            found.setdefault(revision.scorecard_id, []).append(
                Amendment(
                    revision.scorecard_id,
                    revision.created_at,
                    revision.author.name,
                    revision.reason or "",
                    old.get("rating"),
                    bool(old.get("insufficient_evidence")),
                    content.get("rating"),
                    bool(content.get("insufficient_evidence")),
                )  # fmt: skip
            )
        before[revision.scorecard_id] = content
    return found
