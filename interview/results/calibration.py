"""Calibration aids: the per-interviewer summary (leniency or severity against the panel,
insufficient evidence, punctuality). The comparison matrix is ``results.comparison``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from statistics import mean
from typing import cast

from flask import current_app
from sqlalchemy import select

from interview.assignments.services import OVERDUE_AFTER
from interview.extensions import db
from interview.models import Application, Interview, Loop, Requisition, Scorecard, User
from interview.statistics.rater_effects import PRIOR_STRENGTH
from interview.visibility import blind_applications

#: the summary lists at most this many interviewers (there are usually a few dozen)
INTERVIEWER_LIMIT = 200
#: a difference to the panel of half a scale point or more is worth a look
NOTABLE_DIFFERENCE = 0.5


# --- the per-interviewer summary -------------------------------------------------------------


@dataclass(frozen=True)
class CardRecord:
    """One submitted scorecard, reduced to what the summary needs."""

    interviewer_id: int
    interviewer: str
    application_id: int
    rating: int | None  # None: insufficient evidence
    submitted_at: datetime
    interview_ends_at: datetime
    interview_starts_at: datetime | None = None  # a card submitted before it is not on time


@dataclass(frozen=True)
class InterviewerSummary:
    interviewer_id: int
    name: str
    scorecards: int
    mean: float | None
    panel_mean: float | None
    insufficient_share: float
    on_time_share: float
    compared: int = 0  # own ratings of candidates the rest of the panel rated too
    held_back: bool = True  # too few compared ratings to say anything
    estimate: float | None = None  # the difference shrunk toward the panel

    @property
    def difference(self) -> float | None:
        """Positive: rates more leniently than the rest of the panel; negative: more severely."""
        if self.mean is None or self.panel_mean is None:
            return None
        return round(self.mean - self.panel_mean, 2)

    @property
    def notable(self) -> bool:
        return self.estimate is not None and abs(self.estimate) >= NOTABLE_DIFFERENCE


def summarise(
    records: Iterable[CardRecord],
    limit: int = INTERVIEWER_LIMIT,
    on_time: timedelta = OVERDUE_AFTER,
    min_n: int = 5,
    prior_strength: float = PRIOR_STRENGTH,
) -> tuple[list[InterviewerSummary], bool]:
    """Per interviewer, in name order: scorecards, own mean, the mean of the OTHER
    interviewers' ratings of the same candidates (those the interviewer rated), the share of
    "insufficient evidence" and the share submitted within ``on_time`` of the interview's
    end. Returns at most ``limit`` summaries and whether more were left off. Pure."""
    records = list(records)
    by_application: dict[int, list[CardRecord]] = defaultdict(list)
    by_interviewer: dict[int, list[CardRecord]] = defaultdict(list)
    for record in records:
        by_application[record.application_id].append(record)
        by_interviewer[record.interviewer_id].append(record)
    summaries = []
    for interviewer_id, own in by_interviewer.items():
        ratings = [r.rating for r in own if r.rating is not None]
        candidates = {r.application_id for r in own if r.rating is not None}
        others = [o.rating for a in candidates for o in by_application[a]
                  if o.interviewer_id != interviewer_id and o.rating is not None]  # fmt: skip
        punctual = sum(1 for r in own if _on_time(r, on_time))
        compared = sum(1 for r in own if r.rating is not None and any(
            o.interviewer_id != interviewer_id and o.rating is not None
            for o in by_application[r.application_id]))  # fmt: skip
        summary = InterviewerSummary(
            interviewer_id, own[0].interviewer, len(own),
            round(mean(ratings), 2) if ratings else None,
            round(mean(others), 2) if others else None,
            (len(own) - len(ratings)) / len(own), punctual / len(own), compared,
        )  # fmt: skip
        if summary.difference is not None and compared >= min_n:
            # as interview.statistics.rater_effects: k imaginary differences of zero
            shrunk = summary.difference * compared / (compared + prior_strength)
            summary = replace(summary, held_back=False, estimate=round(shrunk, 2))
        summaries.append(summary)
    summaries.sort(key=lambda s: (s.name.casefold(), s.interviewer_id))
    return summaries[:limit], len(summaries) > limit


def _on_time(record: CardRecord, on_time: timedelta) -> bool:
    """Submitted after the interview began and within ``on_time`` of its end."""
    started = record.interview_starts_at
    if started is not None and record.submitted_at < started:
        return False
    return record.submitted_at - record.interview_ends_at <= on_time


def submitted_records(requisition_id: int | None = None) -> list[CardRecord]:
    """Every submitted scorecard (of one requisition, if given) in one query."""
    query = (
        select(Scorecard.rating, Scorecard.insufficient_evidence, Scorecard.submitted_at,
               Interview.starts_at, Interview.duration_minutes, Interview.interviewer_id,
               User.name, Loop.application_id)
        .join(Interview, Scorecard.interview_id == Interview.id)
        .join(User, User.id == Interview.interviewer_id)
        .join(Loop, Loop.id == Interview.loop_id)
        .where(Scorecard.submitted_at.is_not(None))
    )  # fmt: skip
    if requisition_id is not None:
        query = query.join(Application, Application.id == Loop.application_id).where(
            Application.requisition_id == requisition_id
        )
    return [
        CardRecord(
            row.interviewer_id, row.name, row.application_id,
            None if row.insufficient_evidence else row.rating,
            cast(datetime, row.submitted_at),  # the query keeps submitted cards only
            row.starts_at + timedelta(minutes=row.duration_minutes),
            row.starts_at,
        )
        for row in db.session.execute(query)
    ]  # fmt: skip


@dataclass
class InterviewerReport:
    summaries: list[InterviewerSummary]
    truncated: bool
    left_out: int  # candidates left out for the viewer's independence


def interviewer_report(user: User, requisition_id: int | None = None) -> InterviewerReport:
    """The per-interviewer summary as ``user`` may see it: candidates ``interview.visibility``
    keeps the user blind to (on their panel, or left it) are left out entirely (their
    ratings could otherwise be read off a small summary). Two queries."""
    hidden = blind_applications(user)
    records = submitted_records(requisition_id)
    kept = [r for r in records if r.application_id not in hidden]
    # the same floor as the interview-quality pages: no figure from a handful of cards
    summaries, truncated = summarise(kept, min_n=current_app.config["QUALITY_MIN_RATER_N"])
    left_out = len({r.application_id for r in records} & hidden)
    return InterviewerReport(summaries, truncated, left_out)


def requisition_choices(limit: int = INTERVIEWER_LIMIT) -> list[tuple[int, str]]:
    """(id, title) of the most recent requisitions, open ones first, for the filter."""
    query = (
        select(Requisition.id, Requisition.title)
        .order_by(Requisition.status != "open", Requisition.created_at.desc(), Requisition.id)
        .limit(limit)
    )
    return [(rid, title) for rid, title in db.session.execute(query)]
