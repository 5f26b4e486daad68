"""Consolidated scorecards: one candidate against the role, and all candidates of a role.

Only submitted scorecards count. Every function loads what it shows in a fixed number of
queries, however many candidates, interviews or questions there are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from flask import abort, current_app
from flask_babel import gettext, ngettext
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from interview.assignments.services import is_overdue
from interview.db import utcnow
from interview.extensions import db
from interview.frameworks.services import framework_of
from interview.models import (
    Application,
    Decision,
    Interview,
    Loop,
    Requisition,
    Scorecard,
    User,
)
from interview.models.scorecards import RECOMMENDATIONS
from interview.question_bank import Framework
from interview.results.amendments import Amendment, amendment_history
from interview.rules import describe_rule
from interview.scoring import (
    AreaResult,
    Expectation,
    Rating,
    RuleResult,
    area_results,
    evaluate_rule,
)
from interview.verdict import next_steps, words


@dataclass
class Flags:
    """Calibration aids: what to discuss first in the debrief."""

    disagreements: list[str] = field(default_factory=list)  # area ids
    short_evidence: list[Scorecard] = field(default_factory=list)
    extremes: list[Scorecard] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.disagreements or self.short_evidence or self.extremes)


@dataclass
class Consolidated:
    application: Application
    requisition: Requisition
    framework: Framework
    areas: list[AreaResult]
    rule: RuleResult
    explanation: str
    scorecards: list[Scorecard]  # submitted ones, framework area order
    pending: list[tuple[Interview, bool]]  # interviews without a submitted card, and "late"
    flags: Flags
    decisions: list[Decision] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)  # what an open verdict waits for
    rule_words: str = ""  # the rule itself, in words
    amendments: dict[int, list[Amendment]] = field(default_factory=dict)  # by scorecard id

    @property
    def submitted_count(self) -> int:
        return len(self.scorecards)

    @property
    def tally(self) -> list[tuple[str, int]]:
        """The debrief tally of the submitted cards' recommendations, strongest yes first;
        ``None`` counts the cards without one; empty when no card has one. Shown where the
        ratings are."""
        counts = Counter(card.recommendation for card in self.scorecards)
        if counts.keys() <= {None}:  # frameworks without recommendations, or none given
            return []
        return [(code, counts[code]) for code in (*reversed(RECOMMENDATIONS), None) if counts[code]]


def expectation_of(
    requisition: Requisition, framework: Framework, *, internal: bool = False
) -> Expectation:
    """What the requisition expects; the framework's level allowance (evidence one level
    below the target, for ramp-up time) only for external candidates."""
    return Expectation(
        required_areas=tuple(requisition.required_areas),
        target_level=requisition.target_level,
        overrides=dict(requisition.target_overrides or {}),
        rule=requisition.rule,
        level_allowance=0 if internal else framework.level_allowance,
        scale=tuple(p.value for p in framework.scale),
    )


def pending_areas(interviews: Iterable[Interview]) -> dict[str, int]:
    """Scorecards still expected per area (interviews without a submitted card)."""
    return dict(Counter(i.area_key for i in interviews))


def bar_name(requisition: Requisition, framework: Framework) -> str:
    level = next((lv for lv in framework.levels if lv.id == requisition.target_level), None)
    return level.title if level else gettext("target profile")


def ratings_of(scorecards: list[Scorecard]) -> list[Rating]:
    return [
        Rating(card.interview.area_key, card.interview.interviewer.name,
               None if card.insufficient_evidence else card.rating, card.evidence, card.id)
        for card in scorecards
    ]  # fmt: skip


def load_application(application_id: int) -> Application:
    """The application with its loop, interviews, interviewers, scorecards and answers."""
    application = db.session.scalar(_application_query(), {"application_id": application_id})
    if application is None:
        abort(404)
    return application


@cache
def _application_query() -> Select:
    """Built once per process: building a statement with this many loader options cost
    about as much as running it."""
    return (
        select(Application)
        .where(Application.id == bindparam("application_id"))
        .options(
            joinedload(Application.candidate),
            joinedload(Application.requisition).options(
                joinedload(Requisition.framework_version), lazyload(Requisition.owner)
            ),
            selectinload(Application.loop)
            .selectinload(Loop.interviews)
            .options(
                # names only: their roles would cost a query
                joinedload(Interview.interviewer).lazyload(User.role_rows),
                joinedload(Interview.scorecard).selectinload(Scorecard.answers),
            ),
        )
    )


def consolidate(application: Application, now: datetime | None = None) -> Consolidated:
    """One candidate's consolidated scorecard against the requisition's expectation."""
    now = now or utcnow()
    requisition = application.requisition
    framework = framework_of(requisition.framework_version)
    interviews = application.loop.interviews if application.loop else []
    order = {a.id: n for n, a in enumerate(framework.areas)}
    submitted = sorted(
        (i.scorecard for i in interviews if i.scorecard and i.scorecard.submitted_at),
        key=lambda c: (order.get(c.interview.area_key, 99), c.interview.starts_at),
    )
    pending = [(i, is_overdue(i, now)) for i in interviews
               if not (i.scorecard and i.scorecard.submitted_at)]  # fmt: skip
    expectation = expectation_of(requisition, framework, internal=application.internal)
    areas = area_results(framework, expectation, ratings_of(submitted))
    rule = evaluate_rule(expectation, areas, pending_areas(i for i, _late in pending))
    titles = {a.id: a.title for a in framework.areas}
    decisions = list(
        db.session.scalars(
            select(Decision)
            .where(Decision.application_id == application.id)
            .order_by(Decision.decided_at.desc(), Decision.id.desc())
        )
    )
    return Consolidated(
        application, requisition, framework, areas, rule,
        words(rule, titles, bar_name(requisition, framework), gettext, ngettext),
        submitted, pending, flags_for(framework, areas, submitted), decisions,
        next_steps(rule, titles, gettext),
        describe_rule(requisition.rule, len(requisition.required_areas), gettext),
        amendment_history(submitted),
    )  # fmt: skip


def flags_for(framework: Framework, areas: list[AreaResult], cards: list[Scorecard]) -> Flags:
    short = current_app.config["SHORT_EVIDENCE_CHARS"]
    ends = framework.extreme_values
    return Flags(
        disagreements=[a.area_id for a in areas if a.disagreement],
        short_evidence=[c for c in cards if len((c.evidence or "").strip()) < short],
        extremes=[c for c in cards if c.rating in ends],
    )
