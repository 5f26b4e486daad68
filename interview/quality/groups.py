"""Voluntary self-reported group attributes and the selection rates by group.

Off unless ``GROUP_ATTRIBUTES`` lists attributes (attribute -> its answers). The answers
are kept in their own table (``SelfReport``) and read only here: no page an interviewer or
hiring manager sees loads them, and the rates page shows aggregates only, to the roles in
``GROUP_STATISTICS_ROLES``. Stages: met the decision rule (among candidates the rule
decided) and hired (among all candidates with an answer)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select

from interview.extensions import db
from interview.frameworks.services import framework_of
from interview.models import Application, Requisition, SelfReport, User
from interview.quality.data import applications_of, card_rows
from interview.quality.services import floors, rule_outcomes
from interview.statistics.selection import StageRates, selection_rates
from interview.visibility import blind_applications

STAGES = ("rule", "hired")


def attributes() -> dict[str, list[str]]:
    """The configured attributes and their answers; empty when the feature is off."""
    return {str(k): [str(v) for v in values]
            for k, values in (current_app.config["GROUP_ATTRIBUTES"] or {}).items()}  # fmt: skip


def enabled() -> bool:
    return bool(attributes())


def may_see_rates(user: User) -> bool:
    return user.has_role(*current_app.config["GROUP_STATISTICS_ROLES"])


def clean_answers(given: Mapping[str, Any]) -> dict[str, str]:
    """Only configured attributes with one of their answers; anything else (including
    "prefer not to say", an empty answer) is left out."""
    known = attributes()
    return {k: str(v) for k, v in given.items() if k in known and str(v) in known[k]}


def record(candidate_id: int, answers: Mapping[str, Any]) -> None:
    """Store (replace) a candidate's answers; an empty set removes the record."""
    report = db.session.scalar(select(SelfReport).where(SelfReport.candidate_id == candidate_id))
    cleaned = clean_answers(answers)
    if not cleaned:
        if report is not None:
            db.session.delete(report)
        return
    if report is None:
        report = SelfReport(candidate_id=candidate_id)
        db.session.add(report)
    report.answers = cleaned
    db.session.flush()


def recorded(candidate_id: int) -> bool:
    """Whether answers exist (the form never shows them back)."""
    query = select(SelfReport.id).where(SelfReport.candidate_id == candidate_id)
    return db.session.scalar(query) is not None


@dataclass(frozen=True)
class AttributeRates:
    attribute: str
    stages: dict[str, StageRates]  # stage -> rates per answer
    not_reported: int


def group_rates(user: User, requisition: Requisition) -> list[AttributeRates]:
    """Per configured attribute, the selection rates of the requisition's candidates by
    answer at each stage, leaving out candidates the viewer is blind to."""
    hidden = blind_applications(user)
    application_ids = applications_of([requisition.id], hidden).get(requisition.id, [])
    rows = card_rows([requisition.id], hidden)
    rule = rule_outcomes([requisition], {requisition.id: framework_of(
        requisition.framework_version)}, rows)  # fmt: skip
    facts = db.session.execute(
        select(Application.id, Application.status, SelfReport.answers)
        .outerjoin(SelfReport, SelfReport.candidate_id == Application.candidate_id)
        .where(Application.id.in_(application_ids))
    ).all()
    minimum = floors().group
    result = []
    for attribute, answers in attributes().items():
        counts = {stage: {a: [0, 0] for a in answers} for stage in STAGES}
        missing = 0
        for application_id, status, given in facts:
            answer = (given or {}).get(attribute)
            if answer not in answers:
                missing += 1
                continue
            counts["hired"][answer][0] += status == "hired"
            counts["hired"][answer][1] += 1
            if rule.get(application_id) in ("meets", "below"):
                counts["rule"][answer][0] += rule[application_id] == "meets"
                counts["rule"][answer][1] += 1
        stages = {stage: selection_rates({a: (c[0], c[1]) for a, c in by.items()},
                                         min_per_group=minimum)
                  for stage, by in counts.items()}  # fmt: skip
        result.append(AttributeRates(attribute, stages, missing))
    return result
