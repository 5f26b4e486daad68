"""Calibration aids: a requisition's comparison matrix ready for display, and the
per-interviewer summary (leniency or severity against the panel, insufficient evidence,
punctuality).

The comparison follows the independence rule (``interview.visibility``) row by row: a
viewer the rule keeps blind to a candidate gets that row without ratings, rule or flags,
and the row's hidden values do not decide its place in the sort order either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean
from typing import cast

from flask_babel import format_decimal, gettext, ngettext
from sqlalchemy import select

from interview.assignments.services import OVERDUE_AFTER
from interview.extensions import db
from interview.models import Application, Interview, Loop, Requisition, Scorecard, User
from interview.question_bank import Framework
from interview.results.services import ComparisonRow, compare, expectation_of
from interview.scoring import AreaResult, expected_value
from interview.visibility import blind_applications, explain, results_by_application

SORT_BY_NAME = "name"
SORT_BY_RULE = "rule"
#: meets first, then not decidable yet, then below the bar
RULE_ORDER = {"meets": 0, "open": 1, "below": 2}
#: the summary lists at most this many interviewers (there are usually a few dozen)
INTERVIEWER_LIMIT = 200
#: a difference to the panel of half a scale point or more is worth a look
NOTABLE_DIFFERENCE = 0.5


# --- the comparison matrix -------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One area of one candidate, formatted: ``text`` is the mean ("3", "2.5"), "–" when
    nobody rated the area, "n/a" when the raters had insufficient evidence."""

    area_id: str
    state: str  # rated, insufficient, missing
    text: str
    gap: str | None  # above, at, below (against the expected value)
    expected: int | None
    values: tuple[str, ...] = ()  # each rater's value where there are several
    disagreement: bool = False


@dataclass(frozen=True)
class Flag:
    """One calibration aid: ``kind`` is disagreement, extreme or short (evidence)."""

    kind: str
    label: str
    area: str
    rater: str = ""
    rating: int | None = None


@dataclass
class Entry:
    """One candidate's row. ``visible`` is False while the independence rule hides the
    ratings from this viewer: then cells, rule and flags stay empty."""

    row: ComparisonRow
    visible: bool
    hidden_reason: str = ""
    cells: list[Cell] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def application(self) -> Application:
        return self.row.application

    @property
    def name(self) -> str:
        return self.row.application.candidate.name

    @property
    def rule_code(self) -> str | None:
        return self.row.rule.code if self.visible else None

    def mean(self, area_id: str) -> float | None:
        if not self.visible:
            return None
        return next((a.mean for a in self.row.areas if a.area_id == area_id), None)


@dataclass
class Comparison:
    framework: Framework
    entries: list[Entry]
    expected: dict[str, int | None]
    sort: str
    status: str | None


def format_mean(value: float) -> str:
    """A whole mean without decimals, any other with one, rounded half up, in the viewer's
    locale: 3 -> "3", 2.5 -> "2.5", 2.25 -> "2.3" (German: "2,3")."""
    if value == int(value):
        return format_decimal(int(value), format="0")
    return format_decimal(Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP), format="0.0")


def gap_marker(gap: float | None) -> str | None:
    """above, at or below the expected value; None when there is nothing to compare."""
    if gap is None:
        return None
    if gap > 0:
        return "above"
    return "at" if gap == 0 else "below"


def cell_for(area: AreaResult) -> Cell:
    """The displayed form of one area result."""
    if area.mean is None:  # nobody rated it, or only with "insufficient evidence"
        text = "–" if area.state == "missing" else gettext("n/a")
        return Cell(area.area_id, area.state, text, None, area.expected)
    values = tuple(str(r.value) if r.value is not None else gettext("n/a") for r in area.ratings)
    return Cell(
        area.area_id, "rated", format_mean(area.mean), gap_marker(area.gap), area.expected,
        values if len(values) > 1 else (), area.disagreement,
    )  # fmt: skip


