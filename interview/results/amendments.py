"""What changed in a submitted scorecard, and why: its amendments, old and new side by side.

One function for the results page and the exports: :func:`amendment_history` reads the
revisions of many scorecards in one query and pairs each amendment with the version
before it. Who may see a scorecard is decided by the caller (``interview.visibility``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from interview.extensions import db
from interview.models import Scorecard, ScorecardRevision, User


@dataclass(frozen=True)
class Amendment:
    """One amendment: when, by whom, why, and the rating before and after.

    A rating is ``None`` where the card said "insufficient evidence" (see ``*_insufficient``).
    """

    scorecard_id: int
    revision: int  # 2 for the first amendment (1 is the submission)
    at: datetime
    by: str  # the author's name
    reason: str
    old_rating: int | None
    new_rating: int | None
    old_insufficient: bool
    new_insufficient: bool
    old_recommendation: str | None
    new_recommendation: str | None
    evidence_changed: bool

    @property
    def rating_changed(self) -> bool:
        return (self.old_rating, self.old_insufficient) != (self.new_rating, self.new_insufficient)


def amendment_history(scorecards: Iterable[Scorecard]) -> dict[int, list[Amendment]]:
    """Per scorecard id, its amendments oldest first (a card never amended: no entry).
    One query however many scorecards there are."""
    ids = [card.id for card in scorecards]
    if not ids:
        return {}
    rows = db.session.execute(
        # the author's name only: a whole User would load its roles in a second query
        select(ScorecardRevision, User.name)
        .join(User, User.id == ScorecardRevision.author_id)
        .where(ScorecardRevision.scorecard_id.in_(ids))
        .order_by(ScorecardRevision.scorecard_id, ScorecardRevision.number)
    ).all()
    history: dict[int, list[Amendment]] = {}
    before: dict[int, ScorecardRevision] = {}
    for revision, author in rows:
        previous = before.get(revision.scorecard_id)
        before[revision.scorecard_id] = revision
        if revision.kind != "amended" or previous is None:
            continue
        history.setdefault(revision.scorecard_id, []).append(_pair(previous, revision, author))
    return history


def _pair(old: ScorecardRevision, new: ScorecardRevision, author: str) -> Amendment:
    was, now = old.content or {}, new.content or {}
    return Amendment(
        scorecard_id=new.scorecard_id,
        revision=new.number,
        at=new.created_at,
        by=author,
        reason=new.reason or "",
        old_rating=was.get("rating"),
        new_rating=now.get("rating"),
        old_insufficient=bool(was.get("insufficient_evidence")),
        new_insufficient=bool(now.get("insufficient_evidence")),
        old_recommendation=was.get("recommendation"),
        new_recommendation=now.get("recommendation"),
        evidence_changed=(was.get("evidence") or "") != (now.get("evidence") or ""),
    )
