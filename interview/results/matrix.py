"""The comparison's data, lean: only the columns the matrix shows, in three queries.

Loading ORM objects for every application, interview, interviewer and scorecard
(evidence text included), as the consolidated scorecard does for one candidate, costs at
500 candidates 3,000 scorecards and most of the time. The matrix (the comparison page and
its CSV/XLSX exports) needs per candidate only name, status and loop state, and per
submitted scorecard its area, rater and rating; whether the evidence is short matters only
for the rows on the page shown. This module selects exactly that as plain rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from flask import current_app
from sqlalchemy import Select, func, select

from interview.caching import BoundedCache, app_cache
from interview.extensions import db
from interview.frameworks.services import framework_of
from interview.models import Application, Candidate, Interview, Loop, Requisition, Scorecard, User
from interview.question_bank import Framework
from interview.results.services import expectation_of
from interview.scoring import AreaResult, Expectation, Rating, RuleResult, area_results
from interview.scoring import evaluate_rule as evaluate

#: scored candidacies kept per process: a few requisitions of 500 candidates
SCORE_CACHE_SIZE = 5000


class Card(NamedTuple):
    """One submitted scorecard, reduced to what the matrix shows (a tuple: cheap to
    build by the thousand and to hash as a cache key)."""

    area_id: str
    rater: str
    rating: int | None  # None: insufficient evidence


@dataclass
class Candidacy:
    """One application's row before the viewer's visibility is applied."""

    application_id: int
    name: str
    status: str
    created_at: datetime
    loop_ready: bool
    internal: bool = False  # an internal candidate: no level allowance
    planned: int = 0
    cards: list[Card] = field(default_factory=list)


@dataclass(frozen=True)
class Scored:
    """A candidacy measured against the expectation."""

    candidacy: Candidacy
    areas: list[AreaResult]
    rule: RuleResult


def load(requisition: Requisition, status: str | None = None) -> list[Candidacy]:
    """The requisition's applications (of one status, if given) in creation order, with
    their planned interview count and submitted scorecards: two queries, no ORM objects."""

    def of_requisition(query: Select) -> Select:
        query = query.where(Application.requisition_id == requisition.id)
        return query.where(Application.status == status) if status else query

    applications = of_requisition(
        select(Application.id, Application.status, Application.created_at, Application.internal,
               Candidate.name, Loop.status.label("loop_status"))
        .join(Candidate, Candidate.id == Application.candidate_id)
        .outerjoin(Loop, Loop.application_id == Application.id)
        .order_by(Application.created_at, Application.id)
    )  # fmt: skip
    rows = {
        row.id: Candidacy(
            row.id,
            row.name,
            row.status,
            row.created_at,
            row.loop_status == "ready",
            bool(row.internal),
        )
        for row in db.session.execute(applications)
    }
    if not rows:
        return []
    interviews = of_requisition(
        select(Loop.application_id, Interview.area_key, User.name, Scorecard.rating,
               Scorecard.insufficient_evidence, Scorecard.submitted_at.is_not(None))
        .select_from(Interview)
        .join(Loop, Loop.id == Interview.loop_id)
        .join(Application, Application.id == Loop.application_id)
        .join(User, User.id == Interview.interviewer_id)
        .outerjoin(Scorecard, Scorecard.interview_id == Interview.id)
        .order_by(Interview.starts_at, Interview.id)
    )  # fmt: skip
    for application_id, area, rater, rating, insufficient, submitted in db.session.execute(
        interviews
    ):
        candidacy = rows[application_id]
        candidacy.planned += 1
        if submitted:
            candidacy.cards.append(Card(area, rater, None if insufficient else rating))
    return list(rows.values())


def short_evidence(application_ids: Iterable[int]) -> dict[int, list[str]]:
    """Per application, the areas of submitted scorecards whose evidence is very short
    (fewer than ``SHORT_EVIDENCE_CHARS`` characters without surrounding blanks, as
    ``results.services.flags_for`` measures it), in one query: the evidence text itself
    never leaves the database."""
    # No shortcut for an empty list: the query count stays the same for any page.
    ids = list(application_ids)
    text = Scorecard.evidence
    for blank in ("\n", "\r", "\t"):
        text = func.replace(text, blank, " ")
    query = (
        select(Loop.application_id, Interview.area_key)
        .select_from(Scorecard)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(Loop, Loop.id == Interview.loop_id)
        .where(Loop.application_id.in_(ids), Scorecard.submitted_at.is_not(None),
               func.length(func.trim(text)) < current_app.config["SHORT_EVIDENCE_CHARS"])
        .order_by(Interview.starts_at, Interview.id)
    )  # fmt: skip
    found: dict[int, list[str]] = {}
    for application_id, area in db.session.execute(query):
        found.setdefault(application_id, []).append(area)
    return found


ScoreKey = tuple[int, str, tuple[Card, ...]]


def _cache() -> BoundedCache[ScoreKey, tuple[list[AreaResult], RuleResult]]:
    return app_cache("comparison_scores", lambda: BoundedCache(SCORE_CACHE_SIZE))


def expectation_key(expectation: Expectation) -> str:
    """Everything scoring reads of the requisition, as one string (a cache key part)."""
    return json.dumps(
        [expectation.required_areas, expectation.target_level, expectation.overrides,
         expectation.rule, expectation.level_allowance],
        sort_keys=True, default=str,
    )  # fmt: skip


def score(
    framework: Framework, version_id: int, expectation: Expectation, key: str, candidacy: Candidacy
) -> Scored:
    """Area results and rule outcome of one candidacy (``scoring``'s pure functions).
    Remembered per process by (framework version, expectation ``key``, cards): the same
    submitted scorecards against the same expectation always score the same, and a
    recruiter paging and sorting a large comparison asks for them again and again."""
    cards = tuple(candidacy.cards)
    cache_key = (version_id, key, cards)
    cache = _cache()
    known = cache.get(cache_key)
    if known is None:
        ratings = [Rating(c.area_id, c.rater, c.rating) for c in cards]
        areas = area_results(framework, expectation, ratings)
        known = cache.put(cache_key, (areas, evaluate(expectation, areas)))
    return Scored(candidacy, *known)


def extremes(framework: Framework, cards: list[Card]) -> list[Card]:
    """Ratings the framework calls extreme (by default either end of the scale):
    discussed first."""
    ends = framework.extreme_values
    return [c for c in cards if c.rating in ends]


def scored_candidates(
    requisition: Requisition, status: str | None = None
) -> tuple[Framework, list[Scored]]:
    """Every candidate of the requisition (of one status, if given) against the expectation,
    internal candidates without the level allowance: for the comparison page and its
    exports: two queries however many candidates, plain rows instead of ORM objects,
    scores remembered per process."""
    framework = framework_of(requisition.framework_version)
    version = requisition.framework_version_id
    expectations = {internal: expectation_of(requisition, framework, internal=internal)
                    for internal in (False, True)}  # fmt: skip
    keys = {internal: expectation_key(e) for internal, e in expectations.items()}
    return framework, [
        score(framework, version, expectations[c.internal], keys[c.internal], c)
        for c in load(requisition, status)
    ]