def flags_of(framework: Framework, row: ComparisonRow) -> list[Flag]:
    """The calibration aids of one row: what to discuss first in the debrief."""
    titles = {a.id: a.title for a in framework.areas}
    flags = [
        Flag("disagreement", gettext("Raters differ by two points or more:"), titles.get(a, a))
        for a in row.flags.disagreements
    ]
    flags += [
        Flag("extreme", gettext("Rating at the end of the scale:"),
             titles.get(c.interview.area_key, c.interview.area_key),
             c.interview.interviewer.name, c.rating)
        for c in row.flags.extremes
    ]  # fmt: skip
    short = row.flags.short_evidence
    if short:
        # one line per row: a list of every short card would make the matrix unreadable
        label = ngettext(
            "Very short evidence in %(num)d scorecard:",
            "Very short evidence in %(num)d scorecards:",
            len(short),
        )
        areas = ", ".join(titles.get(c.interview.area_key, c.interview.area_key) for c in short)
        flags.append(Flag("short", label, areas))
    return flags


def sort_entries(entries: list[Entry], sort: str) -> list[Entry]:
    """By name; by rule result (meets, open, below); or by one area's mean, highest first,
    unrated last. Hidden rows go last in the rule and area orders, so their place does not
    give their ratings away. Ties are broken by name."""

    def by_name(entry: Entry) -> tuple[str, int]:
        return entry.name.casefold(), entry.application.id

    if sort == SORT_BY_NAME:
        return sorted(entries, key=by_name)
    if sort == SORT_BY_RULE:
        return sorted(entries, key=lambda e: (not e.visible, RULE_ORDER.get(e.rule_code or "", 3),
                                              by_name(e)))  # fmt: skip

    def by_area(entry: Entry) -> tuple:
        value = entry.mean(sort)
        return (not entry.visible, value is None, -(value or 0), by_name(entry))

    return sorted(entries, key=by_area)


def comparison(
    user: User, requisition: Requisition, status: str | None = None, sort: str = SORT_BY_NAME
) -> Comparison:
    """Every candidate of the requisition (optionally of one pipeline status) against the
    expectation, prepared for ``user``: rows ``interview.visibility`` hides carry no ratings
    and say why. An unknown ``sort`` falls back to the name. Queries: those of ``compare``
    and one for the viewer's panel states."""
    framework, rows = compare(requisition, status)
    if sort not in {SORT_BY_NAME, SORT_BY_RULE, *(a.id for a in framework.areas)}:
        sort = SORT_BY_NAME
    verdicts = results_by_application(user, requisition, (r.application.id for r in rows))
    entries = []
    for row in rows:
        verdict = verdicts[row.application.id]
        if verdict.allowed:
            entries.append(Entry(row, True, "", [cell_for(a) for a in row.areas],
                                 flags_of(framework, row)))  # fmt: skip
        else:
            entries.append(Entry(row, False, explain(verdict)))
    expectation = expectation_of(requisition, framework)
    expected = {a.id: expected_value(framework, a.id, expectation) for a in framework.areas}
    return Comparison(framework, sort_entries(entries, sort), expected, sort, status)


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


@dataclass(frozen=True)
class InterviewerSummary:
    interviewer_id: int
    name: str
    scorecards: int
    mean: float | None
    panel_mean: float | None
    insufficient_share: float
    on_time_share: float

    @property
    def difference(self) -> float | None:
        """Positive: rates more leniently than the rest of the panel; negative: more severely."""
        if self.mean is None or self.panel_mean is None:
            return None
        return round(self.mean - self.panel_mean, 2)

    @property
    def notable(self) -> bool:
        return self.difference is not None and abs(self.difference) >= NOTABLE_DIFFERENCE


def summarise(
    records: Iterable[CardRecord],
    limit: int = INTERVIEWER_LIMIT,
    on_time: timedelta = OVERDUE_AFTER,
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
        punctual = sum(1 for r in own if r.submitted_at - r.interview_ends_at <= on_time)
        summaries.append(InterviewerSummary(
            interviewer_id, own[0].interviewer, len(own),
            round(mean(ratings), 2) if ratings else None,
            round(mean(others), 2) if others else None,
            (len(own) - len(ratings)) / len(own), punctual / len(own),
        ))  # fmt: skip
    summaries.sort(key=lambda s: (s.name.casefold(), s.interviewer_id))
    return summaries[:limit], len(summaries) > limit


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
    summaries, truncated = summarise(kept)
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
