"""An interviewer's assignments: which interviews a user sees, their status, what they show.

Everything an assignment page shows from the question bank comes from the framework version
stored with the requisition (``FrameworkVersion.content``), never from the live bank, so a
later edit of the bank does not change what an interviewer prepared with.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import segno
from flask import current_app, has_app_context
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Boolean, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import joinedload, raiseload
from sqlalchemy.sql.functions import FunctionElement

from interview.db import UTCDateTime
from interview.extensions import db
from interview.frameworks.services import framework_of, stored_frameworks
from interview.models import (
    Application,
    Interview,
    Loop,
    Requisition,
    Scorecard,
    User,
)
from interview.permissions import can_view_assignment, can_view_requisition
from interview.question_bank import Area, Framework

NOT_STARTED = "not_started"
DRAFT = "draft"
SUBMITTED = "submitted"
OVERDUE = "overdue"
AMENDED = "amended"
STATUSES = (NOT_STARTED, DRAFT, SUBMITTED, AMENDED, OVERDUE)

#: a scorecard not submitted this long after the interview ended is overdue, unless the
#: installation sets NOTIFY_OVERDUE_AFTER_HOURS (then badges, results and mails agree on it)
OVERDUE_AFTER = timedelta(hours=24)
#: past interviews per page on "My interviews"
# Upcoming interviews of one person are few; the bound keeps a misconfigured loop harmless.
UPCOMING_LIMIT = 100
PAST_PER_PAGE = 50
LINK_SCHEMES = ("http", "https")


# --- status -------------------------------------------------------------------------------


def ends_at(interview: Interview) -> datetime:
    return interview.starts_at + timedelta(minutes=interview.duration_minutes)


def overdue_after() -> timedelta:
    """How long after its interview's end a missing scorecard counts as overdue."""
    if not has_app_context():
        return OVERDUE_AFTER
    return timedelta(hours=current_app.config.get("NOTIFY_OVERDUE_AFTER_HOURS", 24))


def is_overdue(interview: Interview, now: datetime) -> bool:
    return now - ends_at(interview) > overdue_after()


def assignment_status(interview: Interview, now: datetime) -> str:
    """One of ``STATUSES`` for the interview's own scorecard.

    Submitted wins; otherwise an interview that ended longer ago than ``overdue_after()`` is
    overdue whether or not a draft exists. Reads ``interview.scorecard`` (eager-load it).
    """
    scorecard = interview.scorecard
    if scorecard is not None and scorecard.amended_at is not None:
        return AMENDED
    if scorecard is not None and scorecard.submitted_at is not None:
        return SUBMITTED
    if is_overdue(interview, now):
        return OVERDUE
    return NOT_STARTED if scorecard is None else DRAFT


def opens_as_kit(user: User, interview: Interview) -> bool:
    """The assigned interviewer works in the kit (unless someone else started its scorecard)."""
    scorecard = interview.scorecard
    return interview.interviewer_id == user.id and (
        scorecard is None or scorecard.author_id == user.id
    )


def may_see_status(user: User, interview: Interview, requisition: Requisition) -> bool:
    """The scorecard's author (the assigned interviewer while the scorecard, if any, is
    theirs) and people who may view the requisition. Refuses everybody else, including an
    interviewer who took over an interview whose scorecard someone else started."""
    if can_view_requisition(user, requisition):
        return True
    scorecard = interview.scorecard
    if scorecard is not None:
        return scorecard.author_id == user.id
    return interview.interviewer_id == user.id


def location_url(location: str | None) -> str | None:
    """The location as a link target if it is an http(s) address; refuses every other
    scheme (``javascript:``, ``data:``...) and addresses without a host."""
    text = (location or "").strip()
    if not text.lower().startswith(("http://", "https://")):
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    return text


# --- "has the interview ended?" in SQL ----------------------------------------------------


class _has_ended(FunctionElement[bool]):  # lower case like the func.* constructs
    """``starts_at + duration_minutes <= now``: date arithmetic differs per database."""

    type = Boolean()
    inherit_cache = True
    name = "has_ended"


@compiles(_has_ended)
def _has_ended_default(element: _has_ended, compiler: Any, **kw: Any) -> str:
    starts, minutes, now = (compiler.process(c, **kw) for c in element.clauses)
    return f"({starts} + {minutes} * INTERVAL '1 minute' <= {now})"


