"""Glue between requisition forms, services and templates (no rules here)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from interview import rules
from interview.extensions import db
from interview.frameworks.services import framework_of
from interview.loops.coverage import coverage
from interview.models import Application, Loop, Requisition, User
from interview.question_bank import Framework
from interview.requisitions.services import RequisitionData, expected_values
from interview.rules import ALL, TARGET, DecisionRule, describe_rule

CANDIDATES_PER_PAGE = 25


def prefill_new(form, framework: Framework, user: User) -> None:
    form.required_areas.data = [a.id for a in framework.areas]
    if framework.has_levels:
        form.target_level.data = framework.levels[0].id
    _prefill_rule(form, default_rule(framework))
    form.owner_id.data = str(user.id)
    form.status.data = "open"
    form.scores_visible.data = "after_submit"
    form.reliability_share.data = 20


def prefill_existing(form, framework: Framework, requisition: Requisition) -> None:
    form.title.data = requisition.title
    if framework.has_levels:
        form.target_level.data = requisition.target_level
    form.required_areas.data = list(requisition.required_areas)
    _prefill_rule(form, requisition.rule or default_rule(framework))
    form.owner_id.data = str(requisition.owner_id)
    form.status.data = requisition.status
    form.scores_visible.data = requisition.scores_visible
    form.reliability_share.data = requisition.reliability_share
    values = expected_values(requisition, framework)
    for area, target_field in form.target_fields:
        target_field.data = str(values[area.id])


def default_rule(framework: Framework) -> DecisionRule:
    """A new requisition's rule (the web form's and the API's): see ``rules.default_rule``."""
    return rules.default_rule(
        framework.decision_rule, framework.has_levels, framework.scale[-2].value
    )


def _prefill_rule(form, rule: DecisionRule) -> None:
    form.min_rating.data = str(rule.min_rating)
    form.min_areas.data = str(rule.min_areas)
    form.none_below.data = "" if rule.none_below is None else str(rule.none_below)
    form.rule_text.data = rule.text or ""


def rule_from_text(
    min_rating: str, min_areas: str, none_below: int | str | None, text: str | None
) -> DecisionRule:
    """The rule from the form's (or the API's) text values; ``DecisionRule.problems``
    checks it. Raises ValueError for a number that is not one."""

    def number_or(value: str, word: str) -> int | str:
        return word if value == word else int(value)

    return DecisionRule(
        min_rating=number_or(min_rating, TARGET),
        min_areas=number_or(min_areas, ALL),
        none_below=int(none_below) if none_below not in (None, "") else None,
        text=(text or "").strip() or None,
    )


def rule_from_form(form) -> DecisionRule:
    """The rule the form describes (the choices are checked by the service)."""
    return rule_from_text(
        form.min_rating.data, form.min_areas.data, form.none_below.data, form.rule_text.data
    )


def rule_words(form, area_count: int) -> str:
    """The rule in words for the form's current choices (generated, never typed)."""
    try:
        rule = rule_from_form(form)
    except (TypeError, ValueError):  # a tampered choice: the service refuses it on save
        return ""
    return rule.describe(area_count, gettext)


def data_from_form(form, framework: Framework) -> RequisitionData:
    return RequisitionData(
        title=form.title.data,
        target_level=form.target_level.data if framework.has_levels else None,
        targets={area.id: int(f.data) for area, f in form.target_fields},
        required_areas=list(form.required_areas.data or []),
        rule=rule_from_form(form),
        owner_id=int(form.owner_id.data),
        status=form.status.data,
        scores_visible=form.scores_visible.data,
        # left empty: the default share
        reliability_share=20
        if form.reliability_share.data is None
        else form.reliability_share.data,
    )


def show_context(requisition: Requisition, page: int) -> dict[str, Any]:
    """Everything the requisition page shows (one page of candidates), in a fixed number
    of queries however many candidates there are."""
    framework = framework_of(requisition.framework_version)
    pagination = db.paginate(
        select(Application)
        .where(Application.requisition_id == requisition.id)
        .options(selectinload(Application.loop).selectinload(Loop.interviews))
        .order_by(Application.created_at, Application.id),
        page=page,
        per_page=CANDIDATES_PER_PAGE,
        error_out=False,
    )
    rows = []
    for application in pagination.items:
        interviews = application.loop.interviews if application.loop else []
        cov = coverage(requisition.required_areas, [i.area_key for i in interviews])
        rows.append({"application": application, "interviews": len(interviews), "coverage": cov})
    return {
        "requisition": requisition,
        "framework": framework,
        "expected": expected_values(requisition, framework),
        "level": next((lv for lv in framework.levels if lv.id == requisition.target_level), None),
        "rule_text": describe_rule(requisition.rule, len(requisition.required_areas), gettext),
        "rows": rows,
        "pagination": pagination,
    }