@compiles(_has_ended, "sqlite")
def _has_ended_sqlite(element: _has_ended, compiler: Any, **kw: Any) -> str:
    starts, minutes, now = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday({starts}) + {minutes} / 1440.0 <= julianday({now}))"


def has_ended(now: datetime) -> _has_ended:
    return _has_ended(Interview.starts_at, Interview.duration_minutes, literal(now, UTCDateTime()))


# --- loading ------------------------------------------------------------------------------


def _assignment_options(*, with_framework: bool) -> tuple:
    """Everything a row or page needs in the same statement; nothing else may lazy-load.

    The scorecard is loaded without evidence, rating or recommendation: these pages show
    its status only.
    """
    requisition = (
        joinedload(Interview.loop).joinedload(Loop.application).joinedload(Application.requisition)
    )
    return (
        joinedload(Interview.loop).joinedload(Loop.application).joinedload(Application.candidate),
        requisition.raiseload(Requisition.owner),
        requisition.joinedload(Requisition.framework_version)
        if with_framework
        # Lists load each framework version's (large) content once, not once per row.
        else requisition.raiseload(Requisition.framework_version),
        joinedload(Interview.scorecard).load_only(
            Scorecard.id, Scorecard.author_id, Scorecard.submitted_at, Scorecard.amended_at
        ),
        raiseload(Interview.interviewer),
    )


def requisition_of(interview: Interview) -> Requisition:
    return interview.loop.application.requisition


def area_title(framework: Framework | None, area_key: str) -> str:
    area = framework.area(area_key) if framework else None
    return area.title if area else area_key


# --- "My interviews" ----------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentRow:
    interview_id: int
    candidate_name: str
    requisition_title: str
    area_title: str
    language: str
    starts_at: datetime
    duration_minutes: int
    location: str
    location_url: str | None
    #: one of STATUSES, or None when the viewer may not see it
    status: str | None


@dataclass(frozen=True)
class MyInterviews:
    upcoming: list[AssignmentRow]
    past: list[AssignmentRow]
    past_page: Pagination

    @property
    def is_empty(self) -> bool:
        return not self.upcoming and not self.past_page.total


def my_interviews(user: User, now: datetime, past_page: int = 1) -> MyInterviews:
    """The user's own interviews: upcoming (not yet ended) soonest first, and one page of
    past ones most recent first. Refuses nothing: any signed-in user may have assignments.

    A fixed number of queries however many rows: upcoming, past count, past page, and one
    for the framework versions they use.
    """
    upcoming = list(db.session.scalars(_upcoming(user, now).limit(UPCOMING_LIMIT)))
    past = db.paginate(
        _mine(user).where(has_ended(now)).order_by(Interview.starts_at.desc(), Interview.id.desc()),
        page=past_page,
        per_page=PAST_PER_PAGE,
        max_per_page=PAST_PER_PAGE,
        error_out=False,
    )
    rows = _rows(user, upcoming + list(past.items), now)
    return MyInterviews(rows[: len(upcoming)], rows[len(upcoming) :], past)


def next_interviews(user: User, now: datetime, limit: int) -> tuple[list[AssignmentRow], int]:
    """The user's next ``limit`` interviews and how many upcoming ones there are in all
    (for the start page: three queries, no past interviews)."""
    total = db.session.scalar(
        db.select(db.func.count(Interview.id)).where(
            Interview.interviewer_id == user.id, ~has_ended(now)
        )
    )
    upcoming = list(db.session.scalars(_upcoming(user, now).limit(limit)))
    return _rows(user, upcoming, now), total or 0


def _mine(user: User):
    return (
        db.select(Interview)
        .where(Interview.interviewer_id == user.id)
        .options(*_assignment_options(with_framework=False))
    )


def _upcoming(user: User, now: datetime):
    return _mine(user).where(~has_ended(now)).order_by(Interview.starts_at, Interview.id)


def _rows(user: User, interviews: list[Interview], now: datetime) -> list[AssignmentRow]:
    frameworks = stored_frameworks(requisition_of(i).framework_version_id for i in interviews)
    return [
        assignment_row(user, i, frameworks.get(requisition_of(i).framework_version_id), now)
        for i in interviews
    ]


def assignment_row(
    user: User, interview: Interview, framework: Framework | None, now: datetime
) -> AssignmentRow:
    """What a list shows about one interview (the loop page may list them the same way)."""
    requisition = requisition_of(interview)
    return AssignmentRow(
        interview_id=interview.id,
        candidate_name=interview.loop.application.candidate.name,
        requisition_title=requisition.title,
        area_title=area_title(framework, interview.area_key),
        language=framework.language if framework else "",
        starts_at=interview.starts_at,
        duration_minutes=interview.duration_minutes,
        location=interview.location,
        location_url=location_url(interview.location),
        status=(
            assignment_status(interview, now)
            if may_see_status(user, interview, requisition)
            else None
        ),
    )


# --- one assignment -----------------------------------------------------------------------


def find_assignment(user: User, interview_id: int) -> Interview | None:
    """The interview with everything its page needs, loaded in one statement.

    Refuses (``None``, to be answered with 404 so ids cannot be probed) unknown ids and
    interviews the user is neither assigned to nor may see through the requisition.
    """
    interview = db.session.execute(
        db.select(Interview)
        .where(Interview.id == interview_id)
        .options(*_assignment_options(with_framework=True))
    ).scalar_one_or_none()
    if interview is None or not can_view_assignment(user, interview, requisition_of(interview)):
        return None
    return interview


@dataclass(frozen=True)
class LevelExpectationView:
    title: str
    text: str
    is_target: bool
    #: -1 below the target level, 0 the target level, 1 above; None without a known target
    offset: int | None


@dataclass(frozen=True)
class AssignmentDetail:
    row: AssignmentRow
    framework: Framework
    #: None when the stored version has no area with the interview's key
    area: Area | None
    target_level_title: str | None
    expectations: tuple[LevelExpectationView, ...]
    #: frameworks without levels: the expected value on the scale, and its label if any
    target_value: int | None
    target_label: str | None
    #: hiring-side viewers get the QR code to hand the assignment to a tablet
    can_hand_over: bool


def assignment_detail(user: User, interview: Interview, now: datetime) -> AssignmentDetail:
    """The assignment page's content, from the requisition's stored framework version.

    Carries the status of this interview's scorecard only (and only if ``may_see_status``);
    never its evidence, rating or recommendation, nor anything of other interviews.
    """
    requisition = requisition_of(interview)
    framework = framework_of(requisition.framework_version)
    area = framework.area(interview.area_key)
    target_value = target_label = None
    expectations: tuple[LevelExpectationView, ...] = ()
    target_level_title = None
    if area is not None and framework.has_levels:
        expectations = level_window(framework, area, requisition.target_level)
        target_level_title = next((e.title for e in expectations if e.is_target), None)
    elif area is not None:
        target_value = requisition.target_overrides.get(area.id, area.target)
        point = framework.scale_point(target_value) if target_value is not None else None
        target_label = point.label if point else None
    return AssignmentDetail(
        row=assignment_row(user, interview, framework, now),
        framework=framework,
        area=area,
        target_level_title=target_level_title,
        expectations=expectations,
        target_value=target_value,
        target_label=target_label,
        can_hand_over=can_view_requisition(user, requisition),
    )


def level_window(
    framework: Framework, area: Area, target_level: str | None
) -> tuple[LevelExpectationView, ...]:
    """The target level's expectation with the levels just below and above it; every
    level, none highlighted, when the requisition names no level of this framework."""
    levels = framework.levels
    index = next((i for i, lv in enumerate(levels) if lv.id == target_level), None)
    if index is None:
        return tuple(
            LevelExpectationView(lv.title, area.expectation(lv.id) or "", False, None)
            for lv in levels
        )
    return tuple(
        LevelExpectationView(
            levels[i].title, area.expectation(levels[i].id) or "", i == index, i - index
        )
        for i in range(max(index - 1, 0), min(index + 2, len(levels)))
    )


# --- QR code ------------------------------------------------------------------------------


def qr_svg(url: str, title: str) -> bytes:
    """An SVG QR code (error correction M) that encodes ``url`` exactly.

    Always a full-size QR code: ``segno.make`` may pick a Micro QR for short text, and
    tablet cameras do not read those.
    """
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(
        buffer, kind="svg", scale=5, border=2, title=title, xmldecl=False
    )
    return buffer.getvalue()
